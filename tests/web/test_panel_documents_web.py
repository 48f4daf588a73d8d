"""A panel round's documents on the web (issue 10 §6): the summary and the statistics for the
staff who run the panel, each expert's own sheet for that expert; built from the platform's
sheet and the tally stored at close."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from skillaward.core.panel import PanelAdjustment
from skillaward.panels.services import recusal_declare, round_close
from tests.documents.helpers import all_text, rows_after, tables
from tests.web.factories import world
from tests.web.panel_helpers import candidates, drawn, give, members, opened, pool

pytestmark = pytest.mark.django_db

LC = "liaocheng-chief-2019"
SCORES = ["90", "80", "85", "70", "95", "60", "88.5"]


@pytest.fixture
def w():
    return world(LC)


@pytest.fixture
def closed(w):
    """LC19-10: the recommending unit's panel of 7 scores two candidates; the last member
    stands aside for the second; the round is closed."""
    first, second = candidates(w, 2, stage="recommender_review")
    pool(w, 8)
    panel = drawn(
        w,
        size=7,
        reserves=1,
        step_id="recommender_review",
        recommender=w.recommender,
        actor="recommender_staff",
    )
    current = opened(w, panel, "recommender_staff")
    staff = members(panel)
    recusal_declare(
        member=staff[-1],
        application=second,
        reason_code="kinship",
        reason="表兄弟",
        actor=staff[-1].expert.account,
    )
    for member, value in zip(staff, SCORES, strict=True):
        give(member, first, criteria={"overall": value}, comment=f"意见{value}")
        if member != staff[-1]:
            give(member, second, criteria={"overall": "50"})
    round_close(round=current, actor=w.account("recommender_staff"))
    current.refresh_from_db()
    return current, staff, (first, second)


def _get(client: Client, account, name: str, **kwargs):
    client.force_login(account)
    return client.get(reverse(name, kwargs=kwargs))


def test_lc19_10_summary_word_has_the_tally_every_member_and_the_recusal(client, w, closed):
    current, staff, (first, _) = closed
    response = _get(
        client,
        w.account("recommender_staff"),
        "panel_document",
        pk=current.pk,
        kind="summary",
        fmt="docx",
    )
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    data = response.content
    rows = rows_after(data, "排名")
    # 7 scores of the first: 95 and 60 dropped, (90+80+85+70+88.5)/5 = 82.70
    assert rows[0][:6] == ["1", first.name, rows[0][2], "7", "2", "82.70"]
    assert rows[1][3:8] == [
        "6",
        "2",
        "50.00",
        "入选",
        f"回避：{staff[-1].expert.name}（亲属关系：表兄弟）",
    ]
    names = [n for row in tables(data)[-1][1:] for n in (row[1], row[4]) if n]
    assert names == [m.expert.name for m in staff]
    text = all_text(data)
    assert "评审规则：推荐（归口）单位组织；评审专家不少于7人（LC19-10）" in text
    assert f"评审日期：{current.closed_at.year}年" in text


def test_statistics_excel_for_the_runner(client, w, closed):
    current, staff, _ = closed
    response = _get(
        client,
        w.account("recommender_staff"),
        "panel_document",
        pk=current.pk,
        kind="statistics",
        fmt="xlsx",
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "去掉的最高分" in cells and "去掉的最低分" in cells
    assert "回避（亲属关系：表兄弟）" in cells
    assert all(m.expert.name in cells for m in staff)


@pytest.mark.parametrize("role", ["office_staff", "other_recommender_staff", "expert", "applicant"])
def test_summary_refused_to_those_who_do_not_run_the_panel(client, w, closed, role):
    current, _, _ = closed
    response = _get(
        client, w.account(role), "panel_document", pk=current.pk, kind="summary", fmt="docx"
    )
    assert response.status_code == 404


def test_summary_refused_to_a_member(client, w, closed):
    current, staff, _ = closed
    response = _get(
        client,
        staff[0].expert.account,
        "panel_document",
        pk=current.pk,
        kind="statistics",
        fmt="docx",
    )
    assert response.status_code == 404


def test_summary_of_an_open_round_is_a_chinese_message(client, w):
    apps = candidates(w, 2)
    pool(w, 8)
    panel = drawn(w)
    current = opened(w, panel)
    give(members(panel)[0], apps[0], vote="yes")
    response = _get(
        client,
        w.account("office_staff"),
        "panel_document",
        pk=current.pk,
        kind="summary",
        fmt="xlsx",
    )
    assert response.status_code == 409
    assert "第1轮尚未结束计票，不能生成评审结果汇总表" in response.content.decode()
    own = _get(
        client, members(panel)[0].expert.account, "panel_own_sheet", pk=current.pk, fmt="docx"
    )
    assert own.status_code == 200
    assert rows_after(own.content, "序号")[0][3] == "赞成"


def test_own_sheet_shows_the_expert_s_scores_and_hides_the_candidate_stood_aside(client, w, closed):
    current, staff, (first, _) = closed
    response = _get(client, staff[-1].expert.account, "panel_own_sheet", pk=current.pk, fmt="docx")
    assert response.status_code == 200
    rows = rows_after(response.content, "序号")
    assert [r[1] for r in rows] == [first.name]
    assert rows[0][3:6] == ["综合评定（100分）：88.5", "88.50", "意见88.5"]
    assert f"评审专家（签字）：{staff[-1].expert.name}" in all_text(response.content)


def test_own_sheet_refused_to_others(client, w, closed):
    current, _, _ = closed
    for role in ("expert", "recommender_staff"):  # an expert not on the panel; the runner
        response = _get(client, w.account(role), "panel_own_sheet", pk=current.pk, fmt="pdf")
        assert response.status_code == 404


def test_summary_pdf(client, w, closed):
    current, _, _ = closed
    response = _get(
        client,
        w.account("recommender_staff"),
        "panel_document",
        pk=current.pk,
        kind="summary",
        fmt="pdf",
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"


def test_rule_names_the_campaign_s_adjustment(w):
    from skillaward.downloads.panels import rule_text
    from skillaward.panels.services import panel_create

    candidates(w, 1)
    panel = panel_create(
        campaign=w.campaign,
        step_id="panel",
        award_id=w.campaign.program.awards[0].id,
        actor=w.account("office_staff"),
        adjustment=PanelAdjustment(members=9),
    )
    assert rule_text(panel).endswith("；本次评选：聘请评审专家9人")


def test_unknown_round_and_anonymous(client, w, closed):
    current, _, _ = closed
    anonymous = client.get(
        reverse("panel_document", kwargs={"pk": current.pk, "kind": "summary", "fmt": "docx"})
    )
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    missing = _get(
        client,
        w.account("recommender_staff"),
        "panel_document",
        pk=current.pk + 100,
        kind="summary",
        fmt="docx",
    )
    assert missing.status_code == 404
