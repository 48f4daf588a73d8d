"""Clause tests of 大兴安岭地区2024年度选树“兴安技术能手” (xingan-expert-2024, XA24-xx).

The reference date is the end of the application phase, 2024-03-19, before the 2025 retirement
reform. The builder's record is a man born 1980-05-20, 高级工 in 大兴安岭地区加格达奇区 on a
front-line post, recommended by the county HR bureau and claiming the attest condition 1; he
holds no honours and no competition results.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from skillaward.core.record import Honor
from skillaward.core.report import Finding
from tests.builders import applicant, report_for

XA24 = "xingan-expert-2024"
REFERENCE_DATE = date(2024, 3, 19)


def screened(record: dict[str, Any], **options: Any) -> tuple[str, dict[str, Finding]]:
    """The verdict and the findings by clause of one record."""
    report = report_for(XA24, record, **options)
    assert not report.rejected, report.rejected
    result = report.results[0]
    return result.verdict, {finding.clause: finding for finding in result.findings}


def honour(title: str, level: str, year: int = 2021) -> dict[str, Any]:
    return {"title": title, "level": level, "year": year}


def competition(level: str = "provincial", class_: int = 1, **result: Any) -> dict[str, Any]:
    return {"name": "黑龙江省职业技能大赛", "level": level, "class": class_, "year": 2022, **result}


def claims(*numbers: int) -> list[dict[str, Any]]:
    return [{"condition": n, "evidence": "证明材料"} for n in numbers]


# XA24-03 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"employer": {"name": "某林场", "region": "大兴安岭地区漠河市", "nature": "事业单位"}},
        {"employer": {"name": "某厂", "region": "黑龙江省大兴安岭地区塔河县", "nature": "其他"}},
        {
            "employer": {
                "name": "某店",
                "region": "大兴安岭地区呼玛县",
                "nature": "非公经济企业（个体）",
            }
        },
        # an eligible freelancer counts as a front-line worker
        {"post": {"title": "木雕艺人", "front_line": False}, "freelancer": True},
    ],
)
def test_xa24_03_front_line_worker_in_region_goes_to_review(changes: dict[str, Any]) -> None:
    verdict, found = screened(applicant(XA24, **changes))
    assert found["XA24-03"].outcome == "review"
    assert found["XA24-03"].message == "需人工核实：技能水平在全区本职业（工种）中居前列"
    assert verdict == "eligible"


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        (
            {"employer": {"name": "某厂", "region": "黑龙江省哈尔滨市", "nature": "其他"}},
            "工作单位所在地黑龙江省哈尔滨市，不在大兴安岭地区",
        ),
        (
            {"employer": {"name": "某厂", "region": "内蒙古自治区兴安盟", "nature": "其他"}},
            "工作单位所在地内蒙古自治区兴安盟，不在大兴安岭地区",
        ),
        (
            {"post": {"title": "办公室主任", "front_line": False}},
            "岗位“办公室主任”不是生产、服务一线岗位",
        ),
    ],
)
def test_xa24_03_outside_region_or_off_front_line_fails(changes: dict[str, Any], said: str) -> None:
    verdict, found = screened(applicant(XA24, **changes))
    assert found["XA24-03"].outcome == "fail"
    assert found["XA24-03"].message == said
    assert verdict == "ineligible"


# XA24-04 --------------------------------------------------------------------------------


def test_xa24_04_exactly_three_years_to_retirement_passes() -> None:
    """3年以上 includes 3 years to the day (clauses.md); old law (60) at 2024-03-19."""
    report = report_for(XA24, applicant(XA24, born="1967-03-19"))
    assert report.as_of == REFERENCE_DATE
    found = {finding.clause: finding for finding in report.results[0].findings}
    assert found["XA24-04"].outcome == "pass"
    assert found["XA24-04"].message == "按男职工计，法定退休日期2027-03-19，距退休3年，满3年"
    assert report.results[0].verdict == "eligible"


@pytest.mark.parametrize(
    ("born", "said"),
    [
        ("1967-03-18", "法定退休日期2027-03-18，距退休2年11个月27天，不足3年"),  # one day short
        ("1967-02-19", "法定退休日期2027-02-19，距退休2年11个月，不足3年"),
        ("1964-03-19", "法定退休日期2024-03-19，基准日已达到法定退休年龄"),
        ("1962-07-01", "法定退休日期2022-07-01，基准日已达到法定退休年龄"),
    ],
)
def test_xa24_04_less_than_three_years_to_retirement_fails(born: str, said: str) -> None:
    verdict, found = screened(applicant(XA24, born=born))
    assert found["XA24-04"].outcome == "fail"
    assert found["XA24-04"].message == f"按男职工计，{said}"
    assert verdict == "ineligible"


@pytest.mark.parametrize(
    ("category", "outcome", "said"),
    [
        # a woman is a worker (原50岁) unless the form says cadre
        (None, "fail", "按女职工（原50周岁）计，法定退休日期2022-03-19，基准日已达到法定退休年龄"),
        (
            "female_worker",
            "fail",
            "按女职工（原50周岁）计，法定退休日期2022-03-19，基准日已达到法定退休年龄",
        ),
        (
            "female_cadre",
            "pass",
            "按女干部（原55周岁）计，法定退休日期2027-03-19，距退休3年，满3年",
        ),
    ],
)
def test_xa24_04_female_cadre_and_female_worker_retire_at_different_ages(
    category: str | None, outcome: str, said: str
) -> None:
    given = {"retirement_category": category} if category else {}
    _, found = screened(applicant(XA24, born="1972-03-19", gender="女", **given))
    assert found["XA24-04"].outcome == outcome
    assert found["XA24-04"].message == said


@pytest.mark.parametrize(
    ("born", "gender", "category", "as_of", "outcome", "said"),
    [
        # man born 1965-03: 60 before the reform, 60 years 1 month from 2025-01-01
        ("1965-03-15", "男", "male", date(2024, 12, 31), "fail", "法定退休日期2025-03-15"),
        ("1965-03-15", "男", "male", date(2025, 1, 1), "fail", "法定退休日期2025-04-15"),
        # the reform's 8 months turn 2年5个月 into 3年1个月 overnight
        (
            "1967-06-01",
            "男",
            "male",
            date(2024, 12, 31),
            "fail",
            "法定退休日期2027-06-01，距退休2年5个月1天，不足3年",
        ),
        (
            "1967-06-01",
            "男",
            "male",
            date(2025, 1, 1),
            "pass",
            "法定退休日期2028-02-01，距退休3年1个月，满3年",
        ),
        # the 3-year boundary under the reform (60 years 10 months)
        (
            "1968-01-15",
            "男",
            "male",
            date(2025, 11, 15),
            "pass",
            "法定退休日期2028-11-15，距退休3年，",
        ),
        (
            "1968-01-15",
            "男",
            "male",
            date(2025, 11, 16),
            "fail",
            "法定退休日期2028-11-15，距退休2年11个月30天，不足3年",
        ),
        # the worked examples for women: worker 50y3m, cadre 55y3m
        ("1975-06-10", "女", "female_worker", date(2025, 1, 1), "fail", "法定退休日期2025-09-10"),
        ("1970-12-10", "女", "female_cadre", date(2025, 1, 1), "fail", "法定退休日期2026-03-10"),
    ],
)
def test_xa24_04_law_in_force_at_reference_date_decides_retirement(
    born: str, gender: str, category: str, as_of: date, outcome: str, said: str
) -> None:
    record = applicant(XA24, born=born, gender=gender, retirement_category=category)
    verdict, found = screened(record, as_of=as_of)
    assert found["XA24-04"].outcome == outcome
    assert said in found["XA24-04"].message
    assert verdict == ("eligible" if outcome == "pass" else "ineligible")


# XA24-05 (attest) -----------------------------------------------------------------------


def test_xa24_05_conduct_and_front_line_work_go_to_review() -> None:
    verdict, found = screened(applicant(XA24))
    assert found["XA24-05"].outcome == "review"
    assert found["XA24-05"].message.startswith("需人工核实：遵纪守法、爱岗敬业、勇于创新")
    assert verdict == "eligible"


# XA24-06 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "held",
    [
        honour("全国技术能手", "national"),
        honour("中华技能大奖", "national"),
        honour("龙江大工匠", "provincial"),
        honour("龙江工匠", "provincial"),
        honour("龙江技术能手", "provincial"),
        honour("大兴安岭地区林业行业技术能手", "industry"),
    ],
)
def test_xa24_06_condition_6_honour_passes_without_a_claim(held: dict[str, Any]) -> None:
    verdict, found = screened(applicant(XA24, honors=[held], conditions_claimed=[]))
    assert found["XA24-06"].outcome == "pass"
    assert found["XA24-06"].message == f"符合第6项业绩条件：“{held['title']}”（2021年）"
    assert verdict == "eligible"


@pytest.mark.parametrize(
    ("held", "why"),
    [
        # not one of the named 龙江 titles
        (honour("黑龙江省技术能手", "provincial"), "“黑龙江省技术能手”不是所列称号"),
        # the right words at the wrong level
        (honour("全国技术能手", "provincial"), "“全国技术能手”为省级，须为国家级"),
        (honour("加格达奇区技术能手", "county"), "“加格达奇区技术能手”不是所列称号"),
        (honour("兴安技术能手", "city"), "“兴安技术能手”不是所列称号"),
    ],
)
def test_xa24_06_technical_expert_at_other_level_does_not_meet_condition_6(
    held: dict[str, Any], why: str
) -> None:
    verdict, found = screened(applicant(XA24, honors=[held], conditions_claimed=[]))
    assert found["XA24-06"].outcome == "fail"
    assert found["XA24-06"].message == f"不符合8项业绩条件中的任何一项（第6项：{why}）"
    assert verdict == "ineligible"


@pytest.mark.parametrize(
    "held",
    [
        honour("国务院政府特殊津贴", "national"),
        honour("享受国务院特殊津贴", "national"),
        honour("黑龙江省政府特殊津贴", "provincial"),
    ],
)
def test_xa24_06_condition_7_special_allowance_passes(held: dict[str, Any]) -> None:
    _, found = screened(applicant(XA24, honors=[held], conditions_claimed=claims(7)))
    assert found["XA24-06"].outcome == "pass"
    assert found["XA24-06"].message == f"符合第7项业绩条件：“{held['title']}”（2021年）"


def test_xa24_06_condition_7_from_registry_passes() -> None:
    record = applicant(XA24, conditions_claimed=[])
    registry = {
        record["id_number"]: [Honor(title="国务院政府特殊津贴", level="national", year=2014)]
    }
    verdict, found = screened(record, registry=registry)
    assert found["XA24-06"].outcome == "pass"
    assert found["XA24-06"].message == "符合第7项业绩条件：“国务院政府特殊津贴”（2014年）"
    assert verdict == "eligible"


@pytest.mark.parametrize("honors", [[], [honour("地区政府特殊津贴", "city")]])
def test_xa24_06_condition_7_claimed_without_recorded_allowance_fails(
    honors: list[dict[str, Any]],
) -> None:
    verdict, found = screened(applicant(XA24, honors=honors, conditions_claimed=claims(7)))
    assert found["XA24-06"].outcome == "fail"
    wanted = "申报第7项条件，但未记录“国务院政府特殊津贴”或“黑龙江省政府特殊津贴”"
    assert wanted in found["XA24-06"].message
    assert verdict == "ineligible"


@pytest.mark.parametrize(
    ("result", "shown"),
    [
        (competition(rank=5), "第5名"),
        (competition(medal="铜牌"), "铜牌"),
        (competition(medal="金牌"), "金牌"),
        (competition(level="regional", rank=1), "第1名"),
    ],
)
def test_xa24_06_condition_5_class_1_placing_passes(result: dict[str, Any], shown: str) -> None:
    verdict, found = screened(applicant(XA24, competitions=[result], conditions_claimed=[]))
    assert found["XA24-06"].outcome == "pass"
    assert found["XA24-06"].message == f"符合第5项业绩条件：黑龙江省职业技能大赛{shown}（2022年）"
    assert verdict == "eligible"


@pytest.mark.parametrize(
    "result",
    [
        competition(class_=2, rank=1),  # class-2 competition
        competition(medal="优胜奖"),  # 优胜奖 alone is not a placing
        competition(level="regional", medal="优胜奖"),
        competition(level="city", rank=1),
    ],
)
def test_xa24_06_no_class_1_placing_does_not_meet_condition_5(result: dict[str, Any]) -> None:
    verdict, found = screened(applicant(XA24, competitions=[result], conditions_claimed=claims(5)))
    assert found["XA24-06"].outcome == "fail"
    assert "申报第5项条件，但未记录省级或地区级一类职业技能竞赛名次" in found["XA24-06"].message
    assert verdict == "ineligible"


@pytest.mark.parametrize(
    ("claimed", "numbers"),
    [
        ((1,), "1"),
        ((2,), "2"),
        ((3,), "3"),
        ((4,), "4"),
        ((8,), "8"),
        ((6,), "6"),  # 6 is also 林业转型 breakthroughs, which only a person can confirm
        ((4, 8), "4、8"),
    ],
)
def test_xa24_06_attest_conditions_go_to_review(claimed: tuple[int, ...], numbers: str) -> None:
    verdict, found = screened(applicant(XA24, conditions_claimed=claims(*claimed)))
    assert found["XA24-06"].outcome == "review"
    assert found["XA24-06"].message == f"需人工核实：申报第{numbers}项业绩条件及其证明材料"
    assert verdict == "eligible"


def test_xa24_06_no_condition_claimed_or_recorded_fails() -> None:
    verdict, found = screened(applicant(XA24, conditions_claimed=[]))
    assert found["XA24-06"].outcome == "fail"
    assert found["XA24-06"].message == "不符合8项业绩条件中的任何一项（未申报任何一项业绩条件）"
    assert verdict == "ineligible"


@pytest.mark.parametrize(("claimed", "outcome"), [((9,), "fail"), ((1, 9), "review")])
def test_xa24_06_unknown_condition_number_is_named(claimed: tuple[int, ...], outcome: str) -> None:
    _, found = screened(applicant(XA24, conditions_claimed=claims(*claimed)))
    assert found["XA24-06"].outcome == outcome
    assert "申报的第9项条件在通知中不存在" in found["XA24-06"].message


# XA24-07 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "said"),
    [
        ({"criminal_punishment": True}, "受到刑事处罚"),
        ({"ip_infringement": True}, "侵犯知识产权"),
        ({"serious_violation": True}, "其他严重违反法律法规或职业道德行为"),
        ({"criminal_punishment": True, "ip_infringement": True}, "受到刑事处罚、侵犯知识产权"),
    ],
)
def test_xa24_07_excluding_circumstance_fails(declared: dict[str, bool], said: str) -> None:
    verdict, found = screened(applicant(XA24, declarations=declared))
    assert found["XA24-07"].outcome == "fail"
    assert found["XA24-07"].message == f"申报有不得参评情形：{said}"
    assert verdict == "ineligible"


@pytest.mark.parametrize("declared", [{}, {"criminal_punishment": False}])
def test_xa24_07_no_excluding_circumstance_passes(declared: dict[str, bool]) -> None:
    _, found = screened(applicant(XA24, declarations=declared))
    assert found["XA24-07"].outcome == "pass"
    assert found["XA24-07"].message.startswith("本人声明无受到刑事处罚、侵犯知识产权")


# XA24-08 (channel) ----------------------------------------------------------------------


def nomination(channel: str, recommender_type: str) -> dict[str, Any]:
    return {
        "channel": channel,
        "recommender": "加格达奇区人力资源和社会保障局",
        "recommender_type": recommender_type,
    }


@pytest.mark.parametrize(
    ("channel", "recommender_type", "said"),
    [
        ("unit", "county", "单位推荐"),
        ("unit", "trade_association", "单位推荐"),
        ("self", "county", "个人自荐"),
        ("self", "trade_association", "个人自荐"),
    ],
)
def test_xa24_08_unit_or_self_nomination_passes(
    channel: str, recommender_type: str, said: str
) -> None:
    verdict, found = screened(applicant(XA24, nomination=nomination(channel, recommender_type)))
    assert found["XA24-08"].outcome == "pass"
    assert found["XA24-08"].message == f"{said}，推荐单位：加格达奇区人力资源和社会保障局"
    assert verdict == "eligible"


@pytest.mark.parametrize(
    ("channel", "recommender_type", "said"),
    [
        ("expert", "county", "推荐方式为专家推荐，本项目只接受单位推荐、个人自荐"),
        ("unit", "district", "推荐单位类型“区人力资源社会保障局”不是本项目的归口推荐单位"),
        ("unit", "city_bureau", "推荐单位类型“市属局（总公司）、企业集团”不是本项目的归口推荐单位"),
    ],
)
def test_xa24_08_other_channel_or_recommender_fails(
    channel: str, recommender_type: str, said: str
) -> None:
    verdict, found = screened(applicant(XA24, nomination=nomination(channel, recommender_type)))
    assert found["XA24-08"].outcome == "fail"
    assert found["XA24-08"].message == said
    assert verdict == "ineligible"
