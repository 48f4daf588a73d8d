"""The audit trail (issue 4 §2): append-only, one entry per transition, who/role/from/to/why."""

from __future__ import annotations

import pytest

from skillaward.audit.models import AuditEntry, AuditTrailIsAppendOnly
from skillaward.campaigns.models import Application
from skillaward.campaigns.services import application_save, application_submit
from skillaward.review.selectors import audit_trail
from skillaward.review.services import review_approve, review_return
from tests.web.chain_helpers import at_stage, submitted
from tests.web.factories import reference_day, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    w = world("beijing-allowance-2024")
    return submitted(w).audit_entries.moves().get()


def test_saving_an_existing_entry_is_refused(entry):
    entry.reason = "改写历史"
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_is_refused(entry):
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="改写")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.all().update(to_stage="awarded")


def test_queryset_delete_is_refused(entry):
    count = AuditEntry.objects.count()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        Application.objects.get(pk=entry.subject_id).audit_entries.all().delete()
    assert AuditEntry.objects.count() == count


def test_every_transition_writes_exactly_one_entry_with_actor_role_stages_and_reason():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    actor = w.account("unit_staff")
    before = AuditEntry.objects.count()
    review_approve(application=application, actor=actor, opinion="同意推荐")
    (entry,) = AuditEntry.objects.all()[before:]
    assert (
        entry.actor,
        entry.actor_name,
        entry.role,
        entry.organisation,
        entry.from_stage,
        entry.to_stage,
        entry.reason,
    ) == (
        actor,
        str(actor),
        "unit_staff",
        "某机械有限公司",
        "unit_review",
        "recommender_review",
        "同意推荐",
    )
    assert entry.at is not None


def test_a_walk_through_the_chain_leaves_one_entry_per_move_in_order():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "panel")
    entries = list(application.audit_entries.moves())
    path = [(e.from_stage, e.to_stage) for e in entries]
    assert path == [
        ("draft", "unit_review"),
        ("unit_review", "recommender_review"),
        ("recommender_review", "publicity_recommender"),
        ("publicity_recommender", "recommender_submit"),
        ("recommender_submit", "office_review"),
        ("office_review", "panel"),
    ]
    assert [e.role for e in entries] == [
        "applicant",
        "unit_staff",
        "recommender_staff",
        "recommender_staff",
        "recommender_staff",
        "office_staff",
    ]


def test_a_refused_action_writes_nothing():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    before = application.audit_entries.count()
    with pytest.raises(Exception, match="理由"):
        review_return(application=application, actor=w.account("unit_staff"), reason="")
    assert application.audit_entries.count() == before


def test_a_resubmitted_application_keeps_each_submitted_version_as_it_was():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    first = dict(application.data)
    returned = review_return(
        application=application, actor=w.account("unit_staff"), reason="请补充工作经历"
    )
    actor = w.account("applicant")
    corrected = first | {"name": "王小明"}
    application_save(application=returned, actor=actor, data=corrected, details=returned.details)
    application_submit(application=returned, actor=actor, today=reference_day(w))
    versions = list(returned.versions.values_list("number", "data__name"))
    assert versions == [(1, first["name"]), (2, "王小明")]


def test_a_draft_save_records_the_fields_it_changed_before_and_after():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    returned = review_return(
        application=application, actor=w.account("unit_staff"), reason="请更正姓名"
    )
    old = returned.data["name"]
    application_save(
        application=returned,
        actor=w.account("applicant"),
        data=returned.data | {"name": "王小明"},
        details=returned.details,
    )
    entry = returned.audit_entries.last()
    assert (entry.action, entry.before, entry.after) == (
        "draft_save",
        {"name": old},
        {"name": "王小明"},
    )


def test_the_candidate_page_trail_leaves_out_autosaves_that_the_trail_keeps():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    shown = [row["entry"].action for row in audit_trail(application)]
    kept = list(application.audit_entries.values_list("action", flat=True))
    assert "draft_save" in kept
    assert shown == [action for action in kept if action != "draft_save"]
