"""Rule fidelity across programmes (issue 12), each test at the boundary of its clause.

Titles by meaning (the excluded look-alike, the notice's own spelling, another province's
title), windows that end at the reference date (the day after it), regions by division code
(the county-level city written alone, an old name), the medal for a rank, expert co-signers,
and messages that say why a recorded item did not count.
"""

from __future__ import annotations

from typing import Any

import pytest

from skillaward.core.record import RecordInvalid, validate_record
from tests.builders import applicant, findings

BJ6 = "beijing-outstanding-6"
BJ24 = "beijing-allowance-2024"
XA24 = "xingan-expert-2024"
CC3 = "changchun-skills-3"
LC19 = "liaocheng-chief-2019"
COUNTY_CHIEF = {"title": "东昌府区首席技师", "level": "county", "year": 2017}


def honour(title: str, level: str, year: int = 2017, **extra: Any) -> dict[str, Any]:
    return {"title": title, "level": level, "year": year, **extra}


def lc19_08(**changes: Any) -> Any:
    changes.setdefault("honors", [COUNTY_CHIEF])
    return findings(LC19, applicant(LC19, **changes))["LC19-08"]


# Titles by meaning ----------------------------------------------------------------------


@pytest.mark.parametrize("clause", ["BJ6-02", "BJ24-03"])
@pytest.mark.parametrize("title", ["享受国务院颁发政府特殊津贴", "国务院颁发的政府特殊津贴"])
def test_bj6_02_and_bj24_03_notice_spelling_of_state_council_allowance_bars(
    clause: str, title: str
) -> None:
    program = BJ6 if clause.startswith("BJ6") else BJ24
    finding = findings(program, applicant(program, honors=[honour(title, "national")]))[clause]
    assert finding.outcome == "fail"
    assert f"已获得“{title}”" in finding.message


@pytest.mark.parametrize(
    "title",
    [
        "交通运输部政府特殊津贴",  # a ministry's allowance is not the State Council's
        "北京市朝阳区政府特殊津贴",
        "北京市青年技术能手",
    ],
)
def test_bj6_02_look_alike_of_state_council_allowance_does_not_bar(title: str) -> None:
    finding = findings(BJ6, applicant(BJ6, honors=[honour(title, "national")]))["BJ6-02"]
    assert finding.outcome == "pass"


@pytest.mark.parametrize(
    "title", ["享受国务院颁发政府特殊津贴", "山东省有突出贡献的技师", "聊城市有突出贡献的技师"]
)
def test_lc19_08_condition_2_notice_spelling_passes(title: str) -> None:
    level = "national" if "国务院" in title else "provincial"
    finding = lc19_08(honors=[COUNTY_CHIEF, honour(title, level)], conditions_claimed=[])
    assert finding.outcome == "pass"
    assert finding.message == f"符合第2项业绩条件：“{title}”（2017年）"


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("山东省青年技术能手", "provincial"),  # contains 技术能手 but is another title
        ("山东省行业技术能手", "industry"),
        ("河北省技术能手", "provincial"),  # 省技术能手 is the notice's own province
        ("交通运输部技术能手", "national"),  # a ministry's title is not 全国技术能手
        ("天津市突出贡献技师", "city"),  # 市突出贡献技师 is 聊城市's
    ],
)
def test_lc19_08_condition_2_look_alike_fails_and_says_why(title: str, level: str) -> None:
    finding = lc19_08(honors=[COUNTY_CHIEF, honour(title, level)], conditions_claimed=[])
    assert finding.outcome == "fail"
    assert f"第2项：“{title}”不是所列称号" in finding.message


def test_xa24_06_condition_6_trade_title_outside_the_region_fails() -> None:
    held = honour("伊春市林业行业技术能手", "industry", 2021)
    finding = findings(XA24, applicant(XA24, honors=[held], conditions_claimed=[]))["XA24-06"]
    assert finding.outcome == "fail"
    assert "“伊春市林业行业技术能手”不是大兴安岭地区授予的称号" in finding.message


def test_cc3_04_condition_5_other_contest_named_skills_competition_fails() -> None:
    result = {
        "name": "吉林省职业技能大赛",
        "level": "national",
        "class": 1,
        "year": 2020,
        "medal": "金牌",
        "represented": "吉林省",
    }
    record = applicant(CC3, competitions=[result], conditions_claimed=[])
    finding = findings(CC3, record)["CC3-04"]
    assert finding.outcome == "fail"
    assert "吉林省职业技能大赛不是中华人民共和国职业技能大赛" in finding.message


def test_cc3_04_condition_5_national_competition_by_its_other_spelling_passes() -> None:
    result = {
        "name": "第二届全国职业技能大赛",
        "level": "national",
        "class": 1,
        "year": 2022,
        "medal": "铜牌",
        "represented": "吉林省",
    }
    finding = findings(CC3, applicant(CC3, competitions=[result]))["CC3-04"]
    assert finding.outcome == "pass"
    assert "符合第5项业绩条件：第二届全国职业技能大赛铜牌（2022年）" in finding.message


# Placings and messages that say why -------------------------------------------------------


@pytest.mark.parametrize(("rank", "outcome"), [(3, "pass"), (4, "fail")])
def test_lc19_08_condition_3_provincial_class_1_top_3(rank: int, outcome: str) -> None:
    result = {"name": "山东省职业技能大赛", "level": "provincial", "class": 1, "year": 2018}
    finding = lc19_08(competitions=[{**result, "rank": rank}])
    assert finding.outcome == outcome
    if outcome == "fail":
        assert "第3项：山东省职业技能大赛第4名，须前3名" in finding.message
        assert "未申报任何一项业绩条件" not in finding.message


def test_lc19_08_unclaimed_condition_names_what_the_record_holds() -> None:
    result = {"name": "全国技能大赛", "level": "national", "class": 2, "year": 2018, "rank": 9}
    finding = lc19_08(
        honors=[COUNTY_CHIEF, honour("山东省青年技术能手", "provincial")],
        competitions=[result],
        conditions_claimed=[],
    )
    assert finding.outcome == "fail"
    assert finding.message == (
        "不符合3项业绩条件中的任何一项（第2项：“山东省青年技术能手”不是所列称号；"
        "第3项：全国技能大赛第9名，须前3名）"
    )


# Windows end at the reference date (LC19: 2019-07-31) -------------------------------------


@pytest.mark.parametrize(
    ("extra", "outcome"),
    [
        ({"year": 2019, "date": "2019-07-31"}, "pass"),  # the reference date itself
        ({"year": 2019, "date": "2019-08-01"}, "fail"),  # the day after
        ({"year": 2020}, "fail"),  # a later year, no day given
    ],
)
def test_lc19_08_honour_after_the_reference_date_does_not_count(
    extra: dict[str, Any], outcome: str
) -> None:
    held = {"title": "全国技术能手", "level": "national", **extra}
    finding = lc19_08(honors=[COUNTY_CHIEF, held], conditions_claimed=[])
    assert finding.outcome == outcome
    if outcome == "fail":
        assert "晚于基准日2019-07-31，不计入" in finding.message


def test_lc19_08_competition_after_the_reference_date_is_flagged() -> None:
    result = {
        "name": "全国技能大赛",
        "level": "national",
        "class": 1,
        "year": 2019,
        "date": "2019-08-01",
        "rank": 1,
    }
    finding = lc19_08(
        competitions=[result], conditions_claimed=[{"condition": 3, "evidence": "证书"}]
    )
    assert finding.outcome == "fail"
    assert "全国技能大赛第1名（2019年）晚于基准日2019-07-31，不计入" in finding.message


def test_achievement_date_must_fall_in_its_year() -> None:
    record = applicant(LC19, honors=[{**COUNTY_CHIEF, "date": "2018-01-05"}])
    with pytest.raises(RecordInvalid, match="日期2018-01-05与年份2017不一致"):
        validate_record(record)


# Regions by administrative division -------------------------------------------------------


def employer(region: str, code: str | None = None) -> dict[str, Any]:
    return {
        "name": "某厂",
        "region": region,
        "nature": "其他",
        **({"region_code": code} if code else {}),
    }


@pytest.mark.parametrize(
    ("program", "clause", "region", "code", "outcome"),
    [
        (LC19, "LC19-03", "临清市", None, "pass"),  # county-level city without its prefecture
        (LC19, "LC19-03", "临清", "371581", "pass"),  # the code decides
        (LC19, "LC19-03", "茌平县", None, "pass"),  # the old name of 茌平区
        (LC19, "LC19-03", "东昌府区", "371523", "pass"),  # an old code (茌平县)
        (LC19, "LC19-03", "历下区", "370102", "fail"),
        (CC3, "CC3-01", "德惠市", None, "pass"),
        (CC3, "CC3-01", "四平市公主岭市", None, "pass"),  # moved to 长春 in 2020
        (CC3, "CC3-01", "吉林市船营区", None, "fail"),
        (XA24, "XA24-03", "漠河县", None, "pass"),  # 漠河市 since 2018
        (XA24, "XA24-03", "塔河", "232722", "pass"),
        (BJ6, "BJ6-01", "延庆县", None, "pass"),
        (BJ6, "BJ6-01", "北京经济技术开发区", None, "pass"),  # no division: named in the file
        (BJ6, "BJ6-01", "朝阳区", "220104", "fail"),  # 长春市朝阳区
    ],
)
def test_region_clause_by_division_code(
    program: str, clause: str, region: str, code: str | None, outcome: str
) -> None:
    finding = findings(program, applicant(program, employer=employer(region, code)))[clause]
    if outcome == "pass":  # XA24-03 also asks a person to confirm the skill (review)
        assert finding.outcome in ("pass", "review")
        assert "不在" not in finding.message
    else:
        assert finding.outcome == "fail"
        assert f"工作单位所在地{region}" in finding.message
    if outcome == "fail" and code is not None:
        assert f"{code}），不在" in finding.message


def test_unknown_region_code_is_rejected() -> None:
    with pytest.raises(RecordInvalid, match="行政区划代码“379999”不在GB/T 2260代码表中"):
        validate_record(applicant(LC19, employer=employer("聊城市", "379999")))


# BJ6-10: expert co-signers -----------------------------------------------------------------


def expert(name: str, occupation: str = "车工", **qualification: Any) -> dict[str, Any]:
    return {"name": name, "occupation": occupation, "signed": True, **qualification}


def bj6_10(experts: list[dict[str, Any]]) -> Any:
    nomination = {
        "channel": "expert",
        "recommender": "北京市朝阳区人力资源和社会保障局",
        "recommender_type": "district",
        "experts": experts,
    }
    return findings(BJ6, applicant(BJ6, nomination=nomination))["BJ6-10"]


def test_bj6_10_expert_title_in_the_applicants_shape_passes() -> None:
    finding = bj6_10(
        [
            expert("甲", professional_title={"level": "副高级", "field": "机械工程"}),
            expert("乙", professional_title="正高级"),  # the earlier bare level still reads
            expert("丙", skill_level="高级技师"),
        ]
    )
    assert finding.outcome == "pass"
    assert finding.message == "3名具备资格的专家联名推荐并签署意见"


def test_bj6_10_same_person_signing_three_times_counts_once() -> None:
    finding = bj6_10([expert("甲", skill_level="高级技师")] * 3)
    assert finding.outcome == "fail"
    assert finding.message == (
        "具备资格并签署意见的推荐专家1名，不足3名（甲重复签署，只计1人；甲重复签署，只计1人）"
    )


def test_bj6_10_unrelated_occupation_goes_to_review() -> None:
    finding = bj6_10(
        [
            expert("甲", skill_level="高级技师"),
            expert("乙", occupation="数控车工", skill_level="高级技师"),  # related: names 车工
            expert("丙", occupation="育婴员", skill_level="高级技师"),
        ]
    )
    assert finding.outcome == "review"
    assert "丙（育婴员）的职业（工种）与申报人的“车工”是否相关" in finding.message
