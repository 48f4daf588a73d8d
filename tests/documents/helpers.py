"""Reading produced documents back, as a person reading the form would."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from docx import Document

from skillaward.documents.context import DocumentContext, parse_context
from tests.documents.fixtures import applicant_context

BATCH = {
    "recommender": "北京市朝阳区人力资源和社会保障局",
    "contact": "王五",
    "phone": "010-65090443",
    "mobile": "13900000000",
    "filler": "小李",
    "date": "2024-04-20",
    "publicity_start": "2024-09-27",
    "expert_review": "组织7名专家进行了综合评定。",
    "classified_note": "推荐人选均不涉密。",
}


def context(photo: Path | None = None, **batch: Any) -> DocumentContext:
    return parse_context(
        {
            "batch": BATCH | batch,
            "applicants": {"A-1": applicant_context(str(photo) if photo else None)},
        }
    )


def open_docx(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def cell_rows(data: bytes) -> list[list[str]]:
    """Every table row as its distinct cells' texts (merged cells once), tables in order."""
    return [row for table in tables(data) for row in table]


def tables(data: bytes) -> list[list[list[str]]]:
    """Each table as its rows of distinct cell texts."""
    return [_rows(table) for table in open_docx(data).tables]


def _rows(table: Any) -> list[list[str]]:
    rows = []
    if True:
        for row in table.rows:
            seen: list[Any] = []
            texts = []
            for cell in row.cells:
                if any(cell._tc is s for s in seen):
                    continue
                seen.append(cell._tc)
                texts.append(cell.text.strip())
            rows.append(texts)
    return rows


def field(data: bytes, label: str) -> str:
    """The text of the cell right of the first cell reading ``label``."""
    for row in cell_rows(data):
        for index, text in enumerate(row[:-1]):
            if re.sub(r"\s", "", text) == label:
                return row[index + 1]
    raise AssertionError(f"no cell labelled {label!r}")


def all_text(data: bytes) -> str:
    document = open_docx(data)
    parts = [p.text for p in document.paragraphs]
    parts += ["\t".join(r) for r in cell_rows(data)]
    return "\n".join(parts)


def rows_after(data: bytes, header_first: str) -> list[list[str]]:
    """Rows of the same table following the row whose first cell is ``header_first``."""
    for rows in tables(data):
        for index, row in enumerate(rows):
            if row[0] == header_first:
                return rows[index + 1 :]
    raise AssertionError(f"no row starting {header_first!r}")
