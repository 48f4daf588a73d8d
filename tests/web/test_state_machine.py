"""The guarded state machine (issue 9 §3): transition() allows only the chain's declared moves."""

from __future__ import annotations

import pytest

from skillaward.base.errors import ActionRefused
from skillaward.campaigns.workflow import transition
from tests.web.chain_helpers import at_stage, submitted
from tests.web.factories import world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("to_stage", ["awarded", "not_selected", "panel", "draft"])
def test_a_review_cannot_jump_to_a_stage_its_step_does_not_declare(to_stage):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    before = application.audit_entries.count()
    with pytest.raises(ActionRefused, match="不能转到"):
        transition(application, actor=w.account("unit_staff"), action="approve", to_stage=to_stage)
    application.refresh_from_db()
    assert (application.stage, application.audit_entries.count()) == ("unit_review", before)


def test_cc3_10_a_publicity_cannot_return_an_application_to_the_applicant():
    w = world("changchun-skills-3")
    application = at_stage(w, "publicity_unit")
    with pytest.raises(ActionRefused, match="不能转到“退回修改”"):
        transition(application, actor=w.account("unit_staff"), action="return", to_stage="returned")


def test_a_declared_move_is_made_and_audited_with_before_and_after():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    moved = transition(
        application, actor=w.account("unit_staff"), action="reject", to_stage="rejected"
    )
    entry = moved.audit_entries.last()
    assert (moved.stage, entry.before, entry.after) == (
        "rejected",
        {"stage": "unit_review"},
        {"stage": "rejected"},
    )
