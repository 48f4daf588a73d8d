"""The applicant record of interchange.md: what is accepted, and what is rejected and why."""

from __future__ import annotations

import json

import pytest

from skillaward.core.record import ApplicantRecord, read_batch, validate_record
from tests.builders import applicant, id_number


def errors_of(record: dict) -> dict[str, str]:
    ((_, _, parsed),) = read_batch([json.dumps(record, ensure_ascii=False)])
    assert not isinstance(parsed, ApplicantRecord), "expected the record to be rejected"
    return {error.field: error.message for error in parsed}


def test_record_export_keeps_exactly_the_given_keys():
    data = applicant("beijing-allowance-2024", birth_date="1978-03-10", gender="男")
    data["work_history"] = [{"from": "2000-07", "to": None, "unit": "某厂"}]
    data["competitions"] = [
        {"name": "技能大赛", "level": "city", "class": 1, "year": 2020, "rank": 1}
    ]
    assert validate_record(data).to_json_dict() == data


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"id_number": "110105197803101235"}, "id_number", "校验位"),
        ({"gender": "女"}, "gender", "不一致"),
        ({"birth_date": "1978-03-11"}, "birth_date", "不一致"),
        ({"birth_date": "1978-02-30"}, "birth_date", "不是有效日期"),
        ({"ethnicity": "汉"}, "ethnicity", "民族“汉”不在国家标准列表中"),
        ({"political_status": "党员"}, "political_status", "政治面貌"),
        ({"education": "本科"}, "education", "文化程度"),
        ({"skill_level": "大师"}, "skill_level", "不在允许范围内"),
        ({"work_start": "2001-13"}, "work_start", "月份"),
        ({"retired": "no"}, "retired", "true 或 false"),
        ({"nickname": "老王"}, "nickname", "未知字段"),
    ],
)
def test_record_bad_value_is_rejected_with_field_and_chinese_reason(change, field, fragment):
    record = {**applicant("beijing-allowance-2024"), **change}
    assert fragment in errors_of(record)[field]


def test_record_missing_required_key_is_named():
    record = applicant("beijing-allowance-2024")
    del record["employer"]
    assert errors_of(record) == {"employer": "缺少必填项"}


def test_record_unknown_nested_key_is_named_by_path():
    record = applicant("beijing-allowance-2024")
    record["employer"]["boss"] = "x"
    assert "employer.boss" in errors_of(record)


def test_record_employer_nature_must_be_from_the_bj24_15_list():
    record = applicant("beijing-allowance-2024")
    record["employer"]["nature"] = "私企"
    assert errors_of(record)["employer.nature"] == "单位性质“私企”不在国家标准列表中"


def test_record_competition_needs_rank_or_medal():
    record = applicant(
        "liaocheng-chief-2019",
        competitions=[{"name": "技能竞赛", "level": "city", "class": 1, "year": 2018}],
    )
    assert errors_of(record) == {"competitions.0": "应填写名次（rank）或奖牌（medal）"}


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("二级", "技师"), ("高级技师（一级）", "高级技师"), ("五级/初级工", "初级工")],
)
def test_record_skill_level_synonyms_are_accepted(written, canonical):
    record = validate_record(applicant("beijing-allowance-2024", skill_level=written))
    assert record.skill_level == canonical


def test_record_legacy_15_digit_number_is_accepted_and_upgraded_for_comparison():
    eighteen = id_number("1975-02-01", "女")
    fifteen = eighteen[:6] + eighteen[8:17]
    record = validate_record(applicant("liaocheng-chief-2019", id_number=fifteen, gender="女"))
    assert record.identity.number == eighteen


def test_read_batch_json_array_reports_each_element_line():
    good = json.dumps(applicant("liaocheng-chief-2019"), ensure_ascii=False)
    text = f'[\n  {good},\n  {{"program": 1}}\n]'
    items = list(read_batch(text.splitlines(keepends=True)))
    assert [line for line, _, _ in items] == [2, 3]
    assert isinstance(items[0][2], ApplicantRecord)
    assert not isinstance(items[1][2], ApplicantRecord)


def test_read_batch_bad_json_line_is_rejected_and_reading_goes_on():
    good = json.dumps(applicant("liaocheng-chief-2019"), ensure_ascii=False)
    items = list(read_batch(["{not json", "", good]))
    assert [line for line, _, _ in items] == [1, 3]
    assert items[0][2][0].message.startswith("JSON格式错误")
    assert isinstance(items[1][2], ApplicantRecord)
