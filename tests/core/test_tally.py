"""The tally of a panel sheet, exactly as interchange.md specifies it (BJ6-16, CC3-07, LC19-10)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from skillaward.core.tally import SheetError, display, loads, tally, tally_text

EXPERTS = tuple(f"E{n}" for n in range(1, 11))


def vote_sheet(
    ballots: dict[str, str],
    *,
    members: int = 7,
    threshold: dict[str, str] | None = None,
    quota: int = 1,
    **extra: Any,
) -> dict[str, Any]:
    """A vote sheet; ``ballots`` maps a candidate to one letter per expert, in member order:
    y(es), n(o), a(bstain), - (no ballot)."""
    experts = EXPERTS[:members]
    votes = [
        {"expert": e, "candidate": ref, "vote": {"y": "yes", "n": "no", "a": "abstain"}[v]}
        for ref, letters in ballots.items()
        for e, v in zip(experts, letters, strict=True)
        if v != "-"
    ]
    return {
        "method": "vote",
        "quota": quota,
        "members": list(experts),
        "candidates": [{"ref": ref, "name": f"候选人{ref}"} for ref in ballots],
        "threshold": threshold or {"at_least": "2/3"},
        "votes": votes,
        **extra,
    }


def score_sheet(
    totals: dict[str, list[int | str | None]], *, quota: int = 1, **extra: Any
) -> dict[str, Any]:
    """A one-criterion score sheet (max 100): one score per expert in member order (None: none)."""
    width = max(len(scores) for scores in totals.values())
    experts = EXPERTS[:width]
    scores = [
        {"expert": e, "candidate": ref, "criteria": {"overall": _exact(value)}}
        for ref, values in totals.items()
        for e, value in zip(experts, values, strict=False)
        if value is not None
    ]
    return {
        "method": "score",
        "quota": quota,
        "members": list(experts),
        "candidates": [{"ref": ref, "name": f"候选人{ref}"} for ref in totals],
        "criteria": [{"id": "overall", "name": "综合评定", "max": 100}],
        "trim": 1,
        "scores": scores,
        **extra,
    }


def _exact(value: int | str) -> int | Decimal:
    return Decimal(value) if isinstance(value, str) else value


def by_ref(report) -> dict[str, Any]:
    return {r.ref: r for r in report.results}


# --- the contract's own example -------------------------------------------------------------


def test_interchange_example_vote_report_exactly():
    sheet = vote_sheet(
        {"A-1": "yy-yyyy--", "A-2": "yyyyyna--", "A-3": "yyyyynn--"},
        members=9,
        quota=2,
        threshold={"at_least": "2/3"},
        present=list(EXPERTS[:7]),
        quorum="2/3",
        recusals=[{"expert": "E3", "candidate": "A-1", "reason": "同一工作单位"}],
    )
    assert tally(sheet).to_json() == {
        "method": "vote",
        "quota": 2,
        "quorum": {"members": 9, "present": 7, "required": 6, "met": True},
        "results": [
            {
                "ref": "A-1",
                "name": "候选人A-1",
                "rank": 1,
                "entitled": 6,
                "recused": ["E3"],
                "votes": {"yes": 6, "no": 0, "abstain": 0},
                "passed": True,
                "selected": True,
            },
            {
                "ref": "A-2",
                "name": "候选人A-2",
                "rank": 2,
                "entitled": 7,
                "votes": {"yes": 5, "no": 1, "abstain": 1},
                "passed": True,
            },
            {
                "ref": "A-3",
                "name": "候选人A-3",
                "rank": 2,
                "entitled": 7,
                "votes": {"yes": 5, "no": 2, "abstain": 0},
                "passed": True,
            },
        ],
        "runoff": ["A-2", "A-3"],
        "rejected": [],
    }


# --- thresholds: 以上 (at least) versus 超过 (more than) -----------------------------------


@pytest.mark.parametrize(
    ("threshold", "ballots", "passed"),
    [
        ({"at_least": "2/3"}, "yyyynn", True),  # 4 of 6 is exactly 2/3: 以上 includes it
        ({"at_least": "2/3"}, "yyynnn", False),
        ({"more_than": "2/3"}, "yyyynn", False),  # exactly 2/3 is not 超过 2/3
        ({"more_than": "2/3"}, "yyyyyn", True),
        ({"more_than": "1/2"}, "yyynnn", False),  # 3 of 6 is half, not 过半数
        ({"more_than": "1/2"}, "yyyynn", True),
        ({"at_least": "1/2"}, "yyynnn", True),
        ({"at_least": "1"}, "yyyyyy", True),
        ({"at_least": "1"}, "yyyyya", False),
    ],
)
def test_vote_threshold_at_least_versus_more_than(threshold, ballots, passed):
    report = tally(vote_sheet({"A": ballots}, members=6, threshold=threshold))
    assert report.results[0].passed is passed
    assert report.results[0].selected is passed
    assert report.results[0].rank == (1 if passed else None)


@pytest.mark.parametrize("ballots", ["yyyyaa", "yyyy--", "yyyyan"])
def test_vote_abstentions_and_missing_ballots_count_as_not_yes(ballots):
    """Every entitled expert is in the denominator: 4 yes of 6 entitled is 2/3, not more."""
    report = tally(vote_sheet({"A": ballots}, members=6, threshold={"more_than": "2/3"}))
    assert (report.results[0].entitled, report.results[0].passed) == (6, False)


def test_recused_expert_is_out_of_the_denominator():
    """4 yes of 6 entitled passes at 2/3; counted over all 7 members it would fail (4/7)."""
    sheet = vote_sheet(
        {"A": "yyyy-nn"},
        recusals=[{"expert": "E5", "candidate": "A", "reason": "近三年合作"}],
    )
    result = tally(sheet).results[0]
    assert (result.entitled, result.recused, result.passed) == (6, ("E5",), True)


def test_recusal_only_concerns_its_own_candidate():
    sheet = vote_sheet(
        {"A": "yyyyyn-", "B": "yyyyynn"},
        quota=2,
        recusals=[{"expert": "E7", "candidate": "A", "reason": "师徒关系"}],
    )
    results = by_ref(tally(sheet))
    assert (results["A"].entitled, results["A"].recused) == (6, ("E7",))
    assert (results["B"].entitled, results["B"].recused) == (7, ())


def test_candidate_with_every_expert_recused_does_not_pass():
    recusals = [{"expert": e, "candidate": "A", "reason": "同一单位"} for e in EXPERTS[:3]]
    result = tally(vote_sheet({"A": "---"}, members=3, recusals=recusals)).results[0]
    assert (result.entitled, result.passed, result.selected) == (0, False, False)


def test_absent_members_are_not_entitled():
    sheet = vote_sheet({"A": "yyyy---"}, present=list(EXPERTS[:6]))
    result = tally(sheet).results[0]
    assert (result.entitled, result.passed) == (6, True)


# --- quorum ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "present", "required", "met"),
    [(10, 7, 7, True), (10, 6, 7, False), (9, 6, 6, True), (9, 5, 6, False), (7, 5, 5, True)],
)
def test_quorum_two_thirds_of_members_rounded_up(members, present, required, met):
    sheet = vote_sheet(
        {"A": "y" * members}, members=members, present=list(EXPERTS[:present]), quorum="2/3"
    )
    assert vars(tally(sheet).quorum) == {
        "members": members,
        "present": present,
        "required": required,
        "met": met,
    }


def test_quorum_not_met_reports_ranks_but_selects_nobody_and_no_runoff():
    sheet = vote_sheet(
        {"A": "yyyyy--", "B": "yyyyy--"},
        quota=1,
        present=list(EXPERTS[:5]),
        quorum="6/7",
    )
    report = tally(sheet)
    assert report.quorum.met is False
    assert [(r.ref, r.rank, r.passed, r.selected) for r in report.results] == [
        ("A", 1, True, False),
        ("B", 1, True, False),
    ]
    assert report.runoff == []


def test_no_quorum_given_is_always_met():
    report = tally(vote_sheet({"A": "yyy"}, members=3, present=["E1", "E2", "E3"]))
    assert vars(report.quorum) == {"members": 3, "present": 3, "required": None, "met": True}


# --- scores: trim, ties, exact decimals -------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "counted", "dropped", "total"),
    [
        ([90, 80, 70, 60], 4, 0, Fraction(75)),  # 4 scores: nothing dropped
        ([90, 80, 70, 60, 50], 5, 2, Fraction(70)),  # 5 scores: one highest, one lowest
        ([90, 90, 80, 70, 60], 5, 2, Fraction(80)),  # tied top: one copy of 90 dropped
        ([70, 70, 70, 70, 70], 5, 2, Fraction(70)),  # zero spread
        ([100, 0, 50, None, None, None], 3, 0, Fraction(50)),
        ([91, 80, 81, 79, 80, 60, 80], 7, 2, Fraction(80)),
    ],
)
def test_score_trim_at_four_and_five_scores(scores, counted, dropped, total):
    result = tally(score_sheet({"A": scores})).results[0]
    assert (result.counted, result.dropped, result.total) == (counted, dropped, total)


def test_trim_counts_only_entitled_scores_after_recusal():
    """Five scores given but one expert recused: four count, so nothing is dropped."""
    sheet = score_sheet(
        {"A": [90, 80, 70, 60]},
        recusals=[{"expert": "E5", "candidate": "A", "reason": "亲属"}],
    )
    sheet["members"] = list(EXPERTS[:5])
    result = tally(sheet).results[0]
    assert (result.entitled, result.counted, result.dropped, result.total) == (4, 4, 0, 75)


def test_trim_default_is_none_and_trim_min_configurable():
    sheet = score_sheet({"A": [100, 50, 0]})
    del sheet["trim"]
    assert tally(sheet).results[0].dropped == 0
    sheet = score_sheet({"A": [100, 50, 0]}, trim_min=3)
    assert (tally(sheet).results[0].dropped, tally(sheet).results[0].total) == (2, 50)


def test_weighted_criteria_sum_value_times_weight():
    sheet = score_sheet({"A": [None]})
    sheet["criteria"] = [
        {"id": "skill", "name": "技能水平", "max": 40, "weight": Decimal("1.5")},
        {"id": "deeds", "name": "业绩", "max": 60, "weight": 1},
    ]
    sheet["scores"] = [
        {"expert": "E1", "candidate": "A", "criteria": {"skill": Decimal("30.5"), "deeds": 50}}
    ]
    assert tally(sheet).results[0].total == Fraction("95.75")


def test_exact_decimals_tie_where_floats_would_not():
    """0.1 + 0.2 equals 0.3 exactly: the two tie at the quota line and go to a runoff."""
    text = """{"method": "score", "quota": 1, "members": ["E1"],
      "candidates": [{"ref": "A", "name": "甲"}, {"ref": "B", "name": "乙"}],
      "criteria": [{"id": "x", "name": "x", "max": 1}, {"id": "y", "name": "y", "max": 1}],
      "scores": [{"expert": "E1", "candidate": "A", "criteria": {"x": 0.1, "y": 0.2}},
                 {"expert": "E1", "candidate": "B", "criteria": {"x": 0.3, "y": 0}}]}"""
    report = tally_text(text)
    assert [(r.ref, r.rank, r.selected) for r in report.results] == [
        ("A", 1, None),
        ("B", 1, None),
    ]
    assert report.runoff == ["A", "B"]


def test_numbers_are_read_exactly_as_written():
    assert loads('{"a": 0.1, "b": 1e-1, "c": 3}') == {
        "a": Decimal("0.1"),
        "b": Decimal("0.1"),
        "c": 3,
    }


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(80125, 1000), "80.13"),  # half up
        (Fraction(80124, 1000), "80.12"),
        (Fraction(2, 3), "0.67"),
        (Fraction(1, 3), "0.33"),
        (Fraction(100), "100.00"),
        (Fraction(0), "0.00"),
        (Fraction(5, 1000), "0.01"),
    ],
)
def test_display_rounds_half_up_to_two_places(value, shown):
    assert display(value) == shown


def test_ranks_are_shared_and_the_next_skips():
    report = tally(score_sheet({"A": [90], "B": [80], "C": [80], "D": [70]}, quota=4))
    assert [(r.ref, r.rank) for r in report.results] == [("A", 1), ("B", 2), ("C", 2), ("D", 4)]


def test_total_shown_with_two_places_in_the_report():
    report = tally(score_sheet({"A": [90, 85, 86]})).to_json()
    assert report["results"][0] == {
        "ref": "A",
        "name": "候选人A",
        "rank": 1,
        "entitled": 3,
        "total": "87.00",
        "counted": 3,
        "dropped": 0,
        "selected": True,
    }


def test_candidate_without_score_has_no_total_no_rank_and_is_not_selected():
    report = tally(score_sheet({"A": [None, None], "B": [50, 60]}, quota=2))
    a = by_ref(report)["A"]
    assert (a.total, a.rank, a.counted, a.selected) == (None, None, 0, False)
    assert by_ref(report)["B"].selected is True


# --- selection: the quota line ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("totals", "quota", "selected", "runoff"),
    [
        # the tie straddles the line: a runoff among the tied only
        ({"A": 90, "B": 80, "C": 80, "D": 70}, 2, {"A": True, "D": False}, ["B", "C"]),
        # the tie fits inside the quota: both selected
        ({"A": 90, "B": 80, "C": 80, "D": 70}, 3, {"A": True, "B": True, "C": True}, []),
        # the tie falls just below the line: neither selected, no runoff
        ({"A": 90, "B": 80, "C": 80, "D": 70}, 1, {"A": True, "B": False, "C": False}, []),
        # all tied for one place
        ({"A": 80, "B": 80, "C": 80}, 1, {}, ["A", "B", "C"]),
        # three tied for two places
        ({"A": 95, "B": 80, "C": 80, "D": 80}, 2, {"A": True}, ["B", "C", "D"]),
        # fewer candidates than places: places stay empty (差额 CC3-07)
        ({"A": 90, "B": 80}, 5, {"A": True, "B": True}, []),
    ],
)
def test_ties_at_the_quota_line_go_to_a_runoff(totals, quota, selected, runoff):
    report = tally(score_sheet({ref: [t] for ref, t in totals.items()}, quota=quota))
    for ref, expected in selected.items():
        assert by_ref(report)[ref].selected is expected
    for ref in runoff:
        assert by_ref(report)[ref].selected is None
        assert "selected" not in next(r for r in report.to_json()["results"] if r["ref"] == ref)
    assert report.runoff == runoff


def test_nothing_is_broken_by_input_order():
    forward = score_sheet({"A": [90, 70], "B": [80, 80], "C": [85, 75]}, quota=1)
    backward = dict(forward)
    backward["candidates"] = forward["candidates"][::-1]
    backward["scores"] = forward["scores"][::-1]
    backward["members"] = forward["members"][::-1]
    for sheet in (forward, backward):
        report = tally(sheet)
        assert {r.ref: (r.rank, r.selected) for r in report.results} == {
            "A": (1, None),
            "B": (1, None),
            "C": (1, None),
        }
        assert sorted(report.runoff) == ["A", "B", "C"]


def test_fewer_pass_than_places_leaves_places_empty():
    """CC3-07 差额: only those who pass are selected, however many places remain."""
    report = tally(vote_sheet({"A": "yyyyyyy", "B": "yyynnnn", "C": "nnnnnnn"}, quota=3))
    assert {r.ref: (r.passed, r.rank, r.selected) for r in report.results} == {
        "A": (True, 1, True),
        "B": (False, None, False),
        "C": (False, None, False),
    }


def test_passing_candidates_rank_by_yes_votes():
    report = tally(vote_sheet({"A": "yyyyynn", "B": "yyyyyyy", "C": "yyyyyyn"}, quota=2))
    assert [(r.ref, r.rank, r.selected) for r in report.results] == [
        ("B", 1, True),
        ("C", 2, True),
        ("A", 3, False),
    ]


# --- bad input: listed under rejected, the rest tallied ---------------------------------------


def score_text(value: str) -> str:
    return (
        '{"method": "score", "quota": 1, "members": ["E1", "E2"],'
        ' "candidates": [{"ref": "A", "name": "甲"}],'
        ' "criteria": [{"id": "x", "name": "技能", "max": 100}],'
        ' "scores": [{"expert": "E1", "candidate": "A", "criteria": {"x": 80}},'
        f' {{"expert": "E2", "candidate": "A", "criteria": {{"x": {value}}}}}]}}'
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("101", "评分项“技能”得分101超出0～100分的范围"),
        ("-1", "评分项“技能”得分-1超出0～100分的范围"),
        ("100.01", "评分项“技能”得分100.01超出0～100分的范围"),
        ("NaN", "评分项“技能”：“NaN”不是有限数值"),
        ("Infinity", "评分项“技能”：“Infinity”不是有限数值"),
        ("-Infinity", "评分项“技能”：“-Infinity”不是有限数值"),
        ('"NaN"', "评分项“技能”：“NaN”不是有限数值"),
        ('"infinity"', "评分项“技能”：“infinity”不是有限数值"),
        ('"八十"', "评分项“技能”：“八十”不是数字"),
        ('"80"', "评分项“技能”：“80”不是数字"),
        ("true", "评分项“技能”：“True”不是数字"),
        ("null", "评分项“技能”：“None”不是数字"),
        ("1e400", "评分项“技能”得分1E+400超出0～100分的范围"),
    ],
)
def test_bad_score_is_rejected_with_its_position_and_the_rest_tallied(value, message):
    report = tally_text(score_text(value))
    assert [(r.position, r.message) for r in report.rejected] == [("scores[1]", message)]
    assert (report.results[0].counted, report.results[0].total) == (1, 80)


@pytest.mark.parametrize("value", ["0", "100", "0.0", "99.99"])
def test_scores_at_the_bounds_are_accepted(value):
    report = tally_text(score_text(value))
    assert (report.rejected, report.results[0].counted) == ([], 2)


def test_float_given_to_the_function_is_refused():
    sheet = score_sheet({"A": [80]})
    sheet["scores"][0]["criteria"]["overall"] = 80.5
    assert [r.message for r in tally(sheet).rejected] == [
        "评分项“综合评定”：80.5应以精确的十进制数给出"
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"expert": "E9", "candidate": "A", "criteria": {"overall": 1}},
            "评审专家“E9”不是评审组成员",
        ),
        (
            {"expert": "E1", "candidate": "Z", "criteria": {"overall": 1}},
            "候选人“Z”不在候选人名单中",
        ),
        ({"expert": "E1", "candidate": "A", "criteria": {}}, "缺少评分项“综合评定”（overall）"),
        (
            {"expert": "E1", "candidate": "A", "criteria": {"overall": 1, "extra": 2}},
            "未知评分项：extra",
        ),
        ({"expert": "E1", "candidate": "A"}, "criteria：缺少必填项"),
        ("E1 80", "(根)：应为对象"),
    ],
)
def test_malformed_score_entries_are_rejected(entry, message):
    sheet = score_sheet({"A": [None, 70]})
    sheet["scores"].append(entry)
    report = tally(sheet)
    assert [(r.position, r.message) for r in report.rejected] == [("scores[1]", message)]
    assert report.results[0].counted == 1


def test_score_by_a_recused_expert_is_rejected():
    sheet = score_sheet(
        {"A": [80, 70]}, recusals=[{"expert": "E2", "candidate": "A", "reason": "同一单位"}]
    )
    report = tally(sheet)
    assert [(r.position, r.message) for r in report.rejected] == [
        ("scores[1]", "评审专家“E2”已回避候选人“A”，其评分不计")
    ]
    assert (report.results[0].counted, report.results[0].total) == (1, 80)


def test_score_by_an_absent_member_is_rejected():
    report = tally(score_sheet({"A": [80, 70]}, present=["E1"]))
    assert [r.message for r in report.rejected] == ["评审专家“E2”未出席，其评分不计"]


def test_second_score_for_the_same_candidate_is_rejected_and_the_first_stands():
    sheet = score_sheet({"A": [80]})
    sheet["scores"].append({"expert": "E1", "candidate": "A", "criteria": {"overall": 20}})
    report = tally(sheet)
    assert [(r.position, r.message) for r in report.rejected] == [
        ("scores[1]", "评审专家“E1”对候选人“A”的评分重复，以第一份为准")
    ]
    assert report.results[0].total == 80


def test_a_corrected_score_after_a_rejected_one_counts():
    """Only an accepted score makes a later one a repeat: a typo's correction below it counts."""
    sheet = score_sheet({"A": [800]})
    sheet["scores"].append({"expert": "E1", "candidate": "A", "criteria": {"overall": 80}})
    report = tally(sheet)
    assert [r.position for r in report.rejected] == ["scores[0]"]
    assert report.results[0].total == 80


def test_bad_vote_value_is_rejected():
    sheet = vote_sheet({"A": "yyy"}, members=3)
    sheet["votes"][2]["vote"] = "同意"
    report = tally(sheet)
    assert [(r.position, r.message) for r in report.rejected] == [
        ("votes[2]", "投票“同意”应为 yes（赞成）、no（反对）或 abstain（弃权）")
    ]
    assert report.results[0].votes == {"yes": 2, "no": 0, "abstain": 0}


def test_vote_by_a_recused_expert_is_rejected():
    sheet = vote_sheet(
        {"A": "yyy"}, members=3, recusals=[{"expert": "E1", "candidate": "A", "reason": "亲属"}]
    )
    report = tally(sheet)
    assert [r.message for r in report.rejected] == ["评审专家“E1”已回避候选人“A”，其投票不计"]
    assert (report.results[0].entitled, report.results[0].votes["yes"]) == (2, 2)


# --- sheets that cannot be tallied ------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "colour：未知字段"),
        ({"threshold": None}, "投票方式须写明通过标准（threshold）"),
        ({"criteria": [{"id": "x", "name": "x", "max": 1}]}, "criteria 不用于vote方式"),
        ({"scores": []}, "scores 不用于vote方式"),
        ({"quorum": "two thirds"}, "比例“two thirds”应写成分数"),
        ({"quorum": "3/2"}, "比例“3/2”应大于0且不超过1"),
        ({"quota": 0}, "quota：取值0超出允许范围"),
        ({"quota": "2"}, "quota：应为整数"),
        ({"members": ["E1", "E1", "E2"]}, "members 中重复：E1"),
        ({"present": ["E1", "X"]}, "present 中的“X”不是评审组成员"),
        (
            {"candidates": [{"ref": "A", "name": "甲"}, {"ref": "A", "name": "乙"}]},
            "candidates 中重复：A",
        ),
        (
            {"recusals": [{"expert": "X", "candidate": "A", "reason": "亲属"}]},
            "recusals[0]：评审专家“X”不是评审组成员",
        ),
        (
            {"recusals": [{"expert": "E1", "candidate": "Q", "reason": "亲属"}]},
            "recusals[0]：候选人“Q”不在候选人名单中",
        ),
        ({"recusals": [{"expert": "E1", "candidate": "A", "reason": ""}]}, "不能为空"),
    ],
)
def test_sheet_that_cannot_be_tallied_raises_a_chinese_message(change, message):
    sheet = vote_sheet({"A": "yyy"}, members=3) | change
    with pytest.raises(SheetError, match="评审表无法计票") as caught:
        tally(sheet)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"criteria": None}, "评分方式须写明评分项（criteria）"),
        ({"trim": 2, "trim_min": 4}, "trim_min 应大于4"),
        ({"threshold": {"at_least": "1/2"}}, "threshold 不用于score方式"),
        ({"votes": []}, "votes 不用于score方式"),
        ({"criteria": [{"id": "x", "name": "x", "max": 0}]}, "criteria.0.max"),
        ({"criteria": [{"id": "x", "name": "x", "max": "NaN"}]}, "不是有限数值"),
    ],
)
def test_score_sheet_that_cannot_be_tallied(change, message):
    with pytest.raises(SheetError) as caught:
        tally(score_sheet({"A": [80]}) | change)
    assert message in str(caught.value)


def test_text_that_is_not_json_is_refused():
    with pytest.raises(SheetError, match="不是有效的JSON"):
        tally_text("{method: vote")
