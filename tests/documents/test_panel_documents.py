"""A panel round's documents (issue 10 §6): the result summary, the statistics, each expert's
own sheet, in Word, Excel and PDF: every member's signature line, the tally's exact values,
recusals, trimmed scores, the runoff, A4."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx.shared import Cm
from openpyxl import load_workbook

from skillaward.documents.errors import DocumentError
from skillaward.documents.panel import Kind
from skillaward.documents.panel_files import panel_file_name, render_panel
from skillaward.documents.pdf import convert_to_pdf
from tests.documents import panel_fixtures as sample
from tests.documents.helpers import all_text, open_docx, rows_after, tables

NAMES = [m["name"] for m in sample.MEMBERS]
KINDS: list[Kind] = ["summary", "statistics", "sheet"]


def _score() -> Any:
    return sample.context(sample.score_sheet())


def _vote() -> Any:
    return sample.context(sample.vote_sheet())


def _xlsx_text(data: bytes) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _signature_names(data: bytes) -> list[str]:
    """The names in the signature table (the last table), in order."""
    rows = tables(data)[-1]
    assert rows[0] == ["序号", "姓名", "签字", "序号", "姓名", "签字"]
    return [name for row in rows[1:] for name in (row[1], row[4]) if name]


@pytest.mark.parametrize("method", ["score", "vote"])
@pytest.mark.parametrize("kind", ["summary", "statistics"])
def test_every_member_has_a_signature_line_in_word_and_excel(kind: Kind, method: str) -> None:
    context = _score() if method == "score" else _vote()
    docx = render_panel(kind, "docx", context)
    assert _signature_names(docx) == NAMES
    assert tables(docx)[-1][1][2] == ""  # the blank to sign
    assert "评审日期：年　　月　　日" in all_text(docx)
    rows = _xlsx_text(render_panel(kind, "xlsx", context))
    start = next(i for i, r in enumerate(rows) if r[0].startswith("评审专家签字："))
    assert rows[start][0].endswith("评审日期：年　　月　　日")
    assert rows[start + 1][:3] == ["序号", "姓名", "签字"]
    assert [r[1] for r in rows[start + 2 : start + 2 + len(NAMES)]] == NAMES


def test_summary_score_lists_candidates_in_rank_order_with_the_tally_s_exact_totals() -> None:
    """A-1: six scores (e3 recused), 50 and 77 dropped, (65.5+70+71+75)/4 = 70.375 → 70.38."""
    docx = render_panel("summary", "docx", _score())
    rows = rows_after(docx, "排名")
    assert [r[:3] + r[3:8] for r in rows] == [
        [
            "1",
            sample.RARE_NAME,
            '=HYPERLINK("x")机械厂',
            "6",
            "2",
            "70.38",
            "入选",
            "回避：孙三（亲属关系）",
        ],
        ["2", "王小二", "长春一汽", "5", "2", "65.00", "同分，须复评", ""],
        ["2", "陈晓", "长春轨道客车", "5", "2", "65.00", "同分，须复评", ""],
        ["4", "刘强", "吉林石化", "1", "0", "35.00", "未入选", ""],
    ]
    text = all_text(docx)
    assert "应到评审专家7人，实到7人，须到5人（2/3），符合出席要求。" in text
    assert "名额线上同分：王小二、陈晓，须在上述候选人中另行评分（复评）。" in text
    assert f"评审规则：{sample.RULE}" in text
    assert re.search(r"未计入的评分：scores\[\d+\] .*重复", text)
    assert "长春技能大奖评审结果汇总表" in text
    assert "评审组：评审委员会　　第1轮　　名额：2名　　评审方式：评分" in text


def test_summary_vote_shows_counts_entitled_and_the_quorum() -> None:
    rows = rows_after(render_panel("summary", "docx", _vote()), "排名")
    assert [r[:8] for r in rows] == [
        ["1", "王小二", "长春一汽", "6", "5", "0", "1", "入选"],
        ["1", "陈晓", "长春轨道客车", "6", "5", "1", "0", "入选"],
        ["3", sample.RARE_NAME, '=HYPERLINK("x")机械厂', "5", "4", "1", "0", "未入选"],
        ["", "刘强", "吉林石化", "6", "1", "4", "1", "未通过"],
    ]
    assert rows[2][8] == "回避：孙三（师徒关系）"


def test_statistics_score_marks_recusal_trim_and_criteria_as_written() -> None:
    docx = render_panel("statistics", "docx", _score())
    assert "各项评分依次为：技能水平（60分） / 业绩贡献（40分×0.5）" in all_text(docx)
    rows = rows_after(docx, "序号")
    a1 = {r[2]: r for r in rows[:7]}
    assert a1["钱二"][3:6] == ["50.5 / 30", "65.50", ""]
    assert a1["孙三"][3:6] == ["", "回避", "回避（亲属关系）"]
    assert a1["周五"][4:6] == ["50.00", "去掉的最低分"]
    assert a1["李四"][4:6] == ["77.00", "去掉的最高分"]
    assert rows[7] == ["合计：有效评分6个，去掉最高分、最低分各1个，最后得分70.38；第1名，入选"]
    # equal scores: one copy each is dropped (the first members' in panel order)
    a2 = [r[5] for r in rows[8:15]]
    assert a2 == ["去掉的最低分", "去掉的最高分", "", "", "", "未提交", "未提交"]
    a4 = [r[5] for r in rows[-8:-1]]
    assert a4[0] == "" and a4[1:] == ["未提交"] * 6


def test_statistics_vote_shows_each_ballot_absence_and_recusal() -> None:
    rows = rows_after(render_panel("statistics", "docx", _vote()), "序号")
    a2 = rows[:7]
    assert [(r[2], r[3], r[4]) for r in a2] == [
        ("赵一", "赞成", ""),
        ("钱二", "赞成", ""),
        ("孙三", "赞成", ""),
        ("李四", "赞成", ""),
        ("周五", "赞成", ""),
        ("吴六", "弃权", ""),
        ("郑七", "", "未出席"),
    ]
    assert rows[7] == ["合计：有表决权6人，赞成5票、反对0票、弃权1票，通过；第1名，入选"]
    a1 = rows[16:23]
    assert (a1[2][3], a1[2][4]) == ("回避", "回避（师徒关系）")


def test_own_sheet_has_the_expert_s_scores_comments_and_signature_not_recused_candidates() -> None:
    docx = render_panel("sheet", "docx", _score(), expert="e3")
    rows = rows_after(docx, "序号")
    assert [r[1] for r in rows] == ["王小二", "陈晓", "刘强"]  # stood aside, not shown
    assert rows[0][3:5] == ["技能水平（60分）：50\n业绩贡献（40分×0.5）：30", "65.00"]
    assert rows[2][3:5] == ["技能水平（60分）：\n业绩贡献（40分×0.5）：", ""]  # to fill in
    text = all_text(docx)
    assert "评审专家（签字）：孙三" in text
    assert "评审专家：孙三　　评审组：评审委员会　　第1轮　　评审方式：评分" in text
    assert sample.RARE_NAME not in text
    own = rows_after(render_panel("sheet", "docx", _score(), expert="e1"), "序号")
    assert own[1][5] == "+技艺精湛，业绩突出"


def test_own_sheet_while_the_round_is_open_and_summary_refused() -> None:
    context = sample.context(sample.score_sheet(), tally=None)
    assert rows_after(render_panel("sheet", "docx", context, expert="e2"), "序号")[0][4] == "65.50"
    with pytest.raises(DocumentError, match="第1轮尚未结束计票，不能生成评审结果汇总表"):
        render_panel("summary", "docx", context)
    with pytest.raises(DocumentError, match="不是本评审组的成员"):
        render_panel("sheet", "docx", context, expert="nobody")


def test_vote_own_sheet() -> None:
    rows = rows_after(render_panel("sheet", "docx", _vote(), expert="e6"), "序号")
    assert [(r[1], r[3]) for r in rows] == [
        (sample.RARE_NAME, "反对"),
        ("王小二", "弃权"),
        ("陈晓", "反对"),
        ("刘强", "反对"),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_word_is_a4_statistics_and_sheet_landscape(kind: Kind) -> None:
    section = open_docx(render_panel(kind, "docx", _score(), expert="e1")).sections[0]
    size = sorted([round(section.page_width / Cm(1), 1), round(section.page_height / Cm(1), 1)])
    assert size == [21.0, 29.7]
    assert (section.page_width > section.page_height) == (kind != "summary")


@pytest.mark.parametrize("kind", KINDS)
def test_excel_frozen_header_a4_and_formulas_escaped(kind: Kind) -> None:
    data = render_panel(kind, "xlsx", _score(), expert="e1")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.freeze_panes == "A5"
    assert sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToHeight == 0  # one page wide, as many pages long as needed
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.orientation == ("portrait" if kind == "summary" else "landscape")
    assert sheet.column_dimensions["B"].width > 10
    values = [c for row in _xlsx_text(data) for c in row]
    assert '\'=HYPERLINK("x")机械厂' in values or kind == "statistics"
    assert '=HYPERLINK("x")机械厂' not in values
    if kind == "sheet":
        assert "'+技艺精湛，业绩突出" in values
        assert any(v.startswith("评审专家（签字）：赵一") for v in values)


def test_excel_statistics_values() -> None:
    """One column per criterion, the values as written."""
    rows = _xlsx_text(render_panel("statistics", "xlsx", _score()))
    header = rows.index(
        ["序号", "候选人", "评审专家", "技能水平（60分）", "业绩贡献（40分×0.5）", "评分", "说明"]
    )
    assert rows[header + 2][2:7] == ["钱二", "50.5", "30", "65.50", ""]
    assert rows[header + 3][2:7] == ["孙三", "", "", "回避", "回避（亲属关系）"]
    assert rows[header + 8][0].startswith("合计：有效评分6个")


def test_file_names() -> None:
    assert (
        panel_file_name("summary", "pdf", _score())
        == "评审委员会-第1轮-长春技能大奖评审结果汇总表.pdf"
    )
    assert (
        panel_file_name("sheet", "xlsx", _score(), expert="e2")
        == "评审委员会-第1轮-钱二-长春技能大奖个人评分表.xlsx"
    )


def _pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return text.stdout.split("\f")


def test_pdf_of_each_document_is_a4_and_keeps_signatures_on_a_page(tmp_path: Path) -> None:
    """Through LibreOffice: every member's name on the page with the signature heading and
    the date line; A4; the rare name kept."""
    (tmp_path / "summary.pdf").write_bytes(render_panel("summary", "pdf", _score()))
    docx = []
    for name, kind, context in (
        ("statistics-score", "statistics", _score()),
        ("statistics-vote", "statistics", _vote()),
        ("summary-vote", "summary", _vote()),
        ("sheet-score", "sheet", _score()),
    ):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(render_panel(kind, "docx", context, expert="e1"))  # type: ignore[arg-type]
        docx.append(path)
    pdfs = [tmp_path / "summary.pdf", *convert_to_pdf(docx, tmp_path)]
    for pdf in pdfs:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        assert "pts (A4)" in info.stdout, pdf.name
        pages = _pdf_pages(pdf)
        assert sample.RARE_NAME in "".join(pages)
        if pdf.stem.startswith("sheet"):
            assert "评审专家（签字）：赵一" in pages[-2 if pages[-1].strip() == "" else -1]
            continue
        signing = next(p for p in pages if "评审专家签字" in p)
        assert all(name in signing for name in NAMES), pdf.name
        assert "评审日期" in signing


def test_runoff_round_is_marked_in_the_head() -> None:
    """A runoff (the tied candidates only) prints its round as 复评."""
    context = sample.context(sample.score_sheet(), round=2, runoff=True, panel="车工评审组")
    text = all_text(render_panel("summary", "docx", context))
    assert "评审组：车工评审组　　第2轮（复评）　　名额：2名" in text
    assert panel_file_name("statistics", "docx", context) == (
        "车工评审组-第2轮-长春技能大奖评分统计表.docx"
    )


def test_bad_context_is_a_chinese_message() -> None:
    with pytest.raises(DocumentError, match="评审文书的内容有误：round"):
        sample.context(sample.score_sheet(), round="二")
