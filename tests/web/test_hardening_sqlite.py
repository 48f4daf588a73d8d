"""The embedded SQLite default on a deadline day (issue 13 §1).

Twenty applicants autosaving at the same moment all get their draft saved (WAL, immediate
write transactions, a busy timeout); a lock that still times out is a Chinese "please retry"
(HTTP 503), never a server error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import path

from skillaward.web.middleware import BUSY_MESSAGE

ROOT = Path(__file__).resolve().parents[2]


def test_twenty_concurrent_writers_on_a_sqlite_file_get_no_server_error(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "sqlite_writers.py"), "20", "2"],
        env={"PATH": "/usr/bin:/bin", "SKILLAWARD_DATA": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok=40 busy(503)=0 server_errors=0" in result.stdout


def test_s1_bj24_12_two_units_sending_the_same_person_at_once_on_sqlite_one_wins(tmp_path):
    """The other unit is refused in Chinese (同一人不得重复推荐), never a server error."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.web.sqlite_race", "3"],
        env={"PATH": "/usr/bin:/bin", "SKILLAWARD_DATA": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tries=3 one_won_other_refused=3 busy(503)=0 server_errors=0" in result.stdout


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings")
def test_sqlite_writes_take_the_lock_up_front_and_wait_for_it():
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


def locked(request):
    raise OperationalError("database is locked")


def broken(request):
    raise OperationalError("no such table: nowhere")


urlpatterns = [path("locked/", locked), path("broken/", broken)]


def test_a_lock_that_still_times_out_is_a_chinese_please_retry_not_a_500(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).post("/locked/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert BUSY_MESSAGE in response.content.decode()


def test_other_database_errors_stay_server_errors(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).post("/broken/")
    assert response.status_code == 500
