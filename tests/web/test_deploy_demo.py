"""`skillaward demo` deletes only a data directory it made itself, and never runs against
DATABASE_URL (issue 13 §4: it used to wipe media/ of any SKILLAWARD_DATA)."""

from __future__ import annotations

import pytest

from skillaward.cli import main
from skillaward.cli.common import UsageError
from skillaward.cli.site import DEMO_MARKER, claim_demo_directory


def test_demo_refuses_to_run_against_database_url(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/real")
    assert main(["demo", "--no-serve"]) == 2
    assert "设置了 DATABASE_URL" in capsys.readouterr().err


def test_demo_refuses_a_data_directory_it_did_not_make_and_leaves_it_alone(tmp_path):
    upload = tmp_path / "media" / "photos" / "张三.jpg"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"real photo")
    with pytest.raises(UsageError, match="不是演示站点建立的"):
        claim_demo_directory(tmp_path)
    assert upload.read_bytes() == b"real photo"


def test_demo_makes_a_new_directory_its_own(tmp_path):
    data = tmp_path / "demo"
    claim_demo_directory(data)
    assert (data / DEMO_MARKER).exists()


def test_demo_empties_its_own_directory_and_keeps_it_its_own(tmp_path):
    claim_demo_directory(tmp_path)
    (tmp_path / "skillaward.sqlite3").write_bytes(b"old demo")
    claim_demo_directory(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [DEMO_MARKER]


def test_demo_takes_an_empty_existing_directory(tmp_path):
    claim_demo_directory(tmp_path)
    assert (tmp_path / DEMO_MARKER).exists()
