"""`skillaward backup` and `skillaward restore` (issue 13 §4): a SQLite database and its
uploads go into one archive and come back, run as the operator runs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest


def skillaward(
    data: Path, *arguments: str, database: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SKILLAWARD_", "DATABASE_"))}
    env |= {"SKILLAWARD_DATA": str(data), "SKILLAWARD_DEBUG": "1"}
    if database:
        env["DATABASE_URL"] = database
    code = "import sys; from skillaward.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def round_trip(tmp_path: Path, database: str | None = None) -> None:
    data = tmp_path / "site"
    data.mkdir()
    migrated = skillaward(data, "manage", "migrate", "--verbosity=0", database=database)
    assert migrated.returncode == 0, migrated.stderr
    made = skillaward(
        data,
        "office",
        "create",
        "--name",
        "测试市评选办公室",
        "--username",
        "o1",
        database=database,
    )
    assert made.returncode == 0, made.stderr
    photo = data / "media" / "photos" / "张三.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"photo bytes")
    archive = tmp_path / "backup.tar.gz"
    saved = skillaward(data, "backup", str(archive), database=database)
    assert saved.returncode == 0, saved.stderr
    dump = "database.pgdump" if database else "database.sqlite3"
    with tarfile.open(archive) as opened:
        assert {"manifest.json", dump, "media/photos/张三.jpg"} <= set(opened.getnames())

    # The site goes on: a second office and a changed upload, both undone by the restore.
    skillaward(
        data, "office", "create", "--name", "后来的办公室", "--username", "o2", database=database
    )
    photo.write_bytes(b"overwritten")
    (data / "media" / "later.pdf").write_bytes(b"later")

    refused = skillaward(data, "restore", str(archive), database=database)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    restored = skillaward(data, "restore", "--yes", str(archive), database=database)
    assert restored.returncode == 0, restored.stderr
    assert photo.read_bytes() == b"photo bytes"
    assert not (data / "media" / "later.pdf").exists()
    listed = skillaward(
        data,
        "manage",
        "shell",
        "-c",
        "from skillaward.organisations.models import Organisation as O; "
        "print(sorted(O.objects.values_list('name', flat=True)))",
        database=database,
    )
    assert listed.stdout.strip().splitlines()[-1] == "['测试市评选办公室']"
    sealed = skillaward(  # the restored trail's triggers came back with it (§3)
        data,
        "manage",
        "shell",
        "-c",
        "from django.db import connection; "
        "connection.cursor().execute('DELETE FROM audit_auditentry')",
        database=database,
    )
    assert sealed.returncode != 0 and "操作记录只能追加，不能删除" in sealed.stderr


def test_backup_and_restore_bring_back_the_sqlite_database_and_the_uploads(tmp_path):
    round_trip(tmp_path)


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres") or not shutil.which("pg_dump"),
    reason="needs PostgreSQL (DATABASE_URL) and pg_dump",
)
def test_backup_and_restore_bring_back_the_postgresql_database_and_the_uploads(tmp_path):
    """pg_dump and pg_restore on a scratch database beside the test database."""
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"skillaward_backup_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        round_trip(tmp_path, f"{server}/{name}")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not a tar")
    refused = skillaward(tmp_path / "site", "restore", "--yes", str(bogus))
    assert refused.returncode == 2
    assert "无法读取备份文件" in refused.stderr
