"""PDF through LibreOffice headless: a fresh user profile per call, a timeout, Chinese errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from skillaward.documents.errors import DocumentError

DEFAULT_TIMEOUT = 300
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
