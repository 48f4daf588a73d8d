"""Issue 10: a recommending unit's expert review (LC19-10, at least 7 experts, scores) held on
the platform through the real pages. The organiser forms the panel, draws seven experts and
opens the round; the seven experts score on phone screens, one declaring a conflict first, so
that the organiser calls a reserve in (one candidate would have six experts, fewer than
seven), who scores too; the organiser closes the round, two candidates tie at the quota line
(LC19-02: two places for this kind of unit), a runoff among those two decides, the signed
summary is uploaded and the candidates move on.

The fixtures make the region, the pool and the three candidates at the step with the
services; every step after that is a click on a page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from skillaward.campaigns.models import Application
from skillaward.core import chain
from skillaward.panels.models import Panel, Recusal, Sheet
from tests.browser.flows import log_in, log_out, overflow
from tests.builders import applicant
from tests.web.chain_helpers import at_stage
from tests.web.factories import PASSWORD, World, world
from tests.web.panel_helpers import members, pool

pytestmark = pytest.mark.browser

PROGRAM = "liaocheng-chief-2019"
STEP = "recommender_review"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NAMES = ("王建国", "李红梅", "张志强")


@pytest.fixture
def w(site: str) -> World:
    w = world(PROGRAM)
    w.recommender.recommender_type = "sme"  # LC19-02: two places for a small enterprise
    w.recommender.save(update_fields=["recommender_type"])
    for expert in pool(w, 9):
        expert.account.set_password(PASSWORD)
        expert.account.save(update_fields=["password"])
    return w


def score(page: Page, name: str, value: str, shot, label: str | None = None) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    page.get_by_label("综合评定（满分100）").fill(value)
    if label:
        shot(page, label)
        assert overflow(page) == 0
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_text(f"已提交{name}的评审结果")).to_be_visible()
    page.get_by_role("link", name="← 我的评审").click()


def expert_scores(page: Page, site: str, account, given: dict[str, str], shot, tag: str) -> None:  # type: ignore[no-untyped-def]
    log_in(page, site, account)
    page.get_by_role("link", name=re.compile("评审委员会")).first.click()
    expect(page.get_by_role("heading", name="我的评审")).to_be_visible()
    for number, (name, value) in enumerate(given.items()):
        score(page, name, value, shot, f"{tag}-{number}" if tag else None)
    expect(page.get_by_text(f"已提交 {len(given)} / {len(given)}")).to_be_visible()
    log_out(page)


def test_lc19_10_seven_experts_score_on_phones_a_tie_goes_to_a_runoff(
    page: Page, site: str, w: World, shot, tmp_path: Path
) -> None:
    a, b, c = (
        at_stage(w, STEP, plain=True, data=applicant(PROGRAM, serial=20 + n, name=name))
        for n, name in enumerate(NAMES)
    )
    organiser = w.account("recommender_staff")

    # The organiser forms the panel and draws seven experts (desktop).
    page.set_viewport_size(DESKTOP)
    log_in(page, site, organiser)
    page.goto(f"{site}/campaigns/{w.campaign.pk}/")
    page.get_by_role("link", name="组织专家评审").first.click()
    expect(page.get_by_role("heading", name="专家评审")).to_be_visible()
    page.get_by_role("button", name="组建评审组").click()
    page.get_by_label("随机种子").fill("lc19-10-flow")
    page.get_by_label("抽取人数").fill("7")
    page.get_by_role("button", name="抽取", exact=True).click()
    expect(page.get_by_text("已抽取评审专家")).to_be_visible()
    expect(page.get_by_text("lc19-10-flow")).to_be_visible()
    page.get_by_role("button", name="开始评审").click()
    expect(page.get_by_text("已开始评审")).to_be_visible()
    shot(page, "panel-open-desktop")
    log_out(page)

    panel = Panel.objects.get()
    seated = members(panel)
    assert len(seated) == 7

    # The seven experts on phones: the first declares a conflict for C before scoring.
    page.set_viewport_size(PHONE)
    first = seated[0].expert.account
    log_in(page, site, first)
    page.goto(f"{site}/panels/mine/")
    shot(page, "expert-list-phone")
    assert overflow(page) == 0
    page.get_by_role("link", name=c.name, exact=True).click()
    page.get_by_text("声明回避", exact=True).click()
    page.get_by_role("button", name="确认回避").click()
    expect(page.get_by_text("请写明需要回避的具体情况")).to_be_visible()  # beside its field
    page.get_by_label("回避原因").select_option(label="师徒关系")
    page.get_by_label("具体情况").fill("该人选是本人带过的学徒")
    shot(page, "conflict-phone")
    page.get_by_role("button", name="确认回避").click()
    expect(page.get_by_text(f"已声明回避{c.name}")).to_be_visible()
    expect(page.get_by_role("link", name=c.name, exact=True)).to_have_count(0)
    # A bad score is refused beside its field and kept.
    page.get_by_role("link", name=a.name, exact=True).click()
    page.get_by_label("综合评定（满分100）").fill("101")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_text("“综合评定”须在0至100分之间")).to_be_visible()
    expect(page.get_by_label("综合评定（满分100）")).to_have_value("101")
    shot(page, "bad-score-phone")
    page.get_by_role("link", name="← 我的评审").click()
    score(page, a.name, "95", shot)
    score(page, b.name, "90", shot)
    log_out(page)
    assert Recusal.objects.filter(member=seated[0], application=c, automatic=False).exists()

    # The recusal leaves C six experts entitled, fewer than seven (LC19-10): the organiser
    # sees it and calls the first reserve in.
    page.set_viewport_size(DESKTOP)
    log_in(page, site, organiser)
    page.goto(f"{site}/panels/{panel.pk}/")
    expect(page.get_by_text(f"回避后对“{c.name}”有表决权的专家只有6人")).to_be_visible()
    page.get_by_label("递补原因").fill("专家回避后评议人数不足7人")
    page.get_by_role("button", name="递补下一名备选").click()
    expect(page.get_by_text("已递补备选专家")).to_be_visible()
    log_out(page)
    seated = members(panel)
    assert len(seated) == 8

    page.set_viewport_size(PHONE)
    for number, member in enumerate(seated[1:], start=1):
        expert_scores(
            page,
            site,
            member.expert.account,
            {a.name: "95", b.name: "90", c.name: "90"},
            shot,
            "sheet-phone" if number == 1 else "",
        )
    assert Sheet.objects.filter(status="submitted", current=True).count() == 23

    # The organiser closes the round: B and C tie at the quota line.
    page.set_viewport_size(DESKTOP)
    log_in(page, site, organiser)
    page.goto(f"{site}/panels/{panel.pk}/")
    expect(page.get_by_text("结束本轮并计票")).to_be_visible()
    page.get_by_role("button", name="结束本轮并计票").click()
    expect(page.get_by_text("并列，须重新评审")).to_have_count(2)
    shot(page, "tally-tie-desktop")
    page.get_by_role("button", name="对并列人选重新评审").click()
    expect(page.get_by_text("已开始对并列人选重新评审")).to_be_visible()
    log_out(page)

    # The runoff: six experts (the quorum of eight) score the tied two again.
    page.set_viewport_size(PHONE)
    for member in seated[1:7]:
        expert_scores(page, site, member.expert.account, {b.name: "88", c.name: "85"}, shot, "")

    page.set_viewport_size(DESKTOP)
    log_in(page, site, organiser)
    page.goto(f"{site}/panels/{panel.pk}/")
    page.get_by_role("button", name="结束本轮并计票").click()
    expect(page.get_by_role("heading", name="第2轮（并列人选重新评审）计票结果")).to_be_visible()
    shot(page, "tally-runoff-desktop")
    page.set_viewport_size(PHONE)
    shot(page, "tally-runoff-phone")
    # The result summary downloads (Excel here; Word and PDF beside it), to be signed.
    with page.expect_download() as download:
        page.locator("section", has_text="第2轮").get_by_role("link", name="Excel").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert download.value.path().read_bytes()[:2] == b"PK"
    summary = tmp_path / "评审结果汇总表（签字）.pdf"
    summary.write_bytes(b"%PDF-1.4\n% signed summary\n%%EOF\n")
    page.get_by_label("专家签字的评审结果汇总表").set_input_files(summary)
    page.get_by_role("button", name="上传并办结").click()
    expect(page.get_by_text("评审已办结，人选已按评审结果进入下一环节")).to_be_visible()
    shot(page, "finished-phone")

    stages = dict(Application.objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("pk", "stage"))
    following = w.campaign.workflow.next_stage(STEP, "unit")
    assert stages == {a.pk: following, b.pk: following, c.pk: chain.REJECTED}
