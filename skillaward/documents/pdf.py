"""PDF through LibreOffice headless: a fresh user profile per call, a timeout, Chinese errors.

A large batch is converted in chunks (:func:`convert_in_chunks`), several LibreOffice processes
at a time, each chunk with its own timeout: hundreds of forms no longer hit one overall limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from skillaward.documents.errors import DocumentError

DEFAULT_TIMEOUT = 300
CHUNK_SIZE = int(os.environ.get("SKILLAWARD_PDF_CHUNK", 25))  # documents per LibreOffice run
CHUNK_TIMEOUT = float(os.environ.get("SKILLAWARD_PDF_CHUNK_TIMEOUT", 180))  # seconds per chunk
WORKERS = int(os.environ.get("SKILLAWARD_PDF_WORKERS", 2))  # LibreOffice processes at a time
MISSING = (
    "未找到 LibreOffice（soffice 命令），无法生成PDF。"
    "请安装 libreoffice-writer-nogui 和 fonts-noto-cjk（Debian/Ubuntu：apt-get install "
    "libreoffice-writer-nogui fonts-noto-cjk）后重试；Word 文件已照常生成。"
)


def find_soffice() -> str | None:
    """``$SKILLAWARD_SOFFICE`` if set, else ``soffice`` or ``libreoffice`` on the PATH."""
    configured = os.environ.get("SKILLAWARD_SOFFICE")
    if configured is not None:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(
    paths: Sequence[Path], outdir: Path, *, timeout: float = DEFAULT_TIMEOUT
) -> list[Path]:
    """Convert .docx files to PDF in one LibreOffice run; returns the PDFs, in order."""
    if not paths:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise DocumentError(MISSING)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="skillaward-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(p) for p in paths),
        ]
        try:
            completed = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise DocumentError(
                f"LibreOffice 转换PDF超时（超过{timeout:g}秒），请稍后重试"
            ) from None
        except OSError as error:
            raise DocumentError(f"无法启动 LibreOffice（{soffice}）：{error.strerror}") from None
    pdfs = [outdir / f"{p.stem}.pdf" for p in paths]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        detail = (completed.stderr or completed.stdout).strip()[-300:]
        raise DocumentError(f"LibreOffice 未能生成PDF：{'、'.join(missing)}。{detail}")
    return pdfs


def convert_in_chunks(
    paths: Sequence[Path],
    outdir: Path,
    *,
    chunk_size: int | None = None,
    timeout: float | None = None,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Path]:
    """Convert in chunks of ``chunk_size`` documents, ``workers`` chunks at a time, each within
    ``timeout`` seconds (defaults: CHUNK_SIZE, CHUNK_TIMEOUT, WORKERS); ``progress`` is told the
    number converted so far after each chunk. Returns the PDFs in the order of ``paths``; the
    first failing chunk's error is raised."""
    chunk_size = chunk_size or CHUNK_SIZE
    timeout = timeout or CHUNK_TIMEOUT
    workers = workers or WORKERS
    chunks = [list(paths[i : i + chunk_size]) for i in range(0, len(paths), chunk_size)]
    done = 0
    results: list[Path] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(convert_to_pdf, chunk, outdir, timeout=timeout) for chunk in chunks]
        try:
            for future in futures:
                converted = future.result()
                results += converted
                done += len(converted)
                if progress is not None:
                    progress(done)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return results
