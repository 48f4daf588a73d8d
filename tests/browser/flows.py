"""Steps the browser tests share: logging in and out through the real pages, phone-fit checks."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from skillaward.organisations.models import Account
from tests.web.factories import PASSWORD


def log_in(page: Page, site: str, account: Account) -> None:
    """Log in on the login page and wait for the home page."""
    page.goto(f"{site}/login/")
    page.get_by_label("用户名").fill(account.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def log_out(page: Page) -> None:
    """The header's 退出 button; back on the login page."""
    page.locator("header").get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the phone's screen (0: it fits)."""
    return int(
        page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - window.innerWidth"
        )
    )
