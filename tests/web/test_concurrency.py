"""Races on PostgreSQL with real concurrent connections (issue 4 §3).

Two units sending the same person at the same moment, and two submissions racing for the
last quota place: one wins, the other gets a clear Chinese message, nothing is half-saved.
Each racer runs in its own thread (its own database connection) and starts at a barrier.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from skillaward.audit.models import AuditEntry
from skillaward.base.errors import ActionRefused
from skillaward.campaigns.models import Application
from skillaward.review.services import recommendation_submit, review_approve, review_reject
from tests.web.chain_helpers import at_stage, submitted
from tests.web.factories import account, reference_day, world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL: SQLite has no SELECT … FOR UPDATE",
    ),
]


def race(*actions: Callable[[], object]) -> list[object]:
    """Run the actions at once, each in its own thread and connection; their results or errors."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = action()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def refusals(results: list[object]) -> list[str]:
    return [str(r) for r in results if isinstance(r, ActionRefused)]


def test_BJ24_12_two_units_sending_the_same_person_at_once_one_wins():
    """The same person for the other award through another unit (one application per person
    and award), both units sending at once (CC3-11 is the Changchun form of BJ24-12)."""
    w = world("changchun-skills-3")
    mine = at_stage(w, "recommender_submit")
    theirs = at_stage(w, "recommender_submit", who="other_applicant", award_id="technical-expert")
    assert mine.id_number == theirs.id_number

    def send(application, who):
        return lambda: recommendation_submit(
            campaign=w.campaign,
            recommender=application.recommender,
            ranked=[(1, application)],
            confirmed=True,
            actor=w.account(who),
            today=reference_day(w),
        )

    results = race(send(mine, "recommender_staff"), send(theirs, "other_recommender_staff"))
    (message,) = refusals(results)
    assert "同一人不得重复推荐" in message
    rows = Application.objects.filter(pk__in=[mine.pk, theirs.pk])
    sent = w.campaign.workflow.next_stage("recommender_submit", "unit")
    assert sorted((a.stage, a.rank is None, a.submitted_person is None) for a in rows) == [
        (sent, False, False),
        ("recommender_submit", True, True),
    ]
    loser = rows.get(stage="recommender_submit")
    assert loser.audit_entries.filter(action="recommendation_submit").count() == 0


def test_CC3_16_two_submissions_racing_for_the_last_quota_place_one_wins():
    w = world("changchun-skills-3")
    colleague = account("cc3-rec-b", "recommender_staff", w.recommender)
    sent = [at_stage(w, "recommender_submit", serial=20 + i) for i in range(2)]
    recommendation_submit(
        campaign=w.campaign,
        recommender=w.recommender,
        ranked=list(enumerate(sent, start=1)),
        confirmed=True,
        actor=w.account("recommender_staff"),
        today=reference_day(w),
    )
    first = at_stage(w, "recommender_submit", serial=30)
    second = at_stage(w, "recommender_submit", serial=31)

    def send(application, actor):
        return lambda: recommendation_submit(
            campaign=w.campaign,
            recommender=w.recommender,
            ranked=[(3, application)],
            confirmed=True,
            actor=actor,
            today=reference_day(w),
        )

    results = race(send(first, w.account("recommender_staff")), send(second, colleague))
    (message,) = refusals(results)
    assert message == (
        "不能报送：长春市朝阳区人力资源和社会保障局 · 长春技能大奖："
        "推荐4人，超过县（市、区）人社部门3人名额（CC3-16）"
    )
    submitted_now = Application.objects.filter(submitted_person__isnull=False)
    assert submitted_now.count() == 3
    assert sorted(submitted_now.values_list("rank", flat=True)) == [1, 2, 3]


def test_two_reviewers_acting_on_one_application_at_once_one_wins():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    colleague = account("bj24-unit-b", "unit_staff", w.unit)
    results = race(
        lambda: review_approve(
            application=application, actor=w.account("unit_staff"), opinion="同意"
        ),
        lambda: review_reject(application=application, actor=colleague, reason="不同意"),
    )
    assert len(refusals(results)) == 1
    application.refresh_from_db()
    assert application.stage in ("recommender_review", "rejected")
    assert AuditEntry.objects.of(application).moves().count() == 2
