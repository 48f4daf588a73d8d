"""Batch rules (duplicates BJ24-12 and CC3-11, quotas CC3-16 and LC19-02, the XA24-12 ceiling)
and the engine's verdict: one batch screened end to end through :func:`report_for`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from skillaward.core.engine import Screener, Screening
from skillaward.core.idnumber import mask_id_number
from skillaward.core.program import bundled_programs
from skillaward.core.record import read_batch
from skillaward.core.report import Finding, Report, verdict_of
from tests.builders import applicant, id_number, report_for

BJ24 = "beijing-allowance-2024"
CC3 = "changchun-skills-3"
LC19 = "liaocheng-chief-2019"
XA24 = "xingan-expert-2024"
GRAND = "grand-award"
EXPERT = "technical-expert"
CHAOYANG = "北京市朝阳区人力资源和社会保障局"
HAIDIAN = "北京市海淀区人力资源和社会保障局"


def nominated_by(recommender: str, recommender_type: str) -> dict[str, str]:
    return {"channel": "unit", "recommender": recommender, "recommender_type": recommender_type}


def clause_findings(report: Report, clause: str) -> list[list[Finding]]:
    """Per screened record, its findings of ``clause``."""
    return [[f for f in result.findings if f.clause == clause] for result in report.results]


def batch(report: Report, clause: str) -> list[tuple[str, str, str]]:
    return [(f.outcome, f.subject, f.message) for f in report.batch_findings if f.clause == clause]


# BJ24-12: cross or duplicate submission ----------------------------------------------------


def test_bj24_12_single_submission_passes() -> None:
    report = report_for(BJ24, applicant(BJ24), applicant(BJ24, serial=13))
    assert [r.verdict for r in report.results] == ["eligible", "eligible"]
    assert clause_findings(report, "BJ24-12") == [[], []]
    assert batch(report, "BJ24-12") == []


@pytest.mark.parametrize(
    ("second_recommender", "units"),
    [(CHAOYANG, CHAOYANG), (HAIDIAN, f"{CHAOYANG}、{HAIDIAN}")],
)
def test_bj24_12_same_person_twice_makes_both_ineligible(
    second_recommender: str, units: str
) -> None:
    first = applicant(BJ24, ref="A-1")
    second = applicant(BJ24, ref="A-2", nomination=nominated_by(second_recommender, "district"))
    other = applicant(BJ24, ref="B-1", serial=13)
    report = report_for(BJ24, first, other, second)
    message = f"同一人被推荐2次（{units}），交叉、重复推荐均视为无效"
    assert [(r.ref, r.verdict) for r in report.results] == [
        ("A-1", "ineligible"),
        ("B-1", "eligible"),
        ("A-2", "ineligible"),
    ]
    duplicate = [Finding("BJ24-12", "fail", message)]
    assert clause_findings(report, "BJ24-12") == [duplicate, [], duplicate]
    summary = report.summary
    assert (summary.total, summary.eligible, summary.ineligible) == (3, 1, 2)


def test_bj24_12_three_submissions_all_invalid() -> None:
    records = [applicant(BJ24, ref=f"A-{n}") for n in range(3)]
    report = report_for(BJ24, *records)
    assert [r.verdict for r in report.results] == ["ineligible"] * 3
    [(outcome, _, message)] = batch(report, "BJ24-12")
    assert outcome == "fail"
    assert "同一人被推荐3次" in message


def test_bj24_12_legacy_15_digit_number_is_the_same_person() -> None:
    number = id_number("1978-03-10")
    legacy = number[:6] + number[8:17]  # drop the century "19" and the check character
    assert len(legacy) == 15
    report = report_for(
        BJ24,
        applicant(BJ24),
        applicant(BJ24, id_number=legacy, nomination=nominated_by(HAIDIAN, "district")),
    )
    assert [r.verdict for r in report.results] == ["ineligible", "ineligible"]
    assert [len(fs) for fs in clause_findings(report, "BJ24-12")] == [1, 1]
    [(outcome, subject, _)] = batch(report, "BJ24-12")
    assert outcome == "fail"
    assert subject == f"王建国（{mask_id_number(number)}）"


def test_bj24_12_batch_finding_names_the_person_masked() -> None:
    number = id_number("1978-03-10")
    report = report_for(BJ24, applicant(BJ24), applicant(BJ24))
    [(_, subject, _)] = batch(report, "BJ24-12")
    assert subject == f"王建国（{number[:6]}********{number[-4:]}）"
    assert number not in str(report.to_dict()["batch_findings"])


def test_bj24_12_ineligible_duplicate_counted_once_in_summary() -> None:
    too_junior = applicant(BJ24, skill_level="高级工")
    report = report_for(BJ24, too_junior, applicant(BJ24), applicant(BJ24, serial=13))
    assert [r.verdict for r in report.results] == ["ineligible", "ineligible", "eligible"]
    summary = report.summary
    assert (summary.total, summary.eligible, summary.ineligible) == (3, 1, 2)


def test_bj24_12_findings_reach_the_right_records_around_a_rejected_one() -> None:
    broken = applicant(BJ24, ref="BAD", id_number="11010519780310025")  # 17 digits
    records = [
        applicant(BJ24, ref="A-1"),
        broken,
        applicant(BJ24, ref="B-1", serial=13),
        applicant(BJ24, ref="A-2"),
    ]
    report = report_for(BJ24, *records)
    assert [r.ref for r in report.rejected] == ["BAD"]
    assert [(r.ref, r.verdict) for r in report.results] == [
        ("A-1", "ineligible"),
        ("B-1", "eligible"),
        ("A-2", "ineligible"),
    ]
    assert [len(fs) for fs in clause_findings(report, "BJ24-12")] == [1, 0, 1]


def test_bj24_12_streaming_summary_matches_the_report() -> None:
    # The first record is ineligible already; the duplicate must not count it twice.
    records = [applicant(BJ24, skill_level="高级工"), applicant(BJ24, serial=13), applicant(BJ24)]
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    screening = Screening(Screener(bundled_programs()[BJ24]))
    for item in read_batch(lines):
        screening.add(item)
    screening.conclude()
    expected = report_for(BJ24, *records).summary
    assert screening.summary == expected
    assert (expected.eligible, expected.ineligible) == (1, 2)


# CC3-11: one person, both awards ------------------------------------------------------------


def changchun(award: str, *, serial: int = 12, **changes: Any) -> dict[str, Any]:
    """A valid CC3 record; technical-expert candidates hold no past title (CC3-02)."""
    honours = {"honors": []} if award == EXPERT else {}
    return applicant(CC3, award=award, serial=serial, **{**honours, **changes})


def test_cc3_11_same_person_in_both_awards_fails_both() -> None:
    report = report_for(CC3, changchun(GRAND), changchun(EXPERT), changchun(GRAND, serial=13))
    message = "同一人同时申报长春技能大奖和长春技术能手，不得同时申报"
    assert [r.verdict for r in report.results] == ["ineligible", "ineligible", "eligible"]
    cross = [Finding("CC3-11", "fail", message)]
    assert clause_findings(report, "CC3-11") == [cross, cross, []]
    [(outcome, subject, said)] = batch(report, "CC3-11")
    assert (outcome, said) == ("fail", message)
    assert subject == f"王建国（{mask_id_number(id_number('1976-08-08'))}）"
    assert report.summary.ineligible == 2


def test_cc3_11_distinct_people_in_the_two_awards_pass() -> None:
    report = report_for(CC3, changchun(GRAND), changchun(EXPERT, serial=13))
    assert [r.verdict for r in report.results] == ["eligible", "eligible"]
    assert batch(report, "CC3-11") == []


def test_cc3_11_same_person_twice_in_one_award_is_not_cross_application() -> None:
    report = report_for(CC3, changchun(EXPERT), changchun(EXPERT))
    assert clause_findings(report, "CC3-11") == [[], []]
    assert batch(report, "CC3-11") == []


# CC3-16: quotas per recommending unit and award --------------------------------------------


def cc3_batch(
    unit: str, kind: str, awards: dict[str, int], first_serial: int = 100
) -> list[dict[str, Any]]:
    records = []
    serial = first_serial
    for award, count in awards.items():
        for _ in range(count):
            records.append(changchun(award, serial=serial, nomination=nominated_by(unit, kind)))
            serial += 1
    return records


CC3_UNITS = {
    "county": ("长春市朝阳区人力资源和社会保障局", "县（市、区）人社部门", 3),
    "technical_school": ("长春市机械工业学校", "技工院校", 2),
    "soe": ("长春某汽车集团", "国有企业", 2),
    "city_department": ("长春市住房和城乡建设局", "市直有关部门", 2),
}
AWARD_NAMES = {GRAND: "长春技能大奖", EXPERT: "长春技术能手"}


@pytest.mark.parametrize("award", [GRAND, EXPERT])
@pytest.mark.parametrize("kind", list(CC3_UNITS))
@pytest.mark.parametrize("over", [0, 1])
def test_cc3_16_quota_per_unit_and_award(award: str, kind: str, over: int) -> None:
    unit, kind_name, quota = CC3_UNITS[kind]
    count = quota + over
    report = report_for(CC3, *cc3_batch(unit, kind, {award: count}))
    findings = batch(report, "CC3-16")
    if over:
        message = f"推荐{count}人，超过{kind_name}{quota}人名额"
        assert findings == [("fail", f"{unit} · {AWARD_NAMES[award]}", message)]
    else:
        message = f"推荐{count}人，未超过{kind_name}{quota}人名额"
        assert findings == [("pass", f"{unit} · {AWARD_NAMES[award]}", message)]
    # A quota finding concerns the unit; it changes no candidate's verdict.
    assert [r.verdict for r in report.results] == ["eligible"] * count
    assert clause_findings(report, "CC3-16") == [[]] * count


def test_cc3_16_county_quota_plus_one_fails() -> None:
    unit = "长春市朝阳区人力资源和社会保障局"
    report = report_for(CC3, *cc3_batch(unit, "county", {GRAND: 4}))
    assert batch(report, "CC3-16") == [
        ("fail", f"{unit} · 长春技能大奖", "推荐4人，超过县（市、区）人社部门3人名额")
    ]


def test_cc3_16_counted_per_award_3_plus_3_passes() -> None:
    unit = "长春市朝阳区人力资源和社会保障局"
    report = report_for(CC3, *cc3_batch(unit, "county", {GRAND: 3, EXPERT: 3}))
    assert set(batch(report, "CC3-16")) == {
        ("pass", f"{unit} · 长春技能大奖", "推荐3人，未超过县（市、区）人社部门3人名额"),
        ("pass", f"{unit} · 长春技术能手", "推荐3人，未超过县（市、区）人社部门3人名额"),
    }


def test_cc3_16_unused_grand_award_quota_does_not_extend_technical_expert_quota() -> None:
    unit = "长春市机械工业学校"
    report = report_for(CC3, *cc3_batch(unit, "technical_school", {GRAND: 1, EXPERT: 3}))
    assert set(batch(report, "CC3-16")) == {
        ("fail", f"{unit} · 长春技术能手", "推荐3人，超过技工院校2人名额"),
        ("pass", f"{unit} · 长春技能大奖", "推荐1人，未超过技工院校2人名额"),
    }


def test_cc3_16_counted_per_recommending_unit() -> None:
    records = [
        *cc3_batch("长春市朝阳区人力资源和社会保障局", "county", {GRAND: 3}, first_serial=100),
        *cc3_batch("长春市南关区人力资源和社会保障局", "county", {GRAND: 3}, first_serial=200),
    ]
    report = report_for(CC3, *records)
    assert [outcome for outcome, _, _ in batch(report, "CC3-16")] == ["pass", "pass"]


# LC19-02: recommendation quotas --------------------------------------------------------------

LC19_UNITS = {
    "county": ("东昌府区人力资源和社会保障局", "县（市、区）人社部门", 10),
    "city_department": ("聊城市交通运输局", "市直有关部门", 3),
    "large_enterprise": ("聊城某钢铁集团", "大企业", 3),
    "sme": ("聊城某精密机械有限公司", "中小企业", 2),
}


@pytest.mark.parametrize("kind", list(LC19_UNITS))
@pytest.mark.parametrize("over", [0, 1])
def test_lc19_02_recommendation_quota(kind: str, over: int) -> None:
    unit, kind_name, quota = LC19_UNITS[kind]
    count = quota + over
    records = [
        applicant(LC19, serial=100 + n, nomination=nominated_by(unit, kind)) for n in range(count)
    ]
    report = report_for(LC19, *records)
    if over:
        expected = ("fail", unit, f"推荐{count}人，超过{kind_name}{quota}人名额")
    else:
        expected = ("pass", unit, f"推荐{count}人，未超过{kind_name}{quota}人名额")
    assert batch(report, "LC19-02") == [expected]
    assert [r.verdict for r in report.results] == ["eligible"] * count


def test_lc19_02_county_eleven_fails_with_message() -> None:
    records = [applicant(LC19, serial=100 + n) for n in range(11)]
    report = report_for(LC19, *records)
    [(outcome, subject, message)] = batch(report, "LC19-02")
    assert (outcome, subject) == ("fail", "东昌府区人力资源和社会保障局")
    assert message.startswith("推荐11人，超过")
    assert message.endswith("10人名额")
    assert report.summary.eligible == 11


# XA24-12: at most 40 candidates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "outcome", "message"),
    [(40, "pass", "候选人40人，未超过40人上限"), (41, "fail", "候选人41人，超过40人上限")],
)
def test_xa24_12_candidate_ceiling_40(count: int, outcome: str, message: str) -> None:
    records = [applicant(XA24, serial=100 + n) for n in range(count)]
    report = report_for(XA24, *records)
    assert batch(report, "XA24-12") == [(outcome, "本批次", message)]
    assert report.summary.eligible == count


# Engine: verdicts and records that cannot be screened ---------------------------------------


@pytest.mark.parametrize(
    ("outcomes", "verdict"),
    [
        ([], "eligible"),
        (["pass"], "eligible"),
        (["warn"], "eligible"),
        (["review"], "eligible"),
        (["pass", "warn", "review", "warn"], "eligible"),
        (["fail"], "ineligible"),
        (["pass", "warn", "review", "fail"], "ineligible"),
    ],
)
def test_engine_verdict_ineligible_exactly_when_a_finding_fails(
    outcomes: list[str], verdict: str
) -> None:
    findings = [Finding(f"LC19-0{n}", o, "…") for n, o in enumerate(outcomes)]  # type: ignore[arg-type]
    assert verdict_of(findings) == verdict


def test_engine_warn_and_review_do_not_decide_a_screened_record() -> None:
    report = report_for(LC19, applicant(LC19, born="1970-01-01"))
    [result] = report.results
    outcomes = {f.clause: f.outcome for f in result.findings}
    assert outcomes["LC19-07"] == "warn"
    assert outcomes["LC19-05"] == "review"
    assert "fail" not in outcomes.values()
    assert result.verdict == "eligible"
    assert report.summary.to_dict() == {
        "total": 1,
        "eligible": 1,
        "ineligible": 0,
        "warnings": 1,
        "rejected": 0,
    }


def test_engine_record_of_another_programme_is_rejected() -> None:
    report = report_for(LC19, applicant(BJ24, ref="X-1"), applicant(LC19, ref="L-1"))
    assert [r.ref for r in report.results] == ["L-1"]
    [rejection] = report.rejected
    assert (rejection.ref, rejection.line) == ("X-1", 1)
    [error] = rejection.errors
    assert error.field == "program"
    assert error.message == (
        "记录属于项目“beijing-allowance-2024”，与本次筛查的“liaocheng-chief-2019”不符"
    )
    assert report.summary.rejected == 1
    assert report.summary.total == 1
