"""Documents benchmark: 1,000 application forms (.docx) and one 10,000-row list (.xlsx).

    .venv/bin/python bench/documents.py [--pdf N]

Prints seconds, files (or rows) per second and peak memory. The list is compared with
XlsxWriter writing the same cells raw (no formats, no layout), measured in the same run.
Targets: 1,000 forms under 60 s; the list within 2× the raw write. ``--pdf N`` instead renders
N forms and converts them as the background job does (``convert_in_chunks``: chunks of
SKILLAWARD_PDF_CHUNK, SKILLAWARD_PDF_WORKERS LibreOffice processes at once), and prints the
time per form and what 1,000 forms would take (target: under 5 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from skillaward.documents.api import render_documents
from skillaward.documents.catalogue import program
from skillaward.documents.context import DocumentContext
from skillaward.documents.pdf import WORKERS, convert_in_chunks
from skillaward.documents.render import list_rows
from skillaward.documents.xlsx import render_xlsx
from tests.documents.fixtures import id_number, record

FORMS, ROWS = 1_000, 10_000
PROGRAM = "beijing-allowance-2024"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def applicants(count: int) -> list[dict[str, Any]]:
    out = []
    for i in range(count):
        birth = f"{1970 + i % 30}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        out.append(
            record(
                PROGRAM,
                ref=f"A-{i}",
                name=f"申报人{i}",
                birth_date=birth,
                # an odd sequence number: a man's ID number, as the record's gender says
                id_number=id_number(birth, f"{(2 * i + 1) % 1000:03d}"),
            )
        )
    return out


def raw_xlsx(rows: list[list[str]]) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.close()
    return out.getvalue()


def pdfs(count: int) -> None:
    forms = applicants(count)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        words = render_documents(PROGRAM, "application", forms, Path(tmp) / "word")
        rendered = time.perf_counter() - start
        converted = convert_in_chunks(words, Path(tmp) / "pdf")
        seconds = time.perf_counter() - start
    assert len(converted) == count
    print(
        f"forms with PDF: {count} in {seconds:.1f} s ({rendered:.1f} s Word), "
        f"{seconds / count:.2f} s a form with {WORKERS} LibreOffice processes; "
        f"1,000 forms ≈ {seconds / count * 1000:.0f} s (target < 300 s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=int, metavar="N", help="N forms with their PDFs")
    args = parser.parse_args()
    if args.pdf:
        pdfs(args.pdf)
        return 0
    forms = applicants(FORMS)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        written = render_documents(PROGRAM, "application", forms, Path(tmp))
        seconds = time.perf_counter() - start
    assert len(written) == FORMS
    print(
        f"forms: {FORMS} .docx in {seconds:.1f} s = {FORMS / seconds:.1f} files/s "
        f"(target < 60 s); peak memory {peak_mb():.0f} MB"
    )

    prog = program(PROGRAM)
    document = prog.document("list")
    rows = applicants(ROWS)
    context = DocumentContext()
    start = time.perf_counter()
    render_xlsx(prog, document, rows, context)
    ours = time.perf_counter() - start
    cells = [list(r.values()) for r in list_rows(prog, document, rows, context)]
    start = time.perf_counter()
    raw_xlsx(cells)
    raw = time.perf_counter() - start
    print(
        f"list: {ROWS} rows .xlsx in {ours:.2f} s = {ROWS / ours:.0f} rows/s; raw XlsxWriter "
        f"{raw:.2f} s; ratio {ours / raw:.2f}× (target ≤ 2×); peak memory {peak_mb():.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
