"""Clause tests of 2024年享受北京市政府技师特殊津贴人员评选 (beijing-allowance-2024, BJ24-xx).

The reference date is the submission deadline, 2024-04-26. The builder's record is a 技师 in
北京市朝阳区 on a front-line post, recommended by the district HR bureau (归口推荐) and
claiming the attest condition (一); it holds no honours and no industry tag. BJ24-12 (duplicate
submissions, a batch rule) is tested elsewhere.
"""

from __future__ import annotations

from typing import Any

import pytest

from skillaward.core.program import bundled_programs
from skillaward.core.record import Honor
from skillaward.core.registry import registry_honours
from skillaward.core.report import Finding
from tests.builders import applicant, report_for

BJ24 = "beijing-allowance-2024"


def screened(record: dict[str, Any], **options: Any) -> tuple[str, dict[str, Finding]]:
    """The verdict and the findings by clause of one record."""
    report = report_for(BJ24, record, **options)
    assert not report.rejected, report.rejected
    result = report.results[0]
    return result.verdict, {finding.clause: finding for finding in result.findings}


def honour(title: str, level: str = "provincial", year: int = 2018) -> dict[str, Any]:
    return {"title": title, "level": level, "year": year}


def nomination(channel: str, recommender_type: str = "district") -> dict[str, Any]:
    return {
        "channel": channel,
        "recommender": "北京市朝阳区人力资源和社会保障局",
        "recommender_type": recommender_type,
    }


# BJ24-01 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("skill_level", "read_as"),
    [
        ("技师", "技师"),  # exactly 技师: 及以上 includes it
        ("二级", "技师"),
        ("技师(二级)", "技师"),
        ("高级技师（一级）", "高级技师"),
        ("一级/高级技师", "高级技师"),
        ("首席技师", "首席技师"),
    ],
)
def test_bj24_01_technician_or_higher_passes(skill_level: str, read_as: str) -> None:
    verdict, found = screened(applicant(BJ24, skill_level=skill_level))
    assert found["BJ24-01"].outcome == "pass"
    assert f"职业资格等级{read_as}，达到技师及以上" in found["BJ24-01"].message
    assert verdict == "eligible"


@pytest.mark.parametrize(
    ("skill_level", "read_as"), [("高级工", "高级工"), ("三级", "高级工"), ("中级工", "中级工")]
)
def test_bj24_01_below_technician_fails(skill_level: str, read_as: str) -> None:
    verdict, found = screened(applicant(BJ24, skill_level=skill_level))
    assert found["BJ24-01"].outcome == "fail"
    assert found["BJ24-01"].message == f"职业资格等级{read_as}，未达到技师及以上"
    assert verdict == "ineligible"


@pytest.mark.parametrize("region", ["北京市东城区", "北京市怀柔区", "北京经济技术开发区"])
def test_bj24_01_beijing_region_passes(region: str) -> None:
    record = applicant(BJ24, employer={"name": "某厂", "region": region, "nature": "事业单位"})
    _, found = screened(record)
    assert found["BJ24-01"].outcome == "pass"
    assert f"工作单位所在地{region}，属于北京地区" in found["BJ24-01"].message


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        (
            {"employer": {"name": "某厂", "region": "河北省保定市", "nature": "事业单位"}},
            "工作单位所在地河北省保定市，不在北京地区",
        ),
        (
            {"post": {"title": "质检科科长", "front_line": False}},
            "岗位“质检科科长”不是生产、服务一线岗位",
        ),
    ],
)
def test_bj24_01_outside_beijing_or_off_front_line_fails(
    changes: dict[str, Any], said: str
) -> None:
    verdict, found = screened(applicant(BJ24, **changes))
    assert found["BJ24-01"].outcome == "fail"
    assert found["BJ24-01"].message == said
    assert verdict == "ineligible"


# BJ24-02 (soft) -------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["战略性新兴产业", "文化创意产业", "老字号", "非物质文化遗产"])
def test_bj24_02_encouraged_industry_or_group_passes(tag: str) -> None:
    _, found = screened(applicant(BJ24, industry_tags=["其他", tag]))
    assert found["BJ24-02"].outcome == "pass"
    assert found["BJ24-02"].message == f"属于鼓励申报的产业或群体：{tag}"


@pytest.mark.parametrize("tags", [[], ["集成电路"]])
def test_bj24_02_other_industry_warns_and_stays_eligible(tags: list[str]) -> None:
    verdict, found = screened(applicant(BJ24, industry_tags=tags))
    assert found["BJ24-02"].outcome == "warn"
    assert found["BJ24-02"].message == "未标注鼓励申报的产业或群体"
    assert verdict == "eligible"


# BJ24-03 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("国务院政府特殊津贴", "national"),
        ("享受国务院特殊津贴", "national"),
        ("享受北京市政府技师特殊津贴", "provincial"),
        ("北京市政府技师特殊津贴", "city"),
    ],
)
def test_bj24_03_past_allowance_holder_fails(title: str, level: str) -> None:
    verdict, found = screened(applicant(BJ24, honors=[honour(title, level, 2019)]))
    assert found["BJ24-03"].outcome == "fail"
    assert found["BJ24-03"].message == f"已获得“{title}”（2019年）"
    assert verdict == "ineligible"


def test_bj24_03_state_council_allowance_in_registry_fails() -> None:
    record = applicant(BJ24)
    registry = {
        record["id_number"]: [Honor(title="国务院政府特殊津贴", level="national", year=2010)]
    }
    verdict, found = screened(record, registry=registry)
    assert found["BJ24-03"].outcome == "fail"
    assert found["BJ24-03"].message == "已获得“国务院政府特殊津贴”（2010年）"
    assert verdict == "ineligible"


def test_bj24_03_past_allowance_holder_in_registry_file_fails() -> None:
    """A ``--registry`` entry of the form {id_number, title, level, year}."""
    record = applicant(BJ24)
    entry = {
        "id_number": record["id_number"],
        "title": "享受北京市政府技师特殊津贴",
        "level": "provincial",
        "year": 2019,
    }
    registry = registry_honours([(1, entry)], bundled_programs().__getitem__)
    verdict, found = screened(record, registry=registry)
    assert found["BJ24-03"].outcome == "fail"
    assert found["BJ24-03"].message == "已获得“享受北京市政府技师特殊津贴”（2019年）"
    assert verdict == "ineligible"


@pytest.mark.parametrize(
    "honors",
    [
        [],
        [honour("北京市有突出贡献的高技能人才")],
        [honour("全国技术能手", "national")],
        [honour("北京市劳动模范")],
    ],
)
def test_bj24_03_without_either_allowance_passes(honors: list[dict[str, Any]]) -> None:
    _, found = screened(applicant(BJ24, honors=honors))
    assert found["BJ24-03"].outcome == "pass"
    assert found["BJ24-03"].message.startswith("未获得")
    assert "“北京市政府技师特殊津贴”" in found["BJ24-03"].message


def test_bj24_03_registry_entry_of_another_person_passes() -> None:
    other = applicant(BJ24, serial=13)
    registry = {
        other["id_number"]: [Honor(title="国务院政府特殊津贴", level="national", year=2010)]
    }
    _, found = screened(applicant(BJ24), registry=registry)
    assert found["BJ24-03"].outcome == "pass"


# BJ24-06 --------------------------------------------------------------------------------


@pytest.mark.parametrize(("claimed", "numbers"), [([1], "1"), ([4], "4"), ([2, 3], "2、3")])
def test_bj24_06_claimed_condition_goes_to_review(claimed: list[int], numbers: str) -> None:
    claims = [{"condition": n, "evidence": "业绩材料"} for n in claimed]
    verdict, found = screened(applicant(BJ24, conditions_claimed=claims))
    assert found["BJ24-06"].outcome == "review"
    assert "近5年来（2019年以来）" in found["BJ24-06"].message
    assert f"需人工核实：申报第{numbers}项业绩条件及其证明材料" in found["BJ24-06"].message
    assert verdict == "eligible"


def test_bj24_06_no_condition_claimed_fails() -> None:
    verdict, found = screened(applicant(BJ24, conditions_claimed=[]))
    assert found["BJ24-06"].outcome == "fail"
    assert "不符合4项业绩条件中的任何一项（未申报任何一项业绩条件）" in found["BJ24-06"].message
    assert verdict == "ineligible"


@pytest.mark.parametrize(("claimed", "outcome"), [([5], "fail"), ([3, 5], "review")])
def test_bj24_06_unknown_condition_number_is_named(claimed: list[int], outcome: str) -> None:
    claims = [{"condition": n, "evidence": "业绩材料"} for n in claimed]
    _, found = screened(applicant(BJ24, conditions_claimed=claims))
    assert found["BJ24-06"].outcome == outcome
    assert "申报的第5项条件在通知中不存在" in found["BJ24-06"].message


@pytest.mark.parametrize(
    ("skill_level", "outcome", "said"),
    [
        ("技师", "review", "需人工核实：申报第1项业绩条件及其证明材料"),
        ("高级工", "fail", "职业资格等级高级工，未达到技师及以上"),
    ],
)
def test_bj24_06_technician_certificate_boundary(skill_level: str, outcome: str, said: str) -> None:
    _, found = screened(applicant(BJ24, skill_level=skill_level))
    assert found["BJ24-06"].outcome == outcome
    assert said in found["BJ24-06"].message


# BJ24-07 (channel) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "recommender_type", ["district", "city_bureau", "federation", "private_association"]
)
def test_bj24_07_unit_recommendation_by_guikou_unit_passes(recommender_type: str) -> None:
    verdict, found = screened(applicant(BJ24, nomination=nomination("unit", recommender_type)))
    assert found["BJ24-07"].outcome == "pass"
    assert found["BJ24-07"].message == "单位推荐，推荐单位：北京市朝阳区人力资源和社会保障局"
    assert verdict == "eligible"


@pytest.mark.parametrize(("channel", "named"), [("self", "个人自荐"), ("expert", "专家推荐")])
def test_bj24_07_self_or_expert_nomination_fails(channel: str, named: str) -> None:
    verdict, found = screened(applicant(BJ24, nomination=nomination(channel)))
    assert found["BJ24-07"].outcome == "fail"
    assert found["BJ24-07"].message == f"推荐方式为{named}，本项目只接受单位推荐"
    assert verdict == "ineligible"


@pytest.mark.parametrize(
    ("recommender_type", "named"), [("county", "县（市、区）人社部门"), ("sme", "中小企业")]
)
def test_bj24_07_recommender_not_a_guikou_unit_fails(recommender_type: str, named: str) -> None:
    verdict, found = screened(applicant(BJ24, nomination=nomination("unit", recommender_type)))
    assert found["BJ24-07"].outcome == "fail"
    assert found["BJ24-07"].message == f"推荐单位类型“{named}”不是本项目的归口推荐单位"
    assert verdict == "ineligible"
