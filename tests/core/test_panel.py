"""Panels as data: each programme's panel steps, their sources, and a campaign's adjustments
(BJ6-16, BJ24-08, XA24-13, CC3-07, CC3-10, LC19-10, LC19-13)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from pydantic import ValidationError

from skillaward.core.chain import ChainStep
from skillaward.core.panel import (
    PanelAdjustment,
    PanelAdjustmentError,
    PanelSpec,
    ScoreMethod,
    VoteMethod,
    panel_settings,
)
from skillaward.core.program import BUNDLED_DIR, Program, bundled_programs, find_program
from skillaward.core.tally import tally


def panel_of(program_id: str, step_id: str) -> PanelSpec:
    step = find_program(program_id).workflow.step(step_id)
    assert step is not None and step.panel is not None
    return step.panel


@pytest.mark.parametrize(
    ("program_id", "step_id", "sits", "method", "min_members"),
    [
        ("beijing-outstanding-6", "panel", "city", "vote", 5),
        ("beijing-allowance-2024", "recommender_review", "recommender", "score", 5),
        ("beijing-allowance-2024", "panel", "city", "vote", 5),
        ("xingan-expert-2024", "panel", "city", "score", 5),
        ("changchun-skills-3", "panel", "city", "vote", 5),
        ("liaocheng-chief-2019", "recommender_review", "recommender", "score", 7),
        ("liaocheng-chief-2019", "panel", "city", "vote", 5),
    ],
)
def test_every_programme_declares_its_panels(program_id, step_id, sits, method, min_members):
    panel = panel_of(program_id, step_id)
    assert (panel.sits, panel.method.kind, panel.members.min) == (sits, method, min_members)


@pytest.mark.parametrize("program_id", sorted(bundled_programs()))
def test_every_panel_setting_names_its_clause_or_says_the_notice_is_silent(program_id):
    program = find_program(program_id)
    assert [s.kind for s in program.chain if s.kind == "panel"] == ["panel"]
    for step in program.panels():
        panel = step.panel
        assert panel is not None
        method = panel.method
        settings = [panel.members, panel.quorum]
        settings.append(method.threshold if isinstance(method, VoteMethod) else method.trim)
        if isinstance(method, ScoreMethod):
            settings.append(method)
        for setting in settings:
            assert (setting.clause is not None) != setting.default
            if setting.default:
                assert setting.note, f"{program_id} {step.id}: a default without a note"


def test_lc19_10_county_panel_has_at_least_seven_experts():
    members = panel_of("liaocheng-chief-2019", "recommender_review").members
    assert (members.min, members.clause, members.default) == (7, "LC19-10", False)


def test_bj6_16_group_review_by_occupation_then_comprehensive_deliberation():
    groups = panel_of("beijing-outstanding-6", "panel").groups
    assert groups is not None
    assert (groups.by, groups.deliberation, groups.clause) == (
        "occupation_or_industry",
        True,
        "BJ6-16",
    )


def test_xa24_13_scores_skill_achievements_and_contribution():
    method = panel_of("xingan-expert-2024", "panel").method
    assert isinstance(method, ScoreMethod)
    assert method.clause == "XA24-13"
    assert [(c.id, c.name) for c in method.criteria] == [
        ("skill", "技能水平"),
        ("achievements", "业绩"),
        ("contribution", "贡献"),
    ]


def test_bj24_08_recommending_units_experts_score_the_materials():
    method = panel_of("beijing-allowance-2024", "recommender_review").method
    assert isinstance(method, ScoreMethod) and method.clause == "BJ24-08"


@pytest.mark.parametrize(("program_id", "step_id"), [("changchun-skills-3", "panel")])
def test_cc3_07_silent_notice_uses_the_common_rule(program_id, step_id):
    panel = panel_of(program_id, step_id)
    assert isinstance(panel.method, VoteMethod)
    threshold = panel.method.threshold
    assert (threshold.at_least, threshold.more_than, threshold.default) == ("2/3", None, True)
    assert (panel.quorum.share, panel.quorum.default) == ("2/3", True)


def test_common_trim_drops_one_highest_and_one_lowest_from_five_scores():
    method = panel_of("xingan-expert-2024", "panel").method
    assert isinstance(method, ScoreMethod)
    assert (method.trim.drop, method.trim.min_scores, method.trim.default) == (1, 5, True)


# --- the schema refuses what does not hold together -----------------------------------------

VOTE_PANEL = {
    "sits": "city",
    "members": {"min": 5, "default": True},
    "method": {"kind": "vote", "threshold": {"at_least": "2/3", "default": True}},
    "quorum": {"share": "2/3", "default": True},
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"members": {"min": 5}}, "须写明依据的条款"),
        ({"members": {"min": 5, "clause": "LC19-10", "default": True}}, "须写明依据的条款"),
        ({"quorum": {"share": "0/3", "default": True}}, "应大于0且不超过1"),
        ({"quorum": {"share": "0.5", "default": True}}, "应写成分数"),
        (
            {"method": {"kind": "vote", "threshold": {"default": True}}},
            "at_least（以上）或 more_than（超过）之一",
        ),
        (
            {
                "method": {
                    "kind": "score",
                    "default": True,
                    "criteria": [{"id": "x", "name": "x", "max": 10}],
                    "trim": {"drop": 2, "min_scores": 4, "default": True},
                }
            },
            "min_scores 应大于4",
        ),
        (
            {
                "method": {
                    "kind": "score",
                    "default": True,
                    "criteria": [{"id": "x", "name": "x", "max": 10.5}],
                    "trim": {"default": True},
                }
            },
            "应以精确的十进制数给出",
        ),
        ({"sits": "county"}, "sits"),
    ],
)
def test_panel_schema_refuses_inconsistent_declarations(change, message):
    with pytest.raises(ValidationError, match=message):
        PanelSpec.model_validate(VOTE_PANEL | change)


def test_panel_block_only_on_panel_and_recommender_review_steps():
    with pytest.raises(ValidationError, match="panel 只用于专家评审步骤"):
        ChainStep.model_validate(
            {"kind": "office_review", "clause": "TC-01", "exits": ["next"], "panel": VOTE_PANEL}
        )


def test_panel_block_sits_where_its_step_is():
    with pytest.raises(ValidationError, match="sits: recommender"):
        ChainStep.model_validate(
            {
                "kind": "recommender_review",
                "clause": "TC-01",
                "exits": ["next"],
                "panel": VOTE_PANEL,
            }
        )


def test_programme_refuses_a_panel_step_without_its_panel():
    data = yaml.safe_load((BUNDLED_DIR / "changchun-skills-3.yaml").read_text(encoding="utf-8"))
    for step in data["chain"]:
        step.pop("panel", None)
    with pytest.raises(ValidationError, match="须写明 panel"):
        Program.model_validate(data)


# --- a campaign's adjustments -------------------------------------------------------------------


def settings(program_id: str, step_id: str, **change: object):
    return panel_settings(panel_of(program_id, step_id), PanelAdjustment.model_validate(change))


def test_settings_without_adjustment_are_the_files():
    result = settings("liaocheng-chief-2019", "recommender_review")
    assert result.members == 7
    assert result.sheet_rules() == {
        "method": "score",
        "quorum": "2/3",
        "criteria": [{"id": "overall", "name": "综合评定", "max": Decimal(100), "weight": 1}],
        "trim": 1,
        "trim_min": 5,
    }


@pytest.mark.parametrize("members", [7, 9, 15])
def test_lc19_10_campaign_may_appoint_seven_or_more(members):
    assert settings("liaocheng-chief-2019", "recommender_review", members=members).members == (
        members
    )


def test_lc19_10_campaign_may_not_appoint_fewer_than_seven():
    with pytest.raises(PanelAdjustmentError, match="评审专家不得少于7人（LC19-10），本次为6人"):
        settings("liaocheng-chief-2019", "recommender_review", members=6)


@pytest.mark.parametrize(
    ("threshold", "allowed"),
    [
        ({"at_least": "2/3"}, True),
        ({"more_than": "2/3"}, True),  # stricter than 2/3 以上
        ({"at_least": "3/4"}, True),
        ({"more_than": "1/2"}, False),  # looser than the file's 2/3
        ({"at_least": "1/2"}, False),
    ],
)
def test_campaign_may_make_the_threshold_stricter_only(threshold, allowed):
    if allowed:
        result = settings("changchun-skills-3", "panel", threshold=threshold)
        assert result.sheet_rules()["threshold"] == threshold
    else:
        with pytest.raises(PanelAdjustmentError, match="通过标准不得低于达到有表决权专家的2/3以上"):
            settings("changchun-skills-3", "panel", threshold=threshold)


@pytest.mark.parametrize(("quorum", "allowed"), [("3/4", True), ("1", True), ("1/2", False)])
def test_campaign_may_raise_the_quorum_only(quorum, allowed):
    if allowed:
        assert settings("beijing-outstanding-6", "panel", quorum=quorum).quorum.share == quorum
    else:
        with pytest.raises(PanelAdjustmentError, match="出席人数比例不得低于2/3"):
            settings("beijing-outstanding-6", "panel", quorum=quorum)


def test_fixed_setting_cannot_be_adjusted():
    spec = PanelSpec.model_validate(
        VOTE_PANEL | {"quorum": {"share": "2/3", "clause": "TC-01", "adjust": "fixed"}}
    )
    with pytest.raises(PanelAdjustmentError, match="由项目文件规定为2/3（TC-01），不可调整"):
        panel_settings(spec, PanelAdjustment(quorum="3/4"))


def test_campaign_may_change_a_default_trim_within_reason():
    result = settings("xingan-expert-2024", "panel", trim={"drop": 2, "min_scores": 7})
    assert (result.sheet_rules()["trim"], result.sheet_rules()["trim_min"]) == (2, 7)
    with pytest.raises(PanelAdjustmentError, match="min_scores 应大于4"):
        settings("xingan-expert-2024", "panel", trim={"drop": 2, "min_scores": 4})


def test_adjustment_of_the_other_method_is_refused():
    with pytest.raises(PanelAdjustmentError, match="采用评分方式"):
        settings("xingan-expert-2024", "panel", threshold={"at_least": "3/4"})
    with pytest.raises(PanelAdjustmentError, match="采用投票方式"):
        settings("changchun-skills-3", "panel", trim={"drop": 0, "min_scores": 1})


def test_sheet_rules_feed_the_tally():
    """The platform's sheet: the campaign's rules plus the panel, its candidates and scores."""
    rules = settings("xingan-expert-2024", "panel").sheet_rules()
    experts = [f"E{n}" for n in range(1, 6)]
    sheet = rules | {
        "quota": 1,
        "members": experts,
        "candidates": [{"ref": "A", "name": "甲"}],
        "scores": [
            {"expert": e, "candidate": "A", "criteria": {c["id"]: v for c in rules["criteria"]}}
            for e, v in zip(experts, [90, 80, 70, 60, 50], strict=True)
        ],
    }
    result = tally(sheet).results[0]
    assert (result.counted, result.dropped, result.total) == (5, 2, 210)
