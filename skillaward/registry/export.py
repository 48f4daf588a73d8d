"""The registry as an Excel workbook (openpyxl): one row per awardee, ID numbers in full for
the office staff who may export it."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import cast

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from skillaward.core.codes import HONOUR_LEVEL_NAMES
from skillaward.documents.xlsx import formula_safe
from skillaward.registry.models import Awardee

HEADERS = ("姓名", "身份证号码", "工作单位", "荣誉称号", "级别", "年度", "有效期至", "来源")
WIDTHS = (10, 22, 30, 28, 8, 8, 12, 36)


def source_of(awardee: Awardee) -> str:
    return awardee.campaign.name if awardee.campaign else "往届名单导入"


def registry_workbook(awardees: Iterable[Awardee]) -> bytes:
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook's one sheet
    sheet.title = "获评人员库"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    for awardee in awardees:
        sheet.append(
            (
                formula_safe(awardee.name),
                awardee.id_number,
                formula_safe(awardee.unit_name),
                formula_safe(awardee.title),
                HONOUR_LEVEL_NAMES.get(awardee.level, awardee.level),
                awardee.year,
                awardee.term_end,
                source_of(awardee),
            )
        )
        sheet.cell(sheet.max_row, 7).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
