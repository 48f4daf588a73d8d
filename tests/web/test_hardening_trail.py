"""The trail is append-only in the database itself (issue 13 §3): triggers refuse every SQL
UPDATE and DELETE of an entry on SQLite and PostgreSQL, whichever path the statement takes."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.deletion import Collector

from skillaward.audit.models import AuditEntry
from skillaward.audit.seal import unsealed
from skillaward.audit.services import audit_record
from skillaward.audit.vocabulary import Action
from skillaward.organisations.models import Organisation

UPDATE_REFUSED = "操作记录只能追加，不能修改"
DELETE_REFUSED = "操作记录只能追加，不能删除"
pytestmark = pytest.mark.django_db


@pytest.fixture
def entry() -> AuditEntry:
    office = Organisation.objects.create(name="某市评选办公室", kind="office", region="某市")
    return audit_record(office, actor=None, action=Action.ORGANISATION_CREATE, reason="设立")


def refused(message: str):  # type: ignore[no-untyped-def]
    """The statement fails in the database; the test's transaction goes on (a savepoint)."""
    return pytest.raises(IntegrityError, match=message)


def rewrite(entries) -> None:  # type: ignore[no-untyped-def]
    """What ``.update()`` does below its refusal."""
    entries._update([(AuditEntry._meta.get_field("reason"), None, "改写")])


def unchanged(entry: AuditEntry) -> None:
    assert AuditEntry.objects.filter(pk=entry.pk, reason="设立").exists()


def test_s3_a_raw_sql_update_of_an_entry_is_refused(entry):
    with refused(UPDATE_REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["改写", entry.pk])
    unchanged(entry)


def test_s3_a_raw_sql_delete_of_an_entry_is_refused(entry):
    with refused(DELETE_REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    with refused(DELETE_REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    unchanged(entry)


def test_s3_the_orms_raw_paths_are_refused_by_the_database(entry):
    entries = AuditEntry.objects.filter(pk=entry.pk)
    with refused(UPDATE_REFUSED), transaction.atomic():
        rewrite(entries)
    with refused(DELETE_REFUSED), transaction.atomic():
        entries._raw_delete(entries.db)
    with refused(DELETE_REFUSED), transaction.atomic():
        collector = Collector(using="default")  # what Model.delete() does below its refusal
        collector.collect([entry])
        collector.delete()
    with refused(UPDATE_REFUSED), transaction.atomic():
        sql = "UPDATE audit_auditentry SET reason = 'x' WHERE id = %s RETURNING id"
        list(AuditEntry.objects.raw(sql, [entry.pk]))
    unchanged(entry)


def test_s3_new_entries_are_still_written(entry):
    office = Organisation.objects.get()
    audit_record(office, actor=None, action=Action.ORGANISATION_UPDATE)
    assert AuditEntry.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's flush deletes rows")
def test_s3_only_the_tests_flush_may_delete_entries_on_sqlite(entry):
    with refused(UPDATE_REFUSED), unsealed(), transaction.atomic():
        rewrite(AuditEntry.objects.filter(pk=entry.pk))
    with unsealed(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_s3_the_trail_refuses_outside_a_transaction_and_the_flush_after_still_works(entry):
    with refused(DELETE_REFUSED), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    unchanged(entry)
