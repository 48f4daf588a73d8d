"""Lists, reports and publicity notices of a ranked batch: .docx and .xlsx."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

from skillaward.documents.catalogue import program
from skillaward.documents.errors import DocumentError
from skillaward.documents.render import render_batch, render_form
from skillaward.documents.xlsx import excel_width, render_xlsx
from tests.documents.fixtures import RARE_NAME, id_number, record
from tests.documents.helpers import context, field, open_docx, rows_after, tables

BJ24, CC3, LC19 = "beijing-allowance-2024", "changchun-skills-3", "liaocheng-chief-2019"


def batch(program_id: str, awards: tuple[str | None, ...] = (None, None, None)) -> list[Any]:
    """Three applicants in rank order: 张𡃁 (A-1), 钱二 (A-2), 孙三 (A-3)."""
    people = [
        ("A-1", RARE_NAME, "1980-05-12"),
        ("A-2", "钱二", "1985-03-04"),
        ("A-3", "孙三", "1990-11-30"),
    ]
    records = []
    for (ref, name, birth), award in zip(people, awards, strict=True):
        extra = {"award": award} if award else {}
        records.append(
            record(
                program_id,
                ref=ref,
                name=name,
                birth_date=birth,
                id_number=id_number(birth),
                **extra,
            )
        )
    return records


def docx_list(program_id: str, name: str, records: list[Any], **batch_fields: Any) -> bytes:
    prog = program(program_id)
    return render_batch(prog, prog.document(name), records, context(**batch_fields))


def xlsx_list(program_id: str, name: str, records: list[Any]) -> Any:
    prog = program(program_id)
    data = render_xlsx(prog, prog.document(name), records, context())
    return load_workbook(io.BytesIO(data)).active


def test_bj24_22_list_columns_in_rank_order() -> None:
    """BJ24-22: rank, name, unit, gender, birth date, political status, education, occupation,
    level, remarks; 归口 unit and date above the table, the contact line its last row (so it
    never falls onto a page of its own)."""
    data = docx_list(BJ24, "list", batch(BJ24))
    (table,) = tables(data)
    contact = "联系人：王五　　　　联系电话：010-65090443　　　　手机：13900000000"
    assert table.pop() == [contact]
    assert table[0] == [
        "排序",
        "姓  名",
        "工作单位",
        "性别",
        "出生日期",
        "政治面貌",
        "文化程度",
        "职业（工种）",
        "职业资格等级",
        "备注",
    ]
    assert table[1:] == [
        [
            "1",
            RARE_NAME,
            "北京精密机械有限公司",
            "男",
            "1980年5月12日",
            "中共党员",
            "技工学校",
            "车工",
            "高级技师",
            "党委研究通过",
        ],
        [
            "2",
            "钱二",
            "北京精密机械有限公司",
            "男",
            "1985年3月4日",
            "中共党员",
            "技工学校",
            "车工",
            "高级技师",
            "",
        ],
        [
            "3",
            "孙三",
            "北京精密机械有限公司",
            "男",
            "1990年11月30日",
            "中共党员",
            "技工学校",
            "车工",
            "高级技师",
            "",
        ],
    ]
    texts = [p.text for p in open_docx(data).paragraphs if p.text]
    assert texts[0] == "2024年推荐享受北京市政府技师特殊津贴人员情况一览表"
    assert texts[1] == "归口单位：北京市朝阳区人力资源和社会保障局（盖章）\t2024年4月20日"
    assert contact not in texts  # not a paragraph after the table


def test_bj24_22_xlsx_list_columns_in_rank_order() -> None:
    """BJ24-22 as .xlsx: the same columns and rows; dates are real dates."""
    sheet = xlsx_list(BJ24, "list", batch(BJ24))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "2024年推荐享受北京市政府技师特殊津贴人员情况一览表"
    assert rows[2] == (
        "排序",
        "姓  名",
        "工作单位",
        "性别",
        "出生日期",
        "政治面貌",
        "文化程度",
        "职业（工种）",
        "职业资格等级",
        "备注",
    )
    assert [r[:5] for r in rows[3:6]] == [
        (1, RARE_NAME, "北京精密机械有限公司", "男", datetime(1980, 5, 12)),
        (2, "钱二", "北京精密机械有限公司", "男", datetime(1985, 3, 4)),
        (3, "孙三", "北京精密机械有限公司", "男", datetime(1990, 11, 30)),
    ]
    assert sheet.cell(4, 5).number_format == 'yyyy"年"m"月"d"日"'


def test_bj6_18_list_in_rank_order() -> None:
    """BJ6-18: the 一览表 lists candidates in the 归口 unit's rank order."""
    (table,) = tables(docx_list("beijing-outstanding-6", "list", batch("beijing-outstanding-6")))
    assert [row[:2] for row in table[1:-1]] == [["1", RARE_NAME], ["2", "钱二"], ["3", "孙三"]]


@pytest.mark.parametrize(("program_id", "name"), [(BJ24, "list"), (CC3, "summary"), (LC19, "list")])
def test_xlsx_lists_freeze_header_set_widths_and_print_setup(program_id: str, name: str) -> None:
    """Every list as .xlsx: header frozen, widths from the catalogue, A4/A3 landscape."""
    awards = (
        ("grand-award", "technical-expert", "grand-award") if program_id == CC3 else (None,) * 3
    )
    sheet = xlsx_list(program_id, name, batch(program_id, awards))
    document = program(program_id).document(name)
    assert sheet.freeze_panes == "A4"
    widths = [0.0] * len(document.columns)
    for dimension in sheet.column_dimensions.values():  # one entry may cover equal columns
        for index in range(dimension.min, dimension.max + 1):
            widths[index - 1] = dimension.width
    # openpyxl reads the width with the cell padding XlsxWriter adds (0.71 for 宋体 10)
    assert [round(w - 0.71) for w in widths] == [excel_width(c) for c in document.columns]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == (8 if document.paper == "A3" else 9)
    assert sheet.print_title_rows == "$3:$3"


def test_lc19_14_list_is_a3_landscape() -> None:
    """LC19-14: the 一览表 is printed on A3 (landscape), in .docx and .xlsx."""
    section = open_docx(docx_list(LC19, "list", batch(LC19))).sections[0]
    assert (section.orientation, round(section.page_width.mm), round(section.page_height.mm)) == (
        WD_ORIENT.LANDSCAPE,
        420,
        297,
    )
    sheet = xlsx_list(LC19, "list", batch(LC19))
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (8, "landscape")


def test_cc3_18_summary_has_a_section_per_award_ranked_within() -> None:
    """CC3-18: award sections (技能大奖 first), rank from 1 in each, all the columns."""
    records = batch(CC3, ("technical-expert", "grand-award", "grand-award"))
    (table,) = tables(docx_list(CC3, "summary", records))
    assert table[0] == [
        "项目",
        "排序号",
        "姓名",
        "性别",
        "工作单位",
        "身份证号码",
        "职业（工种）",
        "技能等级或专业技术职务",
        "文化程度",
        "主要业绩成果（不超过300字）",
        "申报人吉林银行一类账户账号",
        "联系电话",
    ]
    assert [row[:3] for row in table[1:-1]] == [
        ["长春技能大奖候选人", "1", "钱二"],
        ["长春技能大奖候选人", "2", "孙三"],  # one cell merged down the section
        ["长春技术能手候选人", "1", RARE_NAME],
    ]
    assert table[3][3:] == [
        "男",
        "北京精密机械有限公司",
        id_number("1980-05-12"),
        "车工",
        "高级技师；中级（新职业）",
        "技工学校",
        "主持攻关项目12项，创造经济效益3600万元。",
        "6229000011112222333",
        "13800138000",
    ]


def test_cc3_18_xlsx_summary_merges_each_section() -> None:
    records = batch(CC3, ("technical-expert", "grand-award", "grand-award"))
    sheet = xlsx_list(CC3, "summary", records)
    assert [str(r) for r in sheet.merged_cells.ranges if r.min_col == 1 and r.min_row > 2] == [
        "A4:A5",
        "A8:L8",
        "A9:L9",
    ]
    assert [sheet.cell(r, 1).value for r in (4, 6)] == ["长春技能大奖候选人", "长春技术能手候选人"]


def test_cc3_18_summary_without_award_is_a_chinese_error() -> None:
    with pytest.raises(DocumentError) as error:
        docx_list(
            CC3,
            "summary",
            batch(CC3, ("grand-award", "technical-expert", "grand-award"))[:2] + batch(CC3)[2:],
        )
    assert str(error.value) == (
        "长春技能大奖和长春技术能手候选人汇总表按奖项分栏，以下人员缺少或填错推荐奖项（award）：孙三"
    )


def test_cc3_19_archive_bag_cover_per_applicant() -> None:
    """CC3-19: award, recommending unit and contact, applicant and phone, unit, materials."""
    prog = program(CC3)
    data = render_form(
        prog, prog.document("bag-cover"), batch(CC3, ("technical-expert",) * 3)[0], context()
    )
    assert field(data, "推荐类别") == "□长春技能大奖　☑长春技术能手"
    assert field(data, "推荐单位") == "北京市朝阳区人力资源和社会保障局"
    assert field(data, "推荐单位联系人") == "王五"
    assert field(data, "申报人姓名") == RARE_NAME
    assert rows_after(data, "申报人姓名")[0] == ["申报人所在单位", "北京精密机械有限公司"]
    assert rows_after(data, "申报材料目录") == [
        ["1.推荐函", "纸质版1份"],
        ["2.汇总表", "纸质版2份、电子版1份"],
        ["3.申报材料册（装订成册）", "纸质版1份"],
    ]


@pytest.mark.parametrize(
    ("program_id", "title", "attachments"),
    [
        (
            CC3,
            "关于推荐第三届长春技能大奖和长春技术能手候选人的报告",
            "附件：1.专家评审意见书　2.公示截图",
        ),
        (
            LC19,
            "关于推荐2019年度聊城市首席技师人选的报告",
            "附件：1.聊城市首席技师申报人员基本情况一览表",
        ),
    ],
)
def test_cc3_13_lc19_14_recommendation_report(
    program_id: str, title: str, attachments: str
) -> None:
    """CC3-13 / LC19-14: candidates ranked, expert review, publicity, classified note, contact."""
    awards = (
        ("grand-award", "grand-award", "technical-expert") if program_id == CC3 else (None,) * 3
    )
    data = docx_list(program_id, "report", batch(program_id, awards))
    texts = [p.text for p in open_docx(data).paragraphs if p.text]
    assert texts[0] == title
    assert "专家评议情况：组织7名专家进行了综合评定。" in texts
    assert "公示情况：推荐人选于2024年9月27日至2024年10月9日进行了为期5个工作日的公示。" in texts
    assert "经研究，现推荐以下3名同志（按推荐顺序排列）：" in texts
    assert "涉密情况：推荐人选均不涉密。" in texts
    assert attachments in texts
    assert "联系人：王五　　联系电话：010-65090443" in texts
    assert [t.strip() for t in texts[-2:]] == [
        "北京市朝阳区人力资源和社会保障局（盖章）",
        "2024年4月20日",
    ]
    (table,) = tables(data)
    assert [row[:2] for row in table[1:]] == [
        ["1", RARE_NAME],
        ["2", "钱二"],
        ["3", "孙三"],
    ]


def test_publicity_period_counts_working_days() -> None:
    """BJ24-08 / CC3-08 / LC19-11: 5 working days from Fri 2024-09-27 skip the National Day
    holiday and count the make-up working Sunday 2024-09-29: the period ends 2024-10-09."""
    data = docx_list(BJ24, "publicity", batch(BJ24))
    texts = [p.text for p in open_docx(data).paragraphs if p.text]
    assert texts[0] == "推荐人选公示"
    assert texts[1] == (
        "根据北京市人力资源和社会保障局关于2024年享受北京市政府技师特殊津贴人员评选工作的要求，"
        "经北京市朝阳区人力资源和社会保障局研究，拟推荐以下3名同志为"
        "2024年享受北京市政府技师特殊津贴人员推荐人选，现予以公示。"
    )
    assert texts[2].startswith("公示期为5个工作日（2024年9月27日至2024年10月9日）。")
    (table,) = tables(data)
    assert table[0] == ["序号", "姓名", "性别", "工作单位", "职业（工种）", "职业资格等级"]
    assert "110101" not in str(table)


def test_publicity_without_start_date_is_a_chinese_error() -> None:
    with pytest.raises(DocumentError) as error:
        docx_list(BJ24, "publicity", batch(BJ24), publicity_start=None)
    assert str(error.value) == (
        "生成公示需要公示开始日期：请在表单补充信息的 batch 中填写 publicity_start"
    )


def test_the_contact_line_is_the_tables_last_row_kept_in_one_piece() -> None:
    """Issue 11 §6: the filler and contact line end the table (a row that cannot split and
    has no side or bottom border), so a page break never leaves it alone on the next page."""
    data = docx_list(CC3, "summary", batch(CC3, ("grand-award",) * 3))
    table = open_docx(data).tables[0]
    last = table.rows[-1]._tr
    assert last.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
    assert "联系电话：010-65090443" in table.rows[-1].cells[0].text
    borders = last.find(f".//{qn('w:tcBorders')}")
    assert {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders} == {
        "left": "nil",
        "bottom": "nil",
        "right": "nil",
    }
    keeps = [
        all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
        for row in table.rows[1:-1]
    ]
    assert keeps == [False, False, True]  # the last candidate goes with the contact row


def test_a_notices_last_row_keeps_with_the_period_and_contact_line() -> None:
    data = docx_list(BJ24, "publicity", batch(BJ24), publicity_start="2024-04-08")
    document = open_docx(data)
    rows = document.tables[0].rows
    assert all(p.paragraph_format.keep_with_next for c in rows[-1].cells for p in c.paragraphs)
    contact = next(p for p in document.paragraphs if p.text.startswith("联系人"))
    period = next(p for p in document.paragraphs if p.text.startswith("公示期为"))
    assert contact.paragraph_format.keep_with_next and period.paragraph_format.keep_with_next


def test_an_office_list_groups_each_recommending_unit_with_its_own_ranks() -> None:
    """Issue 11 §6: a batch of two recommending units: each under its name, ranked from 1."""
    records = batch(BJ24)
    records[1]["nomination"] = records[1]["nomination"] | {"recommender": "北京市海淀区人社局"}
    data = docx_list(BJ24, "list", records)
    (table,) = tables(data)
    assert [row[:2] for row in table[1:-1]] == [
        ["归口单位：北京市朝阳区人力资源和社会保障局"],
        ["1", RARE_NAME],
        ["2", "孙三"],
        ["归口单位：北京市海淀区人社局"],
        ["1", "钱二"],
    ]
    rows = list(xlsx_list(BJ24, "list", records).iter_rows(values_only=True))
    assert [r[:2] for r in rows[3:8]] == [
        ("归口单位：北京市朝阳区人力资源和社会保障局", None),
        (1, RARE_NAME),
        (2, "孙三"),
        ("归口单位：北京市海淀区人社局", None),
        (1, "钱二"),
    ]


def test_one_recommending_units_list_has_no_unit_heading() -> None:
    (table,) = tables(docx_list(BJ24, "list", batch(BJ24)))
    assert not any(row[0].startswith("归口单位") for row in table)
