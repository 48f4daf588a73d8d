"""A filled list (.xlsx) back into applicant records (§4 of the documents issue)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from skillaward.documents.catalogue import program
from skillaward.documents.errors import DocumentError
from skillaward.documents.importer import import_list
from skillaward.documents.xlsx import render_xlsx
from tests.documents.fixtures import RARE_NAME, id_number
from tests.documents.helpers import context
from tests.documents.test_lists import BJ24, CC3, LC19, batch

PRIOR_CHIEF = {
    "title": "东昌府区首席技师",
    "level": "county",
    "year": 2017,
    "authority": "东昌府区政府",
}


def cells(data: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(data)).active
    merged = tuple(sorted(str(r) for r in sheet.merged_cells.ranges))
    return [*sheet.iter_rows(values_only=True), merged]


def exported(program_id: str, tmp_path: Path) -> tuple[Path, bytes]:
    awards = (
        ("technical-expert", "grand-award", "grand-award") if program_id == CC3 else (None,) * 3
    )
    records = batch(program_id, awards)
    for item in records:
        item["honors"].append(PRIOR_CHIEF)
    prog = program(program_id)
    data = render_xlsx(prog, prog.import_list(), records, context())
    path = tmp_path / "list.xlsx"
    path.write_bytes(data)
    return path, data


@pytest.mark.parametrize("program_id", [BJ24, "beijing-outstanding-6", CC3, LC19])
def test_list_export_import_export_is_exact(program_id: str, tmp_path: Path) -> None:
    """§4: export → import → export loses nothing (every cell, every merge), 𡃁 included."""
    path, first = exported(program_id, tmp_path)
    prog = program(program_id)
    result = import_list(path, prog)
    assert result.errors == []
    second = render_xlsx(prog, prog.import_list(), result.records, result.context)
    assert cells(second) == cells(first)
    assert result.records[0]["name"] == (RARE_NAME if program_id != CC3 else "钱二")


def test_cc3_18_import_gives_award_rank_order_and_context(tmp_path: Path) -> None:
    """CC3-18: section → award, rows in rank order, bank account and phone in the context."""
    path, _ = exported(CC3, tmp_path)
    result = import_list(path, program(CC3))
    assert [(r["name"], r["award"]) for r in result.records] == [
        ("钱二", "grand-award"),
        ("孙三", "grand-award"),
        (RARE_NAME, "technical-expert"),
    ]
    first = result.records[2]
    assert first == {
        "ref": "row-6",
        "program": CC3,
        "award": "technical-expert",
        "name": RARE_NAME,
        "gender": "男",
        "employer": {"name": "北京精密机械有限公司"},
        "id_number": id_number("1980-05-12"),
        "occupation": "车工",
        "skill_level": "高级技师",
        "professional_title": {"level": "中级", "field": "新职业"},
        "education": "技工学校",
        "deeds_brief": "主持攻关项目12项，创造经济效益3600万元。",
    }
    extra = result.context.applicants["row-6"]
    assert (extra.bank_account, extra.mobile) == ("6229000011112222333", "13800138000")
    assert (result.context.batch.filler, result.context.batch.date) == ("小李", "2024-04-20")


def test_import_reports_each_problem_by_row_and_column_and_keeps_good_rows(tmp_path: Path) -> None:
    """Bad cells are reported in Chinese by row and column; the other rows still import."""
    path, _ = exported(LC19, tmp_path)
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet["C4"] = "M"  # gender
    sheet["D4"] = "1980年13月45日"  # birth date
    sheet["B5"] = None  # name
    sheet["G5"] = "大专"  # education
    sheet["A6"] = "第一"  # rank
    sheet.insert_rows(7)
    sheet["B7"] = "周七"
    sheet["A7"] = 4
    sheet["M7"] = "110101198005121234"  # bad check digit
    workbook.save(path)
    result = import_list(path, program(LC19))
    assert [str(e) for e in result.errors] == [
        "第4行D列“出生日期”：“1980年13月45日”不是有效的日期（如1980年5月12日）",
        "第4行C列“性别”：取值“M”不在允许范围内：'男' or '女'",
        "第5行B列“姓名”：不能为空",
        "第5行G列“文化程度”：文化程度“大专”不在国家标准列表中",
        "第6行A列“排序”：“第一”不是正整数",
        f"第7行M列“身份证号码”：{error_of('110101198005121234')}",
    ]
    assert result.records == []


def error_of(number: str) -> str:
    from skillaward.core.record import RecordInvalid, validate_record

    try:
        validate_record({"id_number": number})
    except RecordInvalid as invalid:
        return next(e.message for e in invalid.errors if e.field == "id_number")
    raise AssertionError


def test_import_keeps_good_rows_beside_bad_ones(tmp_path: Path) -> None:
    path, _ = exported(BJ24, tmp_path)
    workbook = load_workbook(path)
    workbook.active["D5"] = "X"
    workbook.save(path)
    result = import_list(path, program(BJ24))
    assert [str(e) for e in result.errors] == [
        "第5行D列“性别”：取值“X”不在允许范围内：'男' or '女'"
    ]
    assert [r["name"] for r in result.records] == [RARE_NAME, "孙三"]


def test_import_unreadable_file_is_a_chinese_error(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(DocumentError) as error:
        import_list(path, program(BJ24))
    assert str(error.value) == f"无法读取Excel文件{path}：不是有效的.xlsx文件"


def test_import_without_the_programme_header_is_a_chinese_error(tmp_path: Path) -> None:
    path, _ = exported(BJ24, tmp_path)
    with pytest.raises(DocumentError) as error:
        import_list(path, program(CC3))
    assert str(error.value).startswith(
        f"{path}中找不到《长春技能大奖和长春技术能手候选人汇总表》的表头"
    )
