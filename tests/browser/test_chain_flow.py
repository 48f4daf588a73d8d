"""Issue 4 §5: one beijing-allowance-2024 candidate, from a submitted application to the
announced result, through the real pages, logging in as each role of the chain in turn.

The fixtures make the region, a campaign open today and the submitted application with the
services; every step after that is a click on a page. The recommending unit opens its
publicity today (a start date in the past is refused); its dates are then moved two weeks
back, as if its period (5 working days) were over, so that it can be closed.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from skillaward.audit.models import AuditEntry
from skillaward.base.clock import beijing_today
from skillaward.campaigns.models import Application
from skillaward.campaigns.services import application_submit
from skillaward.core import chain
from skillaward.core.idnumber import mask_id_number
from skillaward.publicity.models import Publicity
from skillaward.registry.models import Awardee
from skillaward.review.models import PanelResult
from tests.browser.flows import log_in, log_out, overflow
from tests.web.factories import World, world
from tests.web.test_applications import ready

pytestmark = pytest.mark.browser

PROGRAM = "beijing-allowance-2024"
# The work unit's opinion at its limit: 200 characters (BJ24-21).
UNIT_OPINION = (
    "该同志长期在数控车工一线岗位工作，技术精湛，攻克多项加工难题，所带徒弟成效显著。" * 5
)
RECOMMENDER_OPINION = "经归口单位专家评审，同意推荐。"
OFFICE_OPINION = "资格审查合格。"


def submitted(w: World) -> Application:
    application = ready(w)
    return application_submit(application=application, actor=application.applicant)


def open_review(page: Page, site: str, w: World, role: str, name: str) -> None:
    """Log in as ``role``, follow the home page's waiting count to the worklist, open ``name``."""
    log_in(page, site, w.account(role))
    page.get_by_role("link", name="1份申报待处理").click()
    expect(page.get_by_role("heading", name="待我办理（1）")).to_be_visible()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()


def approve(page: Page, label: str, opinion: str) -> None:
    page.get_by_label(label).fill(opinion)
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("已审核通过")).to_be_visible()


def stage_of(application: Application) -> str:
    application.refresh_from_db()
    return application.stage


def test_a_candidate_goes_from_submission_to_the_announced_result(  # type: ignore[no-untyped-def]
    site: str, page: Page, shot, tmp_path: Path
) -> None:
    today = beijing_today()
    w = world(PROGRAM, phases=[{"id": "submission", "end": today + timedelta(days=14)}])
    assert w.campaign is not None
    campaign = w.campaign
    application = submitted(w)
    name = application.name
    review = f"{site}/review/campaigns/{campaign.pk}"

    # 1. The work unit's opinion, at most 200 characters (BJ24-21), and its approval.
    open_review(page, site, w, "unit_staff", name)
    expect(page.get_by_text("所处环节：所在单位推荐意见")).to_be_visible()
    opinion_box = page.get_by_label("所在单位推荐意见（限200字）")
    expect(opinion_box).to_have_attribute("maxlength", "200")
    assert len(UNIT_OPINION) == 200
    assert overflow(page) == 0
    shot(page, "unit-review")
    approve(page, "所在单位推荐意见（限200字）", UNIT_OPINION)
    assert stage_of(application) == "recommender_review"
    log_out(page)

    # 2. The recommending unit's review, then its publicity: not backdated, opened today.
    open_review(page, site, w, "recommender_staff", name)
    shot(page, "recommender-review")
    approve(page, "审核意见", RECOMMENDER_OPINION)
    assert stage_of(application) == "publicity_recommender"
    page.goto(f"{site}/campaigns/{campaign.pk}/publicity/publicity_recommender/")
    expect(page.get_by_role("heading", name="等待公示的人选")).to_be_visible()
    backdated = today - timedelta(days=14)
    # The date picker offers today on (the server refuses an earlier start too).
    expect(page.get_by_label("公示开始日期")).to_have_attribute("min", today.isoformat())
    page.get_by_label("公示开始日期").fill(today.isoformat())
    assert overflow(page) == 0
    shot(page, "publicity-open")
    page.get_by_role("button", name="对以上人选发起公示").click()
    expect(page.get_by_text("已发起公示")).to_be_visible()
    publicity = Publicity.objects.get(campaign=campaign)
    assert publicity.start_date == today
    expect(page.get_by_text("公示中")).to_be_visible()
    expect(page.get_by_role("button", name="办结公示")).to_have_count(0)
    shot(page, "publicity-running")
    log_out(page)
    # Its five working days pass.
    Publicity.objects.filter(pk=publicity.pk).update(
        start_date=backdated, end_date=backdated + timedelta(days=4)
    )
    publicity.refresh_from_db()

    # 3. The public notice, without logging in: the candidate, the ID number masked.
    page.goto(f"{site}/publicity/{publicity.pk}/")
    notice = page.locator("main")
    expect(notice.get_by_role("heading", name=publicity.title)).to_be_visible()
    expect(notice.get_by_role("cell", name=name)).to_be_visible()
    expect(notice.get_by_role("cell", name=mask_id_number(application.id_number))).to_be_visible()
    assert application.id_number not in page.content()
    expect(page.locator("header")).not_to_contain_text("退出")
    assert overflow(page) == 0
    shot(page, "publicity-public")

    # 4. The period over, the unit closes the publicity, ranks its list and submits it.
    log_in(page, site, w.account("recommender_staff"))
    page.goto(f"{site}/campaigns/{campaign.pk}/publicity/publicity_recommender/")
    page.get_by_role("button", name="办结公示").click()
    expect(page.get_by_text("公示已办结，人选已转入下一环节")).to_be_visible()
    assert stage_of(application) == "recommender_submit"
    page.goto(f"{review}/recommendation/")
    page.get_by_label(f"{name}的排序").fill("1")
    page.get_by_role("button", name="下一步：核对报送名单").click()
    expect(page.get_by_role("heading", name="核对报送名单")).to_be_visible()
    expect(page.get_by_role("cell", name="第1位")).to_be_visible()
    assert overflow(page) == 0
    shot(page, "recommendation-confirm")
    page.get_by_label("已核对以上排序、名额和核对结果，确认按此名单报送").check()
    page.get_by_role("button", name="确认报送").click()
    expect(page.get_by_text("已报送1名人选")).to_be_visible()
    application.refresh_from_db()
    assert (application.stage, application.rank) == ("office_review", 1)
    log_out(page)

    # 5. The office: qualification review, then the offline panel's signed result.
    open_review(page, site, w, "office_staff", name)
    expect(page.locator(".card").first).to_contain_text("推荐排序第1位")
    approve(page, "审核意见", OFFICE_OPINION)
    assert stage_of(application) == "panel"
    page.goto(f"{review}/panel/allowance/")
    page.get_by_label("评审方式").select_option(label="评分")
    page.get_by_label("应到评委人数").fill("7")
    page.get_by_label(f"{name}的名次").fill("1")
    page.get_by_label(f"{name}的得分或得票").fill("92.5")
    page.get_by_label(f"{name}建议入选").check()
    sheet = tmp_path / "评审结果表.pdf"
    sheet.write_bytes(b"%PDF-1.4\n% signed panel sheet\n%%EOF\n")
    page.get_by_label("评委签字的评审结果表").set_input_files(sheet)
    shot(page, "panel")
    page.get_by_role("button", name="录入评审结果").click()
    expect(page.get_by_text("享受北京市政府技师特殊津贴人员的专家评审结果已录入")).to_be_visible()
    assert stage_of(application) == "approval"
    result = PanelResult.objects.get(campaign=campaign)
    assert (result.method, result.members) == ("score", 7)
    assert [(line.rank, str(line.score), line.selected) for line in result.lines.all()] == [
        (1, "92.50", True)
    ]
    log_out(page)

    # 6. The leading group approves the candidate, with its opinion and the minutes.
    log_in(page, site, w.account("approver"))
    page.goto(f"{review}/approval/")
    expect(page.get_by_role("link", name=name)).to_be_visible()
    page.get_by_label("同意", exact=True).check()
    page.get_by_label("审批意见").fill("同意授予")
    minutes = tmp_path / "会议纪要.pdf"
    minutes.write_bytes(b"%PDF-1.4\n% minutes\n%%EOF\n")
    page.get_by_label("会议纪要（扫描件）").set_input_files(minutes)
    shot(page, "approval")
    page.get_by_role("button", name="提交审批决定").click()
    expect(page.get_by_text("已办理：同意1人，不同意0人")).to_be_visible()
    assert stage_of(application) == "announcement"
    log_out(page)

    # 7. The office announces; the candidate's page shows every step; the registry has them.
    log_in(page, site, w.account("office_staff"))
    page.goto(f"{review}/announcement/")
    page.get_by_role("button", name="公布结果并登记获评人员").click()
    expect(page.get_by_text("已办理，共1人")).to_be_visible()
    assert stage_of(application) == chain.AWARDED
    entries = list(AuditEntry.objects.of(application))
    drafting = {"draft_create", "draft_save", "file_upload"}
    chain_entries = [e for e in entries if e.action not in drafting]
    assert [(e.action, e.role, e.from_stage, e.to_stage) for e in chain_entries] == [
        ("pledge", "applicant", chain.DRAFT, ""),
        ("submit", "applicant", chain.DRAFT, "unit_review"),
        ("approve", "unit_staff", "unit_review", "recommender_review"),
        ("approve", "recommender_staff", "recommender_review", "publicity_recommender"),
        ("publicity_open", "recommender_staff", "publicity_recommender", ""),
        ("publicity_pass", "recommender_staff", "publicity_recommender", "recommender_submit"),
        ("recommendation_submit", "recommender_staff", "recommender_submit", "office_review"),
        ("approve", "office_staff", "office_review", "panel"),
        ("panel_selected", "office_staff", "panel", "approval"),
        ("approval_approve", "approver", "approval", "announcement"),
        ("awardee_register", "office_staff", "announcement", ""),
        ("result_announce", "office_staff", "announcement", chain.AWARDED),
    ]
    assert chain_entries[2].reason == UNIT_OPINION

    # The candidate's page: one row of the trail per entry, who did what, with the opinions.
    page.goto(f"{site}/review/applications/{application.pk}/")
    expect(page.get_by_text("所处环节：已公布获评")).to_be_visible()
    rows = page.locator("table").filter(has_text="办理人").locator("tbody tr")
    shown = [e for e in entries if e.action != "draft_save"]
    expect(rows).to_have_count(len(shown))
    for row, entry in zip(rows.all(), shown, strict=True):
        expect(row).to_contain_text(entry.action_name)
        expect(row).to_contain_text(entry.actor_name)
    row_of = {entry.pk: row for row, entry in zip(rows.all(), shown, strict=True)}
    expect(row_of[chain_entries[2].pk]).to_contain_text(UNIT_OPINION)
    expect(row_of[chain_entries[3].pk]).to_contain_text(RECOMMENDER_OPINION)
    expect(row_of[chain_entries[7].pk]).to_contain_text(OFFICE_OPINION)
    page.get_by_role("heading", name="审核记录").scroll_into_view_if_needed()
    shot(page, "candidate-trail")

    # The registry lists the awardee (office staff see the full ID number).
    page.goto(f"{site}/registry/")
    row = page.get_by_role("row").filter(has_text=name)
    expect(row).to_contain_text("享受北京市政府技师特殊津贴")
    expect(row).to_contain_text(application.id_number)
    shot(page, "registry")
    awardee = Awardee.objects.get()
    assert (awardee.id_number, awardee.name, awardee.year) == (application.id_number, name, 2024)
