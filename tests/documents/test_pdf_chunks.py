"""Large batches convert in chunks (issue 13 §6): several LibreOffice runs of a few documents,
each with its own timeout, so that hundreds of forms no longer hit one overall limit. A stand-in
``soffice`` (a script that writes each PDF and logs its call) keeps these tests fast."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from skillaward.documents.errors import DocumentError
from skillaward.documents.pdf import convert_in_chunks

FAKE_SOFFICE = """#!/usr/bin/env python3
import sys, time
from pathlib import Path
args = sys.argv[1:]
outdir = Path(args[args.index("--outdir") + 1])
inputs = [Path(a) for a in args if a.endswith(".docx")]
with open(sys.argv[0] + ".log", "a") as log:
    log.write(" ".join(p.stem for p in inputs) + "\\n")
if any(p.stem.startswith("slow") for p in inputs):
    time.sleep(30)
for p in inputs:
    (outdir / (p.stem + ".pdf")).write_bytes(b"%PDF-1.4 " + p.stem.encode())
"""


@pytest.fixture
def soffice(tmp_path, monkeypatch):
    script = tmp_path / "soffice"
    script.write_text(FAKE_SOFFICE)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("SKILLAWARD_SOFFICE", str(script))
    return Path(str(script) + ".log")


def words(tmp_path: Path, *stems: str) -> list[Path]:
    paths = [tmp_path / f"{stem}.docx" for stem in stems]
    for path in paths:
        path.write_bytes(b"docx")
    return paths


def test_a_batch_is_converted_in_chunks_in_order_with_progress(tmp_path, soffice):
    stems = [f"{i:03d}" for i in range(7)]
    progress: list[int] = []
    pdfs = convert_in_chunks(
        words(tmp_path, *stems), tmp_path / "pdf", chunk_size=3, workers=2, progress=progress.append
    )
    assert [p.stem for p in pdfs] == stems
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    runs = sorted(soffice.read_text().splitlines())
    assert runs == ["000 001 002", "003 004 005", "006"]
    assert progress == [3, 6, 7]


def test_the_timeout_is_per_chunk_and_names_it(tmp_path, soffice):
    paths = words(tmp_path, "a", "b", "slow")
    with pytest.raises(DocumentError, match="超时（超过3秒）"):
        convert_in_chunks(paths, tmp_path / "pdf", chunk_size=2, timeout=3, workers=2)
    # The first chunk converted within its own limit although the batch as a whole failed.
    assert (tmp_path / "pdf" / "a.pdf").exists()
