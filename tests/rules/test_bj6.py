"""Clause tests of 第六批“北京市有突出贡献的高技能人才” (beijing-outstanding-6, BJ6-xx).

The reference date is the submission deadline, 2022-02-10. The builder's record is a 高级技师
in 北京市朝阳区 on a front-line post, nominated by the district HR bureau and claiming the
attest condition (二); it holds no honours and no industry tag.
"""

from __future__ import annotations

from typing import Any

import pytest

from skillaward.core.program import bundled_programs
from skillaward.core.record import Honor
from skillaward.core.registry import registry_honours
from skillaward.core.report import Finding
from tests.builders import applicant, report_for

BJ6 = "beijing-outstanding-6"


def screened(record: dict[str, Any], **options: Any) -> tuple[str, dict[str, Finding]]:
    """The verdict and the findings by clause of one record."""
    report = report_for(BJ6, record, **options)
    assert not report.rejected, report.rejected
    result = report.results[0]
    return result.verdict, {finding.clause: finding for finding in result.findings}


def honour(title: str, level: str = "provincial", year: int = 2018) -> dict[str, Any]:
    return {"title": title, "level": level, "year": year}


def expert(name: str, signed: bool = True, **qualification: str) -> dict[str, Any]:
    return {"name": name, "occupation": "车工", "signed": signed, **qualification}


def nomination(channel: str, experts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "channel": channel,
        "recommender": "北京市朝阳区人力资源和社会保障局",
        "recommender_type": "district",
        "experts": experts or [],
    }


# BJ6-01 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["北京市朝阳区", "北京市延庆区", "北京经济技术开发区"])
def test_bj6_01_beijing_front_line_post_passes(region: str) -> None:
    record = applicant(BJ6, employer={"name": "某厂", "region": region, "nature": "国有企业"})
    verdict, found = screened(record)
    assert found["BJ6-01"].outcome == "pass"
    assert f"工作单位所在地{region}，属于北京地区" in found["BJ6-01"].message
    assert verdict == "eligible"


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        (
            {"employer": {"name": "某厂", "region": "天津市和平区", "nature": "国有企业"}},
            "工作单位所在地天津市和平区，不在北京地区",
        ),
        (
            {"employer": {"name": "某厂", "region": "河北省廊坊市", "nature": "国有企业"}},
            "工作单位所在地河北省廊坊市，不在北京地区",
        ),
        (
            {"post": {"title": "车间主任", "front_line": False}},
            "岗位“车间主任”不是生产、服务一线岗位",
        ),
    ],
)
def test_bj6_01_outside_beijing_or_off_front_line_fails(changes: dict[str, Any], said: str) -> None:
    verdict, found = screened(applicant(BJ6, **changes))
    assert found["BJ6-01"].outcome == "fail"
    assert said in found["BJ6-01"].message
    assert verdict == "ineligible"


# BJ6-02 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title", ["国务院政府特殊津贴", "享受国务院政府特殊津贴", "“国务院特殊津贴”"]
)
def test_bj6_02_state_council_allowance_holder_fails(title: str) -> None:
    verdict, found = screened(applicant(BJ6, honors=[honour(title, "national", 2016)]))
    assert found["BJ6-02"].outcome == "fail"
    assert f"已获得“{title}”（2016年）" in found["BJ6-02"].message
    assert verdict == "ineligible"


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("北京市有突出贡献的高技能人才", "city"),
        ("第五批北京市有突出贡献的高技能人才", "provincial"),
    ],
)
def test_bj6_02_already_honoured_by_this_title_fails(title: str, level: str) -> None:
    verdict, found = screened(applicant(BJ6, honors=[honour(title, level)]))
    assert found["BJ6-02"].outcome == "fail"
    assert f"已获得“{title}”（2018年）" in found["BJ6-02"].message
    assert verdict == "ineligible"


def test_bj6_02_state_council_allowance_in_registry_fails() -> None:
    record = applicant(BJ6)
    registry = {
        record["id_number"]: [Honor(title="国务院政府特殊津贴", level="national", year=2012)]
    }
    verdict, found = screened(record, registry=registry)
    assert found["BJ6-02"].outcome == "fail"
    assert "已获得“国务院政府特殊津贴”（2012年）" in found["BJ6-02"].message
    assert verdict == "ineligible"


def test_bj6_02_past_awardee_in_registry_fails() -> None:
    """A registry of this programme's awardees (applicant records) bars them next time."""
    past = applicant(BJ6)
    registry = registry_honours([(1, past)], bundled_programs().__getitem__)
    verdict, found = screened(applicant(BJ6), registry=registry)
    assert found["BJ6-02"].outcome == "fail"
    assert "已获得“北京市有突出贡献的高技能人才”（2022年）" in found["BJ6-02"].message
    assert verdict == "ineligible"


@pytest.mark.parametrize(
    "honors",
    [
        [],
        [honour("享受北京市政府技师特殊津贴")],
        [honour("全国技术能手", "national")],
        # a district's own title of the same name is not 此项表彰
        [honour("朝阳区有突出贡献的高技能人才", "county")],
    ],
)
def test_bj6_02_without_barring_honour_passes(honors: list[dict[str, Any]]) -> None:
    _, found = screened(applicant(BJ6, honors=honors))
    assert found["BJ6-02"].outcome == "pass"
    assert "未获得" in found["BJ6-02"].message
    assert "国务院政府特殊津贴" in found["BJ6-02"].message


def test_bj6_02_registry_entry_of_another_person_passes() -> None:
    other = applicant(BJ6, serial=13)
    registry = {
        other["id_number"]: [Honor(title="国务院政府特殊津贴", level="national", year=2012)]
    }
    _, found = screened(applicant(BJ6), registry=registry)
    assert found["BJ6-02"].outcome == "pass"


# BJ6-03 (soft) --------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["享受北京市政府技师特殊津贴", "北京市政府技师特殊津贴"])
def test_bj6_03_technician_allowance_holder_passes(title: str) -> None:
    _, found = screened(applicant(BJ6, honors=[honour(title, year=2020)]))
    assert found["BJ6-03"].outcome == "pass"
    assert f"已获得“{title}”（2020年）" in found["BJ6-03"].message


def test_bj6_03_without_technician_allowance_warns_and_stays_eligible() -> None:
    verdict, found = screened(applicant(BJ6, honors=[honour("全国技术能手", "national")]))
    assert found["BJ6-03"].outcome == "warn"
    assert "未获得“北京市政府技师特殊津贴”" in found["BJ6-03"].message
    assert verdict == "eligible"


# BJ6-04 (attest) ------------------------------------------------------------------------


def test_bj6_04_basic_conditions_go_to_review() -> None:
    verdict, found = screened(applicant(BJ6))
    assert found["BJ6-04"].outcome == "review"
    assert found["BJ6-04"].message.startswith("需人工核实：")
    assert "创造性地解决重大关键技术问题" in found["BJ6-04"].message
    assert verdict == "eligible"


# BJ6-05 (soft) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tags", "shown"),
    [
        (["集成电路"], "集成电路"),
        (["餐饮", "人工智能"], "人工智能"),
        (["软件和信息服务"], "软件和信息服务"),
        (["重大建设项目"], "重大建设项目"),
    ],
)
def test_bj6_05_encouraged_industry_passes(tags: list[str], shown: str) -> None:
    _, found = screened(applicant(BJ6, industry_tags=tags))
    assert found["BJ6-05"].outcome == "pass"
    assert found["BJ6-05"].message == f"属于十大“高精尖”产业或本市重大建设项目：{shown}"


@pytest.mark.parametrize("tags", [[], ["餐饮"], ["老字号"]])
def test_bj6_05_other_industry_warns_and_stays_eligible(tags: list[str]) -> None:
    verdict, found = screened(applicant(BJ6, industry_tags=tags))
    assert found["BJ6-05"].outcome == "warn"
    assert "未标注十大“高精尖”产业" in found["BJ6-05"].message
    assert verdict == "eligible"


# BJ6-06 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("claimed", "numbers"), [([1], "1"), ([7], "7"), ([2, 6], "2、6")])
def test_bj6_06_claimed_condition_goes_to_review(claimed: list[int], numbers: str) -> None:
    claims = [{"condition": n, "evidence": "业绩材料"} for n in claimed]
    verdict, found = screened(applicant(BJ6, conditions_claimed=claims))
    assert found["BJ6-06"].outcome == "review"
    assert f"需人工核实：申报第{numbers}项业绩条件" in found["BJ6-06"].message
    assert verdict == "eligible"


def test_bj6_06_no_condition_claimed_fails() -> None:
    verdict, found = screened(applicant(BJ6, conditions_claimed=[]))
    assert found["BJ6-06"].outcome == "fail"
    assert "不符合7项业绩条件中的任何一项" in found["BJ6-06"].message
    assert "未申报任何一项业绩条件" in found["BJ6-06"].message
    assert verdict == "ineligible"


@pytest.mark.parametrize(("claimed", "outcome"), [([8], "fail"), ([1, 8], "review")])
def test_bj6_06_unknown_condition_number_is_named(claimed: list[int], outcome: str) -> None:
    claims = [{"condition": n, "evidence": "业绩材料"} for n in claimed]
    _, found = screened(applicant(BJ6, conditions_claimed=claims))
    assert found["BJ6-06"].outcome == outcome
    assert "申报的第8项条件在通知中不存在" in found["BJ6-06"].message


# BJ6-07 (attest) ------------------------------------------------------------------------


def test_bj6_07_last_five_years_achievements_go_to_review() -> None:
    verdict, found = screened(applicant(BJ6))
    assert found["BJ6-07"].outcome == "review"
    assert found["BJ6-07"].message == "需人工核实：近5年来取得的工作业绩、技术成果和突出贡献"
    assert verdict == "eligible"


# BJ6-09 (channels) ----------------------------------------------------------------------

QUALIFIED_EXPERTS = [
    expert("甲", skill_level="高级技师"),
    expert("乙", professional_title="副高级"),
    expert("丙", skill_level="一级"),
]


@pytest.mark.parametrize(
    ("channel", "recommender_type", "said"),
    [
        ("unit", "district", "单位推荐"),
        ("unit", "city_bureau", "单位推荐"),
        ("unit", "federation", "单位推荐"),
        ("unit", "private_association", "单位推荐"),
        ("expert", "district", "专家推荐"),
        ("self", "district", "个人自荐"),
    ],
)
def test_bj6_09_allowed_channel_and_guikou_unit_passes(
    channel: str, recommender_type: str, said: str
) -> None:
    experts = QUALIFIED_EXPERTS if channel == "expert" else []
    record = applicant(
        BJ6, nomination={**nomination(channel, experts), "recommender_type": recommender_type}
    )
    verdict, found = screened(record)
    assert found["BJ6-09"].outcome == "pass"
    assert found["BJ6-09"].message == f"{said}，推荐单位：北京市朝阳区人力资源和社会保障局"
    assert verdict == "eligible"


@pytest.mark.parametrize(
    ("recommender_type", "named"),
    [("county", "县（市、区）人社部门"), ("trade_association", "行业协会"), ("soe", "国有企业")],
)
def test_bj6_09_recommender_not_a_guikou_unit_fails(recommender_type: str, named: str) -> None:
    record = applicant(BJ6, nomination={**nomination("unit"), "recommender_type": recommender_type})
    verdict, found = screened(record)
    assert found["BJ6-09"].outcome == "fail"
    assert f"推荐单位类型“{named}”不是本项目的归口推荐单位" in found["BJ6-09"].message
    assert verdict == "ineligible"


# BJ6-10 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("experts", "count"),
    [
        # exactly the lowest qualifications: 高级技师 (also as 一级) and 副高级
        (QUALIFIED_EXPERTS, 3),
        (
            [
                expert("甲", skill_level="首席技师"),
                expert("乙", professional_title="正高级"),
                expert("丙", skill_level="技师", professional_title="副高级"),
            ],
            3,
        ),
        ([*QUALIFIED_EXPERTS, expert("丁", signed=False, skill_level="高级技师")], 3),
        ([*QUALIFIED_EXPERTS, expert("丁", skill_level="特级技师")], 4),
    ],
)
def test_bj6_10_three_qualified_signed_experts_pass(
    experts: list[dict[str, Any]], count: int
) -> None:
    verdict, found = screened(applicant(BJ6, nomination=nomination("expert", experts)))
    assert found["BJ6-10"].outcome == "pass"
    assert found["BJ6-10"].message == f"{count}名具备资格的专家联名推荐并签署意见"
    assert verdict == "eligible"


@pytest.mark.parametrize(
    ("experts", "count", "why"),
    [
        (QUALIFIED_EXPERTS[:2], 2, ""),
        ([], 0, ""),
        (
            [*QUALIFIED_EXPERTS[:2], expert("丙", signed=False, skill_level="高级技师")],
            2,
            "丙未签署推荐意见",
        ),
        (
            [*QUALIFIED_EXPERTS[:2], expert("丙", skill_level="技师", professional_title="中级")],
            2,
            "丙不具备高级技师或副高级以上职称",
        ),
        (
            [*QUALIFIED_EXPERTS[:2], expert("丙", skill_level="二级")],
            2,
            "丙不具备高级技师或副高级以上职称",
        ),
        ([*QUALIFIED_EXPERTS[:2], expert("丙")], 2, "丙不具备高级技师或副高级以上职称"),
    ],
)
def test_bj6_10_fewer_than_three_qualified_signed_experts_fails(
    experts: list[dict[str, Any]], count: int, why: str
) -> None:
    verdict, found = screened(applicant(BJ6, nomination=nomination("expert", experts)))
    assert found["BJ6-10"].outcome == "fail"
    detail = f"（{why}）" if why else ""
    assert found["BJ6-10"].message == f"具备资格并签署意见的推荐专家{count}名，不足3名{detail}"
    assert verdict == "ineligible"


@pytest.mark.parametrize("channel", ["unit", "self"])
def test_bj6_10_not_applicable_to_unit_or_self_nomination(channel: str) -> None:
    verdict, found = screened(applicant(BJ6, nomination=nomination(channel)))
    assert found["BJ6-10"].outcome == "pass"
    assert found["BJ6-10"].message == "非专家推荐，不适用"
    assert verdict == "eligible"
