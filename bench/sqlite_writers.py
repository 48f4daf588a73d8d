"""Deadline-day load on the embedded SQLite default: N applicants autosave at the same moment.

Builds a fresh SQLite file in a temporary directory, starts N drafts through the real
services, then N threads (each its own connection) post the autosave of their own draft
through the test client, released together at a barrier, for a few rounds. Prints how many
answers were 200, 503 (the Chinese "系统繁忙，请稍后重试") and server errors; the exit code is 1
when there was any server error. ``python bench/sqlite_writers.py [writers] [rounds]``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.pop("DATABASE_URL", None)  # the embedded default is what is measured
os.environ.setdefault("SKILLAWARD_DATA", tempfile.mkdtemp(prefix="skillaward-writers-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillaward.web.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse

from tests.web.factories import account, draft, world

PROGRAM = "beijing-allowance-2024"


def build(writers: int) -> list[tuple[int, int]]:
    """``writers`` drafts, each of its own applicant: (account id, application id) pairs."""
    w = world(PROGRAM)
    pairs = []
    for serial in range(writers):
        key = f"writer{serial}"
        w.accounts[key] = account(f"load-writer-{serial}", "applicant", w.unit)
        application = draft(w, who=key, unit=w.unit, recommender=w.recommender)
        pairs.append((w.accounts[key].pk, application.pk))
    return pairs


def hammer(pairs: list[tuple[int, int]], rounds: int) -> Counter[int]:
    """Every writer autosaves its draft ``rounds`` times, all released together each round."""
    from skillaward.organisations.models import Account

    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(pairs))

    def write(account_id: int, application_id: int) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(Account.objects.get(pk=account_id))
        url = reverse("application_edit", args=[application_id])
        try:
            for serial in range(rounds):
                barrier.wait()
                response = client.post(
                    url, {"details.phone": f"0431-8888{serial:04d}"}, headers={"X-Autosave": "1"}
                )
                with lock:
                    statuses[response.status_code] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def main() -> int:
    writers = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    call_command("migrate", verbosity=0)
    pairs = build(writers)
    connections.close_all()
    started = time.perf_counter()
    statuses = hammer(pairs, rounds)
    elapsed = time.perf_counter() - started
    errors = sum(n for status, n in statuses.items() if status >= 500 and status != 503)
    print(
        f"{writers} writers × {rounds} rounds in {elapsed:.1f} s: "
        f"ok={statuses[200]} busy(503)={statuses[503]} server_errors={errors} "
        f"all={dict(sorted(statuses.items()))}"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
