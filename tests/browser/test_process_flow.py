"""Issue 11 §1 on a phone (390 px): the recommending unit's publicity and its ranked list with
the confirmation page, and the leading group's decision on each candidate with its minutes.

The candidates are brought to each step with the services; every action the test is about
is a click on the real pages, and each page is photographed (artifacts/screenshots/).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from skillaward.audit.models import AuditEntry
from skillaward.base.clock import beijing_today
from skillaward.campaigns.models import Application
from skillaward.publicity.models import Publicity
from tests.browser.flows import log_in, overflow
from tests.web import chain_helpers
from tests.web.factories import World, world

pytestmark = pytest.mark.browser

PROGRAM = "beijing-allowance-2024"


def open_world() -> World:
    today = beijing_today()
    return world(PROGRAM, phases=[{"id": "submission", "end": today + timedelta(days=14)}])


def stage_of(application: Application) -> str:
    application.refresh_from_db()
    return application.stage


def test_BJ24_08_BJ24_12_the_recommending_unit_publicises_then_confirms_its_ranked_list(  # type: ignore[no-untyped-def]
    site: str, page: Page, shot
) -> None:
    w = open_world()
    assert w.campaign is not None
    today = beijing_today()
    waiting = chain_helpers.at_stage(w, "publicity_recommender", serial=30)
    first = chain_helpers.at_stage(w, "recommender_submit", serial=20)
    second = chain_helpers.at_stage(w, "recommender_submit", serial=21)
    log_in(page, site, w.account("recommender_staff"))

    # The publicity: from today on, running, not to be closed before its last working day.
    page.goto(f"{site}/campaigns/{w.campaign.pk}/publicity/publicity_recommender/")
    expect(page.get_by_label("公示开始日期")).to_have_attribute("min", today.isoformat())
    page.get_by_role("button", name="对以上人选发起公示").click()
    expect(page.get_by_text("已发起公示")).to_be_visible()
    publicity = Publicity.objects.get(closed_at__isnull=True)  # the others: the services' own
    assert publicity.start_date >= today
    assert list(publicity.applications.all()) == [waiting]
    expect(page.get_by_role("button", name="办结公示")).to_have_count(0)
    assert overflow(page) == 0
    shot(page, "publicity-opened")

    # The ranked list: two candidates both ranked 1 are refused, the ranks kept.
    page.goto(f"{site}/review/campaigns/{w.campaign.pk}/recommendation/")
    boxes = page.get_by_label("王建国的排序")
    expect(boxes).to_have_count(2)
    boxes.nth(0).fill("1")
    boxes.nth(1).fill("1")
    page.get_by_role("button", name="下一步：核对报送名单").click()
    expect(page.get_by_text("第1位填了不止一人")).to_be_visible()
    expect(boxes.nth(0)).to_have_value("1")
    expect(boxes.nth(1)).to_have_value("1")
    assert overflow(page) == 0
    shot(page, "ranks-repeated-refused")

    # Corrected: the confirmation page shows the list as it will go.
    boxes.nth(0).fill("2")
    page.get_by_role("button", name="下一步：核对报送名单").click()
    expect(page.get_by_role("heading", name="核对报送名单")).to_be_visible()
    expect(page.get_by_role("cell", name="第1位")).to_be_visible()
    expect(page.get_by_role("cell", name="第2位")).to_be_visible()
    expect(page.get_by_text("本次报送2人")).to_be_visible()
    assert stage_of(first) == stage_of(second) == "recommender_submit"
    assert overflow(page) == 0
    shot(page, "ranked-list-confirmation")
    page.get_by_label("已核对以上排序、名额和核对结果，确认按此名单报送").check()
    page.get_by_role("button", name="确认报送").click()
    expect(page.get_by_text("已报送2名人选")).to_be_visible()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.rank, second.rank) == (2, 1)
    ranks = {
        e.subject_id: e.after["rank"]
        for e in AuditEntry.objects.filter(action="recommendation_submit")
    }
    assert ranks == {first.pk: 2, second.pk: 1}
    shot(page, "ranked-list-sent")


def test_BJ24_05_the_approver_decides_each_candidate_with_the_minutes(  # type: ignore[no-untyped-def]
    site: str, page: Page, shot, tmp_path: Path
) -> None:
    w = open_world()
    assert w.campaign is not None
    kept = chain_helpers.at_stage(w, "approval", serial=20, plain=True)
    declined = chain_helpers.at_stage(w, "approval", serial=21, plain=True)
    log_in(page, site, w.account("approver"))
    page.goto(f"{site}/review/campaigns/{w.campaign.pk}/approval/")
    decisions = page.locator("ol.decisions > li")
    expect(decisions).to_have_count(2)
    decisions.nth(0).get_by_label("同意", exact=True).check()
    decisions.nth(0).get_by_label("审批意见").fill("同意授予")
    decisions.nth(1).get_by_label("不同意").check()
    decisions.nth(1).get_by_label("审批意见").fill("近五年业绩不突出，不予通过")
    assert overflow(page) == 0
    shot(page, "approval-decisions")

    # The minutes are required: the browser says so before anything is sent.
    page.get_by_role("button", name="提交审批决定").click()
    assert page.get_by_label("会议纪要（扫描件）").evaluate("input => !input.validity.valid")
    assert stage_of(kept) == "approval"

    minutes = tmp_path / "领导小组会议纪要.pdf"
    minutes.write_bytes(b"%PDF-1.4\n% minutes\n%%EOF\n")
    page.get_by_label("会议纪要（扫描件）").set_input_files(minutes)
    shot(page, "approval-with-minutes")
    page.get_by_role("button", name="提交审批决定").click()
    expect(page.get_by_text("已办理：同意1人，不同意1人")).to_be_visible()
    assert (stage_of(kept), stage_of(declined)) == ("announcement", "rejected")
    entry = AuditEntry.objects.of(declined).last()
    assert entry is not None
    assert (entry.action, entry.reason) == ("approval_decline", "近五年业绩不突出，不予通过")
    assert entry.document.read() == b"%PDF-1.4\n% minutes\n%%EOF\n"
    expect(page.get_by_text("暂无等待")).to_be_visible()
    shot(page, "approval-done")
