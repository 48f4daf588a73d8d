"""A panel round's documents as files: Word (the builder's templates), Excel and PDF.

The Excel workbook has the Word table's columns, the header frozen, widths set, A4 set up to
print one page wide, and every text from users escaped against formulas; the PDF is the Word
file through LibreOffice (:mod:`skillaward.documents.pdf`).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import xlsxwriter

from skillaward.documents.api import UNSAFE
from skillaward.documents.catalogue import Column
from skillaward.documents.panel import (
    SIGNATURE_COLUMNS,
    Kind,
    Method,
    PanelContext,
    template_name,
    title,
    view,
)
from skillaward.documents.pdf import convert_to_pdf
from skillaward.documents.render import fill_template
from skillaward.documents.view import sign_date
from skillaward.documents.xlsx import PAPER_CODES, formula_safe

Format = Literal["docx", "xlsx", "pdf"]
LINE_HEIGHT = 15  # points per line of a wrapped cell


def render_panel(
    kind: Kind, fmt: Format, context: PanelContext, *, expert: str | None = None
) -> bytes:
    """One document of a round (``expert``: the member whose own sheet it is), as bytes."""
    values = view(kind, context, expert)
    if fmt == "xlsx":
        return _xlsx(values)
    docx = fill_template(template_name(kind, values["method"]), values)
    return docx if fmt == "docx" else docx_to_pdf(docx)


def docx_to_pdf(docx: bytes) -> bytes:
    """A Word document's PDF through LibreOffice; :class:`DocumentError` when it cannot."""
    with tempfile.TemporaryDirectory(prefix="skillaward-panel-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        (pdf,) = convert_to_pdf([source], Path(folder))
        return pdf.read_bytes()


def panel_file_name(kind: Kind, fmt: Format, context: PanelContext, *, expert: str = "") -> str:
    """``评审委员会-第1轮-长春技能大奖评审结果汇总表.docx`` (an expert's own sheet: their name
    after the round), safe as a file name."""
    method: Method = "vote" if context.sheet.get("method") == "vote" else "score"
    names = {m.ref: m.name for m in context.members}
    who = f"{names.get(expert, expert)}-" if kind == "sheet" else ""
    stem = f"{context.panel}-第{context.round}轮-{who}{context.award}{title(kind, method)}"
    return UNSAFE.sub("_", stem) + "." + fmt


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _layout(values: dict[str, Any]) -> list[tuple[Column, int | None]]:
    """The workbook's columns: the statistics' scores one column per criterion (the index of
    its value in the row's ``values``), the other columns as the Word table has them."""
    layout: list[tuple[Column, int | None]] = []
    for column in values["columns"]:
        if column.id == "criteria" and values.get("criteria"):
            layout += [
                (Column(id=f"criterion{i}", header=label, width=6, type="text"), i)
                for i, label in enumerate(values["criteria"])
            ]
        else:
            layout.append((column, None))
    return layout


def _xlsx(values: dict[str, Any]) -> bytes:
    layout = _layout(values)
    columns: Sequence[Column] = [column for column, _ in layout]
    last = len(columns) - 1
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet(values["head"]["title"][:31])
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter", "text_wrap": True}
    cell = workbook.add_format({**base, "border": 1, "align": "center", "num_format": "@"})
    left = workbook.add_format({**base, "border": 1, "align": "left", "num_format": "@"})
    header = workbook.add_format(
        {**base, "border": 1, "bold": True, "align": "center", "bg_color": "#F2F2F2"}
    )
    title = workbook.add_format({**base, "font_size": 16, "bold": True, "align": "center"})
    plain = workbook.add_format({**base, "font_size": 11, "align": "left"})
    bold = workbook.add_format({**base, "font_size": 11, "bold": True})
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width * 2)

    head = values["head"]
    sheet.merge_range(0, 0, 0, last, formula_safe(head["campaign"]), plain)
    sheet.set_row(1, 30)
    sheet.merge_range(1, 0, 1, last, formula_safe(head["title"]), title)
    sheet.merge_range(2, 0, 2, last, formula_safe(head["info"]), plain)
    header_row = 3
    for index, column in enumerate(columns):
        sheet.write_string(header_row, index, column.header, header)
    row = header_row + 1
    lefts = {"criteria", "note", "comment", "remarks", "unit"}
    for section in values["sections"]:
        for item in section["rows"]:
            height = 1
            for index, (column, place) in enumerate(layout):
                text = item["values"][place] if place is not None else item.get(column.id, "")
                height = max(height, _lines(text))
                style = left if column.id in lefts else cell
                sheet.write_string(row, index, formula_safe(text), style)
            sheet.set_row(row, LINE_HEIGHT * height + 3)
            row += 1
        if section.get("summary"):
            sheet.merge_range(row, 0, row, last, formula_safe(section["summary"]), left)
            row += 1
    row += 1
    for line in values["notes"]:
        sheet.merge_range(row, 0, row, last, formula_safe(line), plain)
        sheet.set_row(row, LINE_HEIGHT * (1 + len(line) // (8 * len(columns) + 8)) + 3)
        row += 1
    row += 1
    _signatures(sheet, row, last, values, bold=bold, cell=cell, header=header)

    sheet.freeze_panes(header_row + 1, 0)
    sheet.repeat_rows(header_row)
    if values["landscape"]:
        sheet.set_landscape()
    sheet.set_paper(PAPER_CODES["A4"])
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    workbook.close()
    return out.getvalue()


def _signatures(sheet: Any, row: int, last: int, values: dict[str, Any], **styles: Any) -> None:
    """The signature lines under the date, one member a row: 序号, 姓名, the blank to sign."""
    members = [
        (g[f"seq{i}"], g[f"name{i}"])
        for g in values["signatures"]
        for i in (1, 2)
        if g.get(f"name{i}")
    ]
    date = sign_date(values["head"]["date"] or None)
    if values["kind"] == "sheet":
        line = f"评审专家（签字）：{members[0][1]}　　　　　　　　　　{date}"
        sheet.merge_range(row, 0, row, last, formula_safe(line), styles["bold"])
        return
    line = f"评审专家签字：　　　　　　　　评审日期：{date}"
    sheet.merge_range(row, 0, row, last, line, styles["bold"])
    row += 1
    seq, name, sign = SIGNATURE_COLUMNS
    sheet.write_string(row, 0, seq.header, styles["header"])
    sheet.write_string(row, 1, name.header, styles["header"])
    sheet.merge_range(row, 2, row, last, sign.header, styles["header"])
    row += 1
    for number, member in members:
        sheet.set_row(row, 28)
        sheet.write_string(row, 0, number, styles["cell"])
        sheet.write_string(row, 1, formula_safe(member), styles["cell"])
        sheet.merge_range(row, 2, row, last, "", styles["cell"])
        row += 1
