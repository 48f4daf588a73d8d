"""Writing the trail. Every service that changes anything calls :func:`audit_record` inside
its own transaction, so the change and its entry are saved together or not at all."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from django.core.files.base import File
from django.db import models
from django.db.models.fields.files import FieldFile

from skillaward.audit.models import AuditEntry
from skillaward.audit.vocabulary import Action


class Actor(Protocol):
    """The acting account as the trail reads it (the account model lives a floor above)."""

    pk: Any
    role: str
    organisation_id: int | None

    @property
    def organisation(self) -> Any: ...


def audit_record(
    subject: models.Model,
    *,
    actor: Actor | None,
    action: Action | str,
    reason: str = "",
    clause: str = "",
    stage: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    document: File[Any] | None = None,
) -> AuditEntry:
    """Append one entry about ``subject``: who (with role and organisation as they are now),
    what, why, and the changed fields before and after. ``actor`` None is the system."""
    entry = AuditEntry(
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
        subject_label=str(subject)[:200],
        actor_id=actor.pk if actor else None,
        actor_name=str(actor)[:60] if actor else "系统",
        role=actor.role if actor else "",
        organisation=str(actor.organisation)[:100] if actor and actor.organisation_id else "",
        action=Action(action),
        stage=stage,
        before=dict(before or {}),
        after=dict(after or {}),
        reason=reason,
        clause=clause,
    )
    if isinstance(document, FieldFile):
        entry.document.name = document.name  # already stored (a panel's signed sheet): referred to
    elif document is not None:
        entry.document.save(document.name or "document", document, save=False)
    entry.save()
    return entry


def changed_fields(
    instance: models.Model, values: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(before, after) of the fields ``values`` changes on ``instance`` — only those that differ."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for field, value in values.items():
        old = getattr(instance, field)
        if old != value:
            before[field], after[field] = old, value
    return before, after
