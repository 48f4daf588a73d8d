"""The harness itself: an applicant logs in on a phone and lands on their start page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.factories import PASSWORD, world

pytestmark = pytest.mark.browser


def test_applicant_logs_in_and_sees_their_name(site: str, page: Page, shot) -> None:  # type: ignore[no-untyped-def]
    applicant = world("beijing-allowance-2024").account("applicant")
    applicant.full_name = "王建国"
    applicant.save()

    page.goto(f"{site}/login/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    shot(page, "login")
    page.get_by_label("用户名").fill(applicant.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.locator("header")).to_contain_text("王建国")
    shot(page, "home")
    assert page.url == f"{site}/"
