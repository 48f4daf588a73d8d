"""The expert's list of assigned candidates (issue 10): queries and time at 10 and 40.

    .venv/bin/python bench/panels.py

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL), puts N
liaocheng-chief-2019 candidates at the city panel through the real services, draws a panel of
7 from a pool of 9, opens the round, one member declares a recusal and gives a few sheets,
then times :func:`skillaward.panels.selectors.assignments` (what the expert's list page reads)
over several calls and counts its SQL queries. The count must not grow with N (the tests
assert it at 10 and 40); the time should grow no faster than the candidates listed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SKILLAWARD_DATA", tempfile.mkdtemp(prefix="skillaward-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillaward.web.settings")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import override_settings

from skillaward.panels.selectors import assignments
from skillaward.panels.services import recusal_declare
from tests.web.factories import world
from tests.web.panel_helpers import candidates, drawn, give, members, opened, pool

SIZES = (10, 40)
REPEAT = 21


def main() -> None:
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    call_command("migrate", verbosity=0)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for count in SIZES:
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        w = world("liaocheng-chief-2019")
        apps = candidates(w, count)
        pool(w, 9)
        panel = drawn(w, size=7, reserves=2)
        member = members(panel)[0]
        recusal_declare(
            member=member,
            application=apps[0],
            reason_code="kinship",
            reason="亲属",
            actor=member.expert.account,
        )
        opened(w, panel)
        for application in apps[1:4]:
            give(member, application, vote="yes")
        print(f"\nN={count}: built in {time.perf_counter() - started:.1f} s")
        times = []
        for _ in range(REPEAT):
            reset_queries()
            start = time.perf_counter()
            (found,) = assignments(member.expert.account)
            times.append((time.perf_counter() - start) * 1000)
        assert len(found.candidates) == count - 1 and len(found.sheets) == 3
        print(
            f"  assignments({count - 1} listed)  {sorted(times)[REPEAT // 2]:7.2f} ms median"
            f"  {max(times):7.2f} ms slowest  {len(connection.queries)} queries"
        )


if __name__ == "__main__":
    with override_settings(DEBUG=True):  # connection.queries is recorded only with DEBUG
        main()
