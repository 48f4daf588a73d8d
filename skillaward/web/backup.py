"""``skillaward backup`` and ``skillaward restore``: the database and the uploads in one file.

The archive (``.tar.gz``) holds ``manifest.json`` (format, database engine, time), the database
— a consistent copy of the SQLite file made with SQLite's backup API, or a ``pg_dump`` custom
format dump of PostgreSQL — and ``media/``, every uploaded photo and file. Restoring replaces
the database and the uploads of the platform as configured (``DATABASE_URL``,
``SKILLAWARD_DATA``) with the archive's; the engine must be the same.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is Chinese."""


def _engine() -> str:
    engine = str(settings.DATABASES["default"]["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"不支持备份此类数据库：{engine}")


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise BackupError("PostgreSQL 的备份和恢复需要环境变量 DATABASE_URL")
    return url


def _run(command: list[str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"未找到 {command[0]} 命令，无法{what}（请安装 postgresql-client）")
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(f"{what}失败：{completed.stderr.strip()[-500:]}")


def _sqlite_copy(source: str | Path, target: str | Path) -> None:
    """A consistent copy while the site runs (pages written meanwhile wait or go after it)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def backup(target: Path) -> dict[str, Any]:
    """Write the archive to ``target``; returns its manifest."""
    engine = _engine()
    manifest = {"format": FORMAT, "engine": engine, "created": timezone.now().isoformat()}
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="skillaward-backup-") as directory:
        work = Path(directory)
        if engine == "sqlite":
            database = Path(settings.DATABASES["default"]["NAME"])
            if not database.exists():
                raise BackupError(f"数据库文件 {database} 不存在")
            dump = work / SQLITE_NAME
            _sqlite_copy(database, dump)
        else:
            dump = work / POSTGRES_NAME
            command = ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}"]
            _run([*command, _database_url()], "导出 PostgreSQL 数据库")
        (work / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "manifest.json", arcname="manifest.json")
            archive.add(dump, arcname=dump.name)
            if media.exists():
                archive.add(media, arcname="media")
        partial.replace(target)  # never a half-written backup under the real name
    return manifest


def _manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError:
        member = None
    if member is None:
        raise BackupError("不是 skillaward 的备份文件（缺少 manifest.json）")
    manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式：{manifest.get('format')}")
    return manifest


def restore(source: Path) -> dict[str, Any]:
    """Replace the database and the uploads with the archive's; returns its manifest."""
    engine = _engine()
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115  (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"无法读取备份文件 {source}：{error}") from None
    with archive, tempfile.TemporaryDirectory(prefix="skillaward-restore-") as directory:
        manifest = _manifest(archive)
        if manifest["engine"] != engine:
            raise BackupError(
                f"备份来自 {manifest['engine']} 数据库，当前平台使用 {engine}，不能直接恢复"
            )
        archive.extractall(directory, filter="data")
        work = Path(directory)
        connections.close_all()
        if engine == "sqlite":
            database = Path(settings.DATABASES["default"]["NAME"])
            database.parent.mkdir(parents=True, exist_ok=True)
            _sqlite_copy(work / SQLITE_NAME, database)
        else:
            command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
            _run([*command, f"--dbname={_database_url()}", str(work / POSTGRES_NAME)], "恢复数据库")
        media = Path(settings.MEDIA_ROOT)
        shutil.rmtree(media, ignore_errors=True)
        if (work / "media").exists():
            shutil.copytree(work / "media", media)
    return manifest


def created_at(manifest: dict[str, Any]) -> str:
    return f"{timezone.localtime(datetime.fromisoformat(manifest['created'])):%Y-%m-%d %H:%M}"
