"""Web benchmark: list pages and the office's list download with N candidates.

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL), puts N
beijing-allowance-2024 candidates at the office's qualification review through the real
services, then times each page over several requests and counts its SQL queries. The query
count must not grow with N (the tests assert this for 1 and 3 rows; this shows it at scale)
and the time should grow no faster than the rows a page shows.
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
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from tests.web.chain_helpers import advance, submitted
from tests.web.factories import world

SIZES = (50, 400)
REPEAT = 5
PROGRAM = "beijing-allowance-2024"


def build(count: int):
    w = world(PROGRAM)
    for serial in range(count):
        application = submitted(w, serial=serial)
        while application.stage != "office_review":
            application = advance(w, application, plain=True)
    return w


def measure(client: Client, url: str) -> tuple[float, int, int]:
    """Median milliseconds, queries and response size of GET ``url``."""
    times = []
    for _ in range(REPEAT):
        reset_queries()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response) if response.streaming else response.content
    return sorted(times)[REPEAT // 2], len(connection.queries), len(body)


def main() -> None:
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    call_command("migrate", verbosity=0)
    for count in SIZES:
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        w = build(count)
        print(f"\nN={count}: built in {time.perf_counter() - started:.1f} s")
        client = Client()
        client.force_login(w.account("office_staff"))
        campaign = w.campaign.pk
        pages = {
            "worklist (page 1)": f"{reverse('review_worklist')}?campaign={campaign}",
            "campaign detail": reverse("campaign_detail", args=[campaign]),
            "office list .xlsx": reverse("document_batch", args=[campaign, "list", "xlsx"]),
        }
        for name, url in pages.items():
            ms, queries, size = measure(client, url)
            print(f"  {name:<20} {ms:8.1f} ms  {queries:3d} queries  {size / 1024:8.1f} KiB")


if __name__ == "__main__":
    with override_settings(DEBUG=True):  # connection.queries is recorded only with DEBUG
        main()
