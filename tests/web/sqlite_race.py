"""Two recommending units send the same person at the same moment on a SQLite file (issue 13
§1): ``python -m tests.web.sqlite_race [tries]`` (from the repository root; at most 4 tries
fit the other unit's CC3-16 quota of 2 per award).

Builds a fresh SQLite file in a temporary directory; for each try, the same person applies in
both units and reaches the ranked list of each, then the two units' staff post their lists
through the test client (each thread its own connection), released together at a barrier.
Prints how many tries one unit won while the other was refused in Chinese, how many answers
were 503 (系统繁忙，请稍后重试) and how many were server errors; exit code 1 unless every try
had one winner and one refusal.
"""

# ruff: noqa: E402  (Django is set up before the models can be imported)
from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections import Counter

os.environ.pop("DATABASE_URL", None)  # the embedded default is what is raced
os.environ.setdefault("SKILLAWARD_DATA", tempfile.mkdtemp(prefix="skillaward-race-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillaward.web.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse

from skillaward.base.clock import beijing_today
from skillaward.campaigns.models import Application
from skillaward.organisations.models import Account
from tests.web.chain_helpers import at_stage
from tests.web.factories import World, account, world

PROGRAM = "changchun-skills-3"  # two awards: one person may apply once for each
REFUSAL = "同一人不得重复推荐"


def pair(w: World, serial: int) -> tuple[Application, Application]:
    """The same person (record ``serial``) at the ranked list of both units, once for each
    award (one application per person and award)."""
    awards = ["grand-award", "technical-expert"]
    if serial % 2:  # the awards alternate, so no unit fills an award's CC3-16 quota (2 or 3)
        awards.reverse()
    sides = []
    for side, unit, recommender, award in (
        ("a", w.unit, w.recommender, awards[0]),
        ("b", w.other_unit, w.other_recommender, awards[1]),
    ):
        key = f"race-{side}{serial}"
        w.accounts[key] = account(key, "applicant", unit)
        sides.append(
            at_stage(
                w,
                "recommender_submit",
                who=key,
                serial=serial,
                unit=unit,
                recommender=recommender,
                award_id=award,
            )
        )
    return sides[0], sides[1]


def race(w: World, applications: tuple[Application, Application]) -> list[tuple[int, str]]:
    """Both units confirm their one-name list at once: (status, page text) of each."""
    assert w.campaign is not None
    url = reverse("recommendation", kwargs={"campaign_id": w.campaign.pk})
    staff = [w.account("recommender_staff").pk, w.account("other_recommender_staff").pk]
    # A unit's later list ranks on after what it sent before (1…n over all its lists).
    ranks = [
        1
        + Application.objects.filter(
            campaign=w.campaign, recommender=a.recommender, rank__isnull=False
        ).count()
        for a in applications
    ]
    barrier = threading.Barrier(2)
    answers: list[tuple[int, str]] = [(0, "")] * 2

    def send(index: int) -> None:
        data = {
            f"rank_{applications[index].pk}": str(ranks[index]),
            "action": "confirm",
            "confirmed": "yes",
        }
        try:
            client = Client(raise_request_exception=False)
            client.force_login(Account.objects.get(pk=staff[index]))
            barrier.wait()
            response = client.post(url, data, follow=True)
            answers[index] = (response.status_code, response.content.decode())
        except Exception as error:  # a racer broken before its post does not leave the other
            barrier.abort()
            answers[index] = (0, repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def main() -> int:
    tries = int(sys.argv[1]) if len(sys.argv) > 1 else 3  # within both units' quotas
    call_command("migrate", verbosity=0)
    today = beijing_today()
    w = world(PROGRAM, phases=[{"id": "submission", "start": today, "end": today}])
    counts: Counter[str] = Counter()
    for serial in range(40, 40 + tries):
        applications = pair(w, serial)
        connections.close_all()
        answers = race(w, applications)
        statuses = [status for status, _ in answers]
        counts["busy"] += statuses.count(503)
        counts["server_errors"] += sum(s >= 500 and s != 503 for s in statuses)
        sent = [
            a.stage != "recommender_submit"
            for a in Application.objects.filter(pk__in=[a.pk for a in applications])
        ]
        refused = [REFUSAL in text for _, text in answers]
        if sorted(sent) == [False, True] and sorted(refused) == [False, True]:
            counts["one_won"] += 1
    print(
        f"tries={tries} one_won_other_refused={counts['one_won']} "
        f"busy(503)={counts['busy']} server_errors={counts['server_errors']}"
    )
    return 0 if counts["one_won"] == tries else 1


if __name__ == "__main__":
    sys.exit(main())
