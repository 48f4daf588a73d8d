"""The recommendation chain each programme declares (BJ6-09, BJ24-07, CC3-07, XA24-08, LC19-13)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from skillaward.core import chain
from skillaward.core.chain import KIND_EXITS, Chain, ChainStep
from skillaward.core.program import bundled_programs, find_program


def steps(*specs: dict[str, object]) -> tuple[ChainStep, ...]:
    """Steps of the given specs, each leaving by every exit its kind allows unless it says."""
    return tuple(
        ChainStep.model_validate({"exits": sorted(KIND_EXITS[spec["kind"]])} | spec)  # type: ignore[index]
        for spec in specs
    )


@pytest.mark.parametrize("program_id", sorted(bundled_programs()))
def test_every_programme_declares_a_chain_ending_in_announcement(program_id):
    workflow = find_program(program_id).workflow
    assert workflow.steps[-1].kind == "announcement"
    for channel in find_program(program_id).nomination.channels:
        path = workflow.path(channel)
        assert workflow.next_stage(path[-1].id, channel) == chain.AWARDED


def test_bj6_09_expert_and_self_nominations_skip_the_unit_opinion():
    workflow = find_program("beijing-outstanding-6").workflow
    assert workflow.first_stage("unit") == "unit_review"
    assert workflow.first_stage("self") == "recommender_review"
    assert workflow.first_stage("expert") == "recommender_review"


def test_bj6_13_recommender_publicity_comes_before_the_ranked_list():
    workflow = find_program("beijing-outstanding-6").workflow
    assert workflow.next_stage("recommender_review", "unit") == "publicity_recommender"
    assert workflow.next_stage("publicity_recommender", "unit") == "recommender_submit"


def test_cc3_07_bottom_up_order_of_steps():
    workflow = find_program("changchun-skills-3").workflow
    order = [step.id for step in workflow.path("unit")]
    assert order == [
        "unit_review",
        "publicity_unit",
        "recommender_review",
        "publicity_recommender",
        "recommender_submit",
        "panel",
        "publicity_city",
        "approval",
        "announcement",
    ]


def test_xa24_14_media_publicity_after_approval_is_the_offices():
    workflow = find_program("xingan-expert-2024").workflow
    assert workflow.next_stage("approval", "self") == "publicity_media"
    assert workflow.role_at("publicity_media") == "office_staff"


@pytest.mark.parametrize(
    ("stage", "role"),
    [
        (chain.DRAFT, "applicant"),
        (chain.RETURNED, "applicant"),
        ("unit_review", "unit_staff"),
        ("publicity_unit", "unit_staff"),
        ("recommender_submit", "recommender_staff"),
        ("panel", "office_staff"),
        ("approval", "approver"),
        (chain.AWARDED, None),
        (chain.REJECTED, None),
    ],
)
def test_role_at_each_stage_of_cc3(stage, role):
    assert find_program("changchun-skills-3").workflow.role_at(stage) == role


def test_next_stage_refuses_a_step_off_the_channels_path():
    workflow = find_program("beijing-outstanding-6").workflow
    with pytest.raises(ValueError, match="不在该推荐方式的流程中"):
        workflow.next_stage("unit_review", "self")


def test_reached_compares_positions_on_the_path():
    workflow = find_program("beijing-allowance-2024").workflow
    assert workflow.reached("office_review", "recommender_submit", "unit")
    assert not workflow.reached("unit_review", "recommender_submit", "unit")
    assert workflow.reached(chain.AWARDED, "approval", "unit")


def test_publicity_step_needs_its_stage_and_others_refuse_one():
    with pytest.raises(ValidationError, match="公示步骤须写明 stage"):
        ChainStep.model_validate({"kind": "publicity", "clause": "TC-01", "exits": ["next"]})
    with pytest.raises(ValidationError, match="公示步骤须写明 stage"):
        ChainStep.model_validate(
            {"kind": "panel", "clause": "TC-01", "stage": "city", "exits": ["next"]}
        )


def test_a_repeated_step_is_refused():
    with pytest.raises(ValueError, match="步骤重复：panel"):
        Chain(steps({"kind": "panel", "clause": "TC-01"}, {"kind": "panel", "clause": "TC-02"}))


def test_stage_names_are_chinese():
    workflow = find_program("liaocheng-chief-2019").workflow
    assert chain.stage_name(workflow, "publicity_unit") == "推荐人选在所在单位公示"
    assert chain.stage_name(workflow, "panel") == "市评审委员会综合评审"
    assert chain.stage_name(workflow, chain.RETURNED) == "退回修改"


def test_cc3_08_unit_review_needs_the_decision_record_and_bj6_12_the_investigation():
    assert find_program("changchun-skills-3").workflow.step("unit_review").decision_record
    step = find_program("beijing-outstanding-6").workflow.step("recommender_review")
    assert step.investigation == "BJ6-12"


def test_review_requirements_on_a_step_that_is_no_review_are_refused():
    with pytest.raises(ValidationError, match="只用于审核步骤"):
        ChainStep.model_validate(
            {"kind": "panel", "clause": "TC-01", "decision_record": True, "exits": ["next"]}
        )


# --- the guarded state machine (issue 9 §3) ---------------------------------------------------


def test_moves_are_the_declared_exits_of_the_step():
    chain = Chain(
        steps(
            {"kind": "unit_review", "clause": "TC-01", "exits": ["next", "rejected"]},
            {"kind": "panel", "clause": "TC-02"},
        )
    )
    assert chain.moves("unit_review", "unit") == {"panel", "rejected"}
    assert chain.moves("panel", "unit") == {"awarded", "not_selected"}


def test_drafts_and_returned_applications_move_only_to_the_first_step():
    chain = Chain(steps({"kind": "unit_review", "clause": "TC-01"}))
    assert chain.moves("draft", "unit") == {"unit_review"}
    assert chain.moves("returned", "unit") == {"unit_review"}


def test_closed_stages_have_no_moves():
    chain = Chain(steps({"kind": "unit_review", "clause": "TC-01"}))
    assert [chain.moves(s, "unit") for s in ("rejected", "not_selected", "awarded")] == [
        frozenset()
    ] * 3


def test_a_step_must_declare_next_among_its_exits():
    with pytest.raises(ValidationError, match="exits 须包含 next"):
        ChainStep.model_validate({"kind": "unit_review", "clause": "TC-01", "exits": ["rejected"]})


def test_a_step_cannot_declare_an_exit_its_kind_has_no_action_for():
    with pytest.raises(ValidationError, match="recommender_submit 步骤不能转到 returned"):
        ChainStep.model_validate(
            {"kind": "recommender_submit", "clause": "TC-01", "exits": ["next", "returned"]}
        )
