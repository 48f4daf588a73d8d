"""Clause tests of 第三届长春技能大奖和长春技术能手评选 (changchun-skills-3, CC3-xx).

The reference date is the end of the submission window, 2022-10-26. The builder's record is a
grand-award candidate (高级技师, past 长春技术能手, claiming attest condition 2); a
technical-expert candidate here holds no honours unless a test gives some.
"""

from __future__ import annotations

from typing import Any

import pytest

from skillaward.core.record import Honor
from tests.builders import applicant, findings, id_number, report_for

CC3 = "changchun-skills-3"
GRAND = "grand-award"
EXPERT = "technical-expert"
PAST_EXPERT = {"title": "长春技术能手", "level": "city", "year": 2018}


def candidate(award: str, **changes: Any) -> dict[str, Any]:
    """A valid record for ``award``: a technical-expert candidate starts without honours."""
    base: dict[str, Any] = {} if award == GRAND else {"honors": []}
    return applicant(CC3, award=award, **{**base, **changes})


def honour(title: str, level: str = "city", year: int = 2019) -> dict[str, Any]:
    return {"title": title, "level": level, "year": year}


# CC3-01 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("award", [GRAND, EXPERT])
@pytest.mark.parametrize(
    ("changes", "outcome", "said"),
    [
        ({}, "pass", "工作单位所在地长春市朝阳区，属于长春市域"),
        (
            {"employer": {"name": "某厂", "region": "长春市九台区", "nature": "事业单位"}},
            "pass",
            "长春市九台区，属于长春市域",
        ),
        (
            {"employer": {"name": "某厂", "region": "吉林市船营区", "nature": "事业单位"}},
            "fail",
            "工作单位所在地吉林市船营区，不在长春市域",
        ),
        (
            {"post": {"title": "设备科科员", "front_line": False}},
            "fail",
            "岗位“设备科科员”不是生产、服务一线岗位",
        ),
        (
            {"post": {"title": "设备科科员", "front_line": False}, "freelancer": True},
            "fail",
            "岗位“设备科科员”不是生产、服务一线岗位",
        ),
    ],
)
def test_cc3_01_changchun_front_line_post(
    award: str, changes: dict[str, Any], outcome: str, said: str
) -> None:
    finding = findings(CC3, candidate(award, **changes))["CC3-01"]
    assert finding.outcome == outcome
    assert said in finding.message


# CC3-02 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("award", "held", "outcome"),
    [
        (GRAND, "长春技能大奖", "fail"),
        (GRAND, "第二届“长春技能大奖”", "fail"),
        (GRAND, "长春技术能手", "pass"),
        (EXPERT, "长春技术能手", "fail"),
        (EXPERT, "长春技能大奖", "pass"),
    ],
)
def test_cc3_02_same_title_not_applied_for_again(award: str, held: str, outcome: str) -> None:
    finding = findings(CC3, candidate(award, honors=[honour(held)]))["CC3-02"]
    assert finding.outcome == outcome
    if outcome == "fail":
        assert f"已获得“{held}”（2019年）" in finding.message
    else:
        assert "未获得“长春" in finding.message
        assert held not in finding.message


@pytest.mark.parametrize("digits", [18, 15])
def test_cc3_02_past_grand_award_holder_in_registry_fails(digits: int) -> None:
    number = id_number("1976-08-08")
    registry = {number: [Honor(title="长春技能大奖", level="city", year=2017)]}
    record = candidate(GRAND)
    if digits == 15:
        record["id_number"] = number[:6] + number[8:17]  # the legacy form of the same number
    finding = findings(CC3, record, registry=registry)["CC3-02"]
    assert finding.outcome == "fail"
    assert "已获得“长春技能大奖”（2017年）" in finding.message


@pytest.mark.parametrize("award", [GRAND, EXPERT])
@pytest.mark.parametrize(
    ("changes", "outcome", "said"),
    [
        ({}, "pass", "非现任企事业单位负责人；未退休"),
        (
            {"post": {"title": "厂长", "front_line": True, "unit_head": True}},
            "fail",
            "现任企事业单位负责人（厂长）",
        ),
        ({"retired": True}, "fail", "已退休"),
    ],
)
def test_cc3_02_unit_head_and_retired_excluded(
    award: str, changes: dict[str, Any], outcome: str, said: str
) -> None:
    finding = findings(CC3, candidate(award, **changes))["CC3-02"]
    assert finding.outcome == outcome
    assert said in finding.message


# CC3-04 ---------------------------------------------------------------------------------

MODEL_WORKER = honour("长春市劳动模范", "city", 2019)


@pytest.mark.parametrize(
    ("level", "outcome", "said"),
    [
        ("技师", "fail", "职业资格等级技师，未达到高级技师及以上"),
        ("二级", "fail", "职业资格等级技师，未达到高级技师及以上"),
        ("高级技师", "pass", "职业资格等级高级技师，达到高级技师及以上"),
        ("一级", "pass", "职业资格等级高级技师，达到高级技师及以上"),
        ("特级技师", "pass", "职业资格等级特级技师，达到高级技师及以上"),
    ],
)
def test_cc3_04_grand_award_needs_senior_technician(level: str, outcome: str, said: str) -> None:
    record = candidate(
        GRAND, skill_level=level, honors=[PAST_EXPERT, MODEL_WORKER], conditions_claimed=[]
    )
    finding = findings(CC3, record)["CC3-04"]
    assert finding.outcome == outcome
    assert said in finding.message


@pytest.mark.parametrize(
    ("title", "level", "outcome"),
    [
        ("全国五一劳动奖章", "national", "pass"),
        ("吉林省五一劳动奖章", "provincial", "pass"),
        ("长春市五一劳动奖章", "city", "pass"),
        ("长春市劳动模范", "city", "pass"),
        ("全国劳动模范", "national", "pass"),
        ("朝阳区五一劳动奖章", "county", "fail"),
        ("朝阳区劳动模范", "county", "fail"),
        ("长春市先进生产者", "city", "fail"),
    ],
)
def test_cc3_04_condition_1_model_worker_city_level_or_higher(
    title: str, level: str, outcome: str
) -> None:
    record = candidate(
        GRAND,
        honors=[PAST_EXPERT, honour(title, level, 2020)],
        conditions_claimed=[{"condition": 1, "evidence": "劳动模范证书"}],
    )
    finding = findings(CC3, record)["CC3-04"]
    assert finding.outcome == outcome
    if outcome == "pass":
        assert f"符合第1项业绩条件：“{title}”（2020年）" in finding.message
    else:
        assert "申报第1项条件，但未记录" in finding.message
        assert "市级或省级或国家级“五一劳动奖章”" in finding.message


@pytest.mark.parametrize(
    ("medal", "represented", "outcome"),
    [
        ("金牌", "吉林省", "pass"),
        ("银牌", "吉林省", "pass"),
        ("铜牌", "吉林省", "pass"),
        ("优胜奖", "吉林省", "fail"),
        ("铜牌", "辽宁省", "fail"),
        ("铜牌", None, "fail"),
    ],
)
def test_cc3_04_condition_5_national_contest_bronze_for_jilin(
    medal: str, represented: str | None, outcome: str
) -> None:
    result = {
        "name": "第一届中华人民共和国职业技能大赛",
        "level": "national",
        "class": 1,
        "year": 2020,
        "medal": medal,
        "represented": represented,
    }
    record = candidate(
        GRAND,
        competitions=[result],
        conditions_claimed=[{"condition": 5, "evidence": "大赛证书"}],
    )
    finding = findings(CC3, record)["CC3-04"]
    assert finding.outcome == outcome
    if outcome == "pass":
        assert f"符合第5项业绩条件：第一届中华人民共和国职业技能大赛{medal}（2020年）" in (
            finding.message
        )
    else:
        assert "申报第5项条件" in finding.message
        assert "代表吉林省参加全国“中华人民共和国职业技能大赛”铜牌及以上" in finding.message


def test_cc3_04_attest_condition_goes_to_review() -> None:
    finding = findings(CC3, candidate(GRAND))["CC3-04"]
    assert finding.outcome == "review"
    assert "需人工核实：申报第2项业绩条件" in finding.message


def test_cc3_04_no_condition_fails() -> None:
    finding = findings(CC3, candidate(GRAND, conditions_claimed=[]))["CC3-04"]
    assert finding.outcome == "fail"
    assert "不符合5项业绩条件中的任何一项" in finding.message


# CC3-05 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("honors", "outcome", "said"),
    [
        ([PAST_EXPERT], "pass", "已获得“长春技术能手”（2018年）"),
        ([], "warn", "未获得“长春技术能手”"),
        ([honour("吉林省技术能手", "provincial", 2018)], "warn", "未获得“长春技术能手”"),
    ],
)
def test_cc3_05_grand_award_from_past_technical_experts(
    honors: list[dict[str, Any]], outcome: str, said: str
) -> None:
    report = report_for(CC3, candidate(GRAND, honors=honors))
    result = report.results[0]
    finding = {f.clause: f for f in result.findings}["CC3-05"]
    assert finding.outcome == outcome
    assert said in finding.message
    assert result.verdict == "eligible"
    assert report.summary.warnings == (outcome == "warn")


def test_cc3_05_past_technical_expert_in_registry_passes() -> None:
    registry = {id_number("1976-08-08"): [Honor(title="长春技术能手", level="city", year=2016)]}
    finding = findings(CC3, candidate(GRAND, honors=[]), registry=registry)["CC3-05"]
    assert finding.outcome == "pass"
    assert "已获得“长春技术能手”（2016年）" in finding.message


def test_cc3_05_not_asked_of_technical_expert_candidates() -> None:
    assert "CC3-05" not in findings(CC3, candidate(EXPERT))


# CC3-06 ---------------------------------------------------------------------------------

FAILS_CC3_06 = (
    "未达到高级工及以上，或乡村振兴、新职业、新业态、新职业（新业态）中级以上专业技术资格"
)


@pytest.mark.parametrize(
    ("level", "title", "outcome", "said"),
    [
        ("高级工", None, "review", "需人工核实：申报第2项业绩条件"),
        ("三级", None, "review", "需人工核实：申报第2项业绩条件"),
        ("中级工", None, "fail", f"职业资格等级中级工，{FAILS_CC3_06}"),
        ("中级工", {"level": "中级", "field": "乡村振兴"}, "review", "需人工核实"),
        ("中级工", {"level": "副高级", "field": "乡村振兴"}, "review", "需人工核实"),
        ("中级工", {"level": "中级", "field": "新职业"}, "review", "需人工核实"),
        ("中级工", {"level": "中级", "field": "新业态"}, "review", "需人工核实"),
        ("中级工", {"level": "中级", "field": "新职业（新业态）"}, "review", "需人工核实"),
        ("中级工", {"level": "初级", "field": "乡村振兴"}, "fail", FAILS_CC3_06),
        ("中级工", {"level": "中级", "field": "机械工程"}, "fail", FAILS_CC3_06),
        ("中级工", {"level": "中级"}, "fail", FAILS_CC3_06),
        ("初级工", None, "fail", f"职业资格等级初级工，{FAILS_CC3_06}"),
    ],
)
def test_cc3_06_senior_worker_or_rural_title(
    level: str, title: dict[str, str] | None, outcome: str, said: str
) -> None:
    changes: dict[str, Any] = {"skill_level": level}
    if title is not None:
        changes["professional_title"] = title
    report = report_for(CC3, candidate(EXPERT, **changes))
    result = report.results[0]
    finding = {f.clause: f for f in result.findings}["CC3-06"]
    assert finding.outcome == outcome
    assert said in finding.message
    assert result.verdict == ("ineligible" if outcome == "fail" else "eligible")


def test_cc3_06_no_condition_claimed_fails() -> None:
    finding = findings(CC3, candidate(EXPERT, conditions_claimed=[]))["CC3-06"]
    assert finding.outcome == "fail"
    assert "不符合4项业绩条件中的任何一项" in finding.message


def test_cc3_06_not_asked_of_grand_award_candidates() -> None:
    assert "CC3-06" not in findings(CC3, candidate(GRAND))


# CC3-09 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "recommender_type", "outcome", "said"),
    [
        ("unit", "county", "pass", "单位推荐，推荐单位：某推荐单位"),
        ("unit", "city_department", "pass", "单位推荐"),
        ("unit", "technical_school", "pass", "单位推荐"),
        ("unit", "soe", "pass", "单位推荐"),
        ("unit", "district", "fail", "推荐单位类型“区人力资源社会保障局”不是本项目的归口推荐单位"),
        ("unit", "sme", "fail", "推荐单位类型“中小企业”不是本项目的归口推荐单位"),
        ("self", "county", "fail", "推荐方式为个人自荐，本项目只接受单位推荐"),
        ("expert", "county", "fail", "推荐方式为专家推荐，本项目只接受单位推荐"),
    ],
)
def test_cc3_09_unit_recommendation_by_listed_recommenders(
    channel: str, recommender_type: str, outcome: str, said: str
) -> None:
    nomination = {
        "channel": channel,
        "recommender": "某推荐单位",
        "recommender_type": recommender_type,
    }
    finding = findings(CC3, candidate(GRAND, nomination=nomination))["CC3-09"]
    assert finding.outcome == outcome
    assert said in finding.message


# Records of a two-award programme must name the award --------------------------------------


@pytest.mark.parametrize(
    ("award", "said"),
    [
        (None, "本项目有多个奖项，须注明：grand-award、technical-expert"),
        ("gold-medal", "奖项“gold-medal”不在本项目中"),
    ],
)
def test_cc3_record_without_valid_award_is_rejected(award: str | None, said: str) -> None:
    record = applicant(CC3)
    if award is None:
        del record["award"]
    else:
        record["award"] = award
    report = report_for(CC3, record, applicant(CC3, serial=13))
    assert [r.verdict for r in report.results] == ["eligible"]
    [rejection] = report.rejected
    assert rejection.line == 1
    [error] = rejection.errors
    assert error.field == "award"
    assert said in error.message
    assert report.summary.rejected == 1


def test_cc3_award_chosen_for_the_whole_screening() -> None:
    without = applicant(CC3)
    del without["award"]
    other_award = applicant(CC3, serial=13)  # grand-award
    report = report_for(CC3, candidate(EXPERT, serial=14), without, other_award, award=EXPERT)
    assert [[f.clause for f in r.findings] for r in report.results] == [
        ["CC3-09", "CC3-01", "CC3-02", "CC3-06"]
    ] * 2
    [rejection] = report.rejected
    assert rejection.line == 3
    assert rejection.errors[0].field == "award"
    assert rejection.errors[0].message == "记录申报“grand-award”，与指定奖项“technical-expert”不符"
