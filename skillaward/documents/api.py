"""The documents layer's entry points, shared by the command line and the web platform."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from skillaward.documents.catalogue import XLSX_SUFFIX, Document, program
from skillaward.documents.context import DocumentContext
from skillaward.documents.errors import DocumentError
from skillaward.documents.pdf import convert_in_chunks
from skillaward.documents.render import render_batch, render_form, write_bytes
from skillaward.documents.xlsx import render_xlsx

UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def as_dict(record: Any) -> Mapping[str, Any]:
    """An interchange dict from an :class:`ApplicantRecord` or a dict."""
    to_json = getattr(record, "to_json_dict", None)
    as_json: Mapping[str, Any] = to_json() if callable(to_json) else record
    return as_json


def file_name(document: Document, index: int | None, name: str | None, suffix: str) -> str:
    stem = document.title if index is None else f"{index:03d}-{name}-{document.title}"
    return UNSAFE.sub("_", stem) + suffix


def render_documents(
    program_id: str,
    name: str,
    records: Sequence[Any],
    outdir: Path,
    *,
    context: DocumentContext | None = None,
    pdf: bool = False,
) -> list[Path]:
    """Write one document kind for a ranked batch: a file per applicant (forms) or one file.

    ``records`` are in rank order. Returns the written paths (the PDFs too when ``pdf``).
    """
    prog = program(program_id)
    document = prog.document(name)
    context = context or DocumentContext()
    batch = [as_dict(r) for r in records]
    if not batch:
        raise DocumentError("没有可生成表格的申报人记录")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DocumentError(f"无法创建输出目录{outdir}：{error.strerror}") from None
    written: list[Path] = []
    if name.endswith(XLSX_SUFFIX):
        if pdf:
            raise DocumentError("Excel 表格不转换为PDF；PDF 请用同名 Word 版本（去掉 -xlsx）")
        data = render_xlsx(prog, document, batch, context)
        return [write_bytes(outdir / file_name(document, None, None, ".xlsx"), data)]
    if document.per_applicant:
        for index, record in enumerate(batch, start=1):
            data = render_form(prog, document, record, context, batch_records=batch)
            path = outdir / file_name(document, index, str(record.get("name", "")), ".docx")
            written.append(write_bytes(path, data))
    else:
        data = render_batch(prog, document, batch, context)
        written.append(write_bytes(outdir / file_name(document, None, None, ".docx"), data))
    if pdf:
        written += convert_in_chunks(written, outdir)
    return written
