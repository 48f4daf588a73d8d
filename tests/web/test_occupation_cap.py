"""A programme's cap on titles per occupation holds at the panel (issue 12, §6)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from skillaward.base.errors import ActionRefused
from skillaward.campaigns import models as campaign_models
from skillaward.core.program import find_program
from skillaward.review.models import PanelResult
from skillaward.review.services import PanelLineInput, panel_record
from tests.web.chain_helpers import at_stage, pdf
from tests.web.factories import world

pytestmark = pytest.mark.django_db
CC3 = "changchun-skills-3"


@pytest.fixture
def capped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Changchun programme as if its file capped each occupation at 2 titles."""
    program = find_program(CC3)
    cap = {"check": "occupation_cap", "clause": "CC3-03", "max": 2}
    data = program.model_dump(by_alias=True)
    data["batch_rules"] = [*data["batch_rules"], cap]
    changed = type(program).model_validate(data)
    monkeypatch.setattr(
        campaign_models, "find_program", lambda name: changed if name == CC3 else find_program(name)
    )


def record(w, candidates, selected):
    lines = [
        PanelLineInput(a, rank=i + 1, score=Decimal(90 - i), selected=i < selected)
        for i, a in enumerate(candidates)
    ]
    return panel_record(
        campaign=w.campaign,
        award_id="grand-award",
        method="score",
        members=7,
        lines=lines,
        sheet=pdf("sheet.pdf"),
        actor=w.account("office_staff"),
    )


def test_panel_refuses_more_selected_of_one_occupation_than_the_cap(capped: None) -> None:
    w = world(CC3)
    candidates = [
        at_stage(w, "panel", serial=30 + i, award_id="grand-award", plain=True) for i in range(3)
    ]
    with pytest.raises(
        ActionRefused,
        match="建议入选人选中“车工”同一职业（工种）3人，每个职业至多授予2个称号（CC3-03）",
    ):
        record(w, candidates, selected=3)
    assert PanelResult.objects.count() == 0
    record(w, candidates, selected=2)
    assert PanelResult.objects.count() == 1


def test_cc3_03_platform_panel_finish_refuses_more_than_the_cap(capped: None) -> None:
    from skillaward.panels.services import panel_finish, round_close
    from tests.web.panel_helpers import drawn, give, members, opened, pool

    w = world(CC3)
    candidates = [
        at_stage(w, "panel", serial=30 + i, award_id="grand-award", plain=True) for i in range(3)
    ]
    pool(w, 7)
    panel = drawn(w, size=5, reserves=0)  # CC3-10: a vote, at least 5
    current = opened(w, panel)
    for member in members(panel):
        for application in candidates:
            give(member, application, vote="yes")
    round_close(round=current, actor=w.account("office_staff"))
    with pytest.raises(ActionRefused, match="每个职业至多授予2个称号（CC3-03）"):
        panel_finish(panel=panel, summary=pdf(), actor=w.account("office_staff"))
    assert {a.stage for a in candidates} == {"panel"}
