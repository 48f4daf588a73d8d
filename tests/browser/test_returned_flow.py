"""Issue 11 §2 on a phone (390 px): a returned applicant sees the reason and who returned
it, corrects the application and submits it again; the decisions stay on their page.

The fixtures submit and return the application through the services; the applicant's part is
done through the real pages.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from skillaward.base.clock import beijing_today
from skillaward.campaigns.models import Application
from skillaward.review.services import review_return
from tests.browser.flows import log_in, overflow
from tests.web.chain_helpers import submitted
from tests.web.factories import world

pytestmark = pytest.mark.browser

PROGRAM = "beijing-allowance-2024"
REASON = "主要事迹未写明带徒传技的情况，请补充后重新提交"
ADDED = "近五年带徒十二名，其中三人取得技师职业资格。"


def test_returned_applicant_sees_the_reason_corrects_and_resubmits_on_a_phone(  # type: ignore[no-untyped-def]
    site: str, page: Page, shot
) -> None:
    end = beijing_today() + timedelta(days=3)
    w = world(PROGRAM, phases=[{"id": "submission", "end": end}])
    application = review_return(
        application=submitted(w), actor=w.account("unit_staff"), reason=REASON
    )
    log_in(page, site, w.account("applicant"))

    # Home: the reason on the application's card, and the window's deadline with days left.
    expect(page.locator(".returned-reason")).to_contain_text(REASON)
    expect(page.locator("#deadlines")).to_contain_text("还剩3天")
    assert overflow(page) == 0
    shot(page, "home-returned")

    # The form: the reason and who returned it at the top.
    page.get_by_role("link", name="继续填写").click()
    returned = page.locator("#returned")
    expect(returned).to_contain_text(REASON)
    expect(returned).to_contain_text(w.unit.name)
    expect(returned).to_contain_text("基层单位经办人")
    expect(page.locator("#section-menu")).to_be_visible()
    assert overflow(page) == 0
    shot(page, "form-returned")

    # Gender and birth date come back from the ID number once cleared and the number retyped.
    page.get_by_label("性别", exact=True).select_option(value="")
    page.get_by_label("出生日期", exact=True).fill("")
    id_box = page.get_by_label("身份证号码", exact=True)
    number = id_box.input_value()
    id_box.fill(number[:-1])
    id_box.fill(number)
    expect(page.get_by_label("性别", exact=True)).not_to_have_value("")
    expect(page.get_by_label("出生日期", exact=True)).not_to_have_value("")

    # The correction: the deeds completed, saved as typed.
    deeds = page.get_by_label("主要事迹", exact=True)
    deeds.fill(deeds.input_value() + ADDED)
    expect(page.locator("#save-status")).to_contain_text("已自动保存")
    deeds.evaluate("box => box.scrollIntoView({block: 'center'})")
    shot(page, "corrected")
    page.get_by_role("button", name="提交申报").click()

    # Submitted again: the return is history, listed with the submission it was about.
    expect(page.get_by_text("申报已提交")).to_be_visible()
    expect(page.locator("#returned")).to_have_count(0)
    decisions = page.locator("#decisions")
    expect(decisions).to_contain_text(REASON)
    expect(decisions).to_contain_text("第1次提交")
    assert overflow(page) == 0
    decisions.scroll_into_view_if_needed()
    shot(page, "resubmitted")
    application.refresh_from_db()
    assert application.stage == Application.objects.get(pk=application.pk).stage != "returned"
    assert ADDED in application.data["deeds"]
    assert application.versions.count() == 2
