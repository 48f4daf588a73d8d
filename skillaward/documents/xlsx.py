"""Lists as .xlsx: the notice's columns, header frozen, widths set, printed A4 or A3 landscape.

Written with XlsxWriter in constant-memory mode (rows streamed in order), which keeps a
10,000-row list close to the cost of writing the cells raw (see ``bench/documents.py``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import xlsxwriter

from skillaward.documents.catalogue import Column, Document, Program
from skillaward.documents.context import DocumentContext
from skillaward.documents.render import (
    jinja_env,
    list_sections,
    ordered_groups,
    require_sections,
)
from skillaward.documents.view import batch_view, cn_date

PAPER_CODES = {"A4": 9, "A3": 8}
TITLE_ROW, UNIT_ROW, HEADER_ROW = 0, 1, 2
FIRST_DATA_ROW = HEADER_ROW + 1
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
MONTH_FORMAT = 'yyyy"年"m"月"'


# A cell whose text starts with one of these is a formula to Excel, LibreOffice or a CSV
# import (=HYPERLINK(…), +cmd|…, @SUM(…)); tab and carriage return hide such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: str) -> str:
    """Text from user data as a spreadsheet shows it, never as a formula: a leading
    apostrophe before a formula's first character (OWASP's advice for CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def excel_width(column: Column) -> int:
    """Column width in Excel units: a Chinese character is about two units wide."""
    return round(column.width * 1.6)


def _date_cell(record: Mapping[str, Any], column: Column) -> datetime | None:
    raw = record.get(column.path or "") if column.path and "." not in column.path else None
    if not isinstance(raw, str) or not raw:
        return None
    if column.type == "month":
        return datetime(int(raw[:4]), int(raw[5:7]), 1)
    return datetime.combine(date.fromisoformat(raw), datetime.min.time())


def footer_text(document: Document, batch: Mapping[str, Any]) -> str:
    """The line under the list (contact, phone …), as the .docx prints it."""
    env = jinja_env().overlay(autoescape=False)
    return "　　　　".join(env.from_string(part).render(batch=batch) for part in document.footer)


def render_xlsx(
    program: Program,
    document: Document,
    records: Sequence[Mapping[str, Any]],
    context: DocumentContext,
) -> bytes:
    """The list as an .xlsx workbook (bytes)."""
    require_sections(program, document, records)
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
    sheet = workbook.add_worksheet(document.title[:31])
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
    cell = workbook.add_format({**base, "border": 1, "text_wrap": True, "align": "center"})
    left = workbook.add_format({**base, "border": 1, "text_wrap": True, "align": "left"})
    text = workbook.add_format({**base, "border": 1, "align": "center", "num_format": "@"})
    dated = workbook.add_format({**base, "border": 1, "align": "center", "num_format": DATE_FORMAT})
    month = workbook.add_format(
        {**base, "border": 1, "align": "center", "num_format": MONTH_FORMAT}
    )
    header = workbook.add_format(
        {
            **base,
            "border": 1,
            "bold": True,
            "text_wrap": True,
            "align": "center",
            "bg_color": "#F2F2F2",
        }
    )
    title = workbook.add_format({**base, "font_size": 16, "bold": True, "align": "center"})
    plain = workbook.add_format({**base, "font_size": 11})
    right = workbook.add_format({**base, "font_size": 11, "align": "right"})

    columns = document.columns
    last = len(columns) - 1
    for index, column in enumerate(columns):
        sheet.set_column(index, index, excel_width(column))
    batch = batch_view(context.batch, records)

    sheet.set_row(TITLE_ROW, 32)
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, last, document.title, title)
    split = max(1, last - 2)
    sheet.merge_range(
        UNIT_ROW,
        0,
        UNIT_ROW,
        split - 1,
        formula_safe(f"{document.recommender_label}：{batch['recommender']}（盖章）"),
        plain,
    )
    sheet.merge_range(UNIT_ROW, split, UNIT_ROW, last, cn_date(batch["date"]), right)
    sheet.set_row(HEADER_ROW, 36)
    for index, column in enumerate(columns):
        sheet.write_string(HEADER_ROW, index, column.header, header)

    row = FIRST_DATA_ROW
    sections = list_sections(program, document, records, context)
    raw = _raw_rows(program, document, records)
    raw_iter = iter(raw)
    for section in sections:
        if section["heading"]:  # the office's list: each recommending unit under its name
            sheet.merge_range(row, 0, row, last, formula_safe(section["heading"]), left)
            row += 1
        start = row
        for values in section["rows"]:
            record = next(raw_iter)
            for index, column in enumerate(columns):
                value = values.get(column.id, "")
                if column.type == "section":
                    if row == start:
                        sheet.write_string(row, index, formula_safe(value), cell)
                    continue
                if column.type == "rank":
                    sheet.write_number(row, index, int(value), cell)
                elif column.type in ("date", "month"):
                    when = _date_cell(record, column)
                    if when is None:
                        sheet.write_blank(row, index, None, text)
                    else:
                        sheet.write_datetime(
                            row, index, when, dated if column.type == "date" else month
                        )
                elif value:
                    style = left if column.width >= 24 else text
                    sheet.write_string(row, index, formula_safe(value), style)
                else:
                    sheet.write_blank(row, index, None, text)
            row += 1
        section_index = next((i for i, c in enumerate(columns) if c.type == "section"), None)
        if section_index is not None and row - start > 1:
            sheet.merge_range(start, section_index, row - 1, section_index, section["title"], cell)
    row += 1
    sheet.merge_range(row, 0, row, last, footer_text(document, batch), plain)
    if document.note:
        sheet.merge_range(row + 1, 0, row + 1, last, document.note, plain)

    sheet.freeze_panes(FIRST_DATA_ROW, 0)
    sheet.set_landscape()
    sheet.set_paper(PAPER_CODES[document.paper])
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    workbook.close()
    return out.getvalue()


def _raw_rows(
    program: Program, document: Document, records: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """The records in the order ``list_sections`` lays them out."""
    return [r for *_, members in ordered_groups(program, document, records) for r in members]
