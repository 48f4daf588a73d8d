"""The one way an application changes stage: :func:`transition`, audited in the same transaction.

Every business action that moves an application (submit, approve, return, reject, rank and
submit, panel result, approval, announcement) ends in :func:`transition`, which locks the row,
checks that the actor may act at the stage the row is in *now*, sets the new stage and appends
the audit entry. Opinions that do not move anything are appended with :func:`record`.
"""

from __future__ import annotations

from django.core.files.base import File
from django.db import transaction

from skillaward.campaigns.models import Application
from skillaward.core import chain
from skillaward.core.text import text_problems
from skillaward.organisations.models import Account
from skillaward.organisations.permissions import can_act, can_view
from skillaward.review.models import AuditEntry


class ActionRefused(Exception):
    """A refused action; the message is the Chinese sentence shown to the user."""


def require_acceptable_text(*values: object) -> None:
    """Refuse text a database or a reader cannot take: NUL bytes, only invisible characters,
    or beyond any form's length, anywhere inside the given (JSON-like) values."""
    problems = [
        f"{path}：{problem}" if path else f"填写的内容{problem}"
        for value in values
        for path, problem in text_problems(value)
    ]
    if problems:
        raise ActionRefused("；".join(problems[:5]))


def record(
    application: Application,
    *,
    actor: Account | None,
    action: str,
    reason: str = "",
    clause: str = "",
    from_stage: str | None = None,
    to_stage: str = "",
    document: File | None = None,
) -> AuditEntry:
    """Append one audit entry (who, role, when, from, to, why)."""
    require_acceptable_text(reason)
    entry = AuditEntry(
        application=application,
        actor=actor,
        actor_name=str(actor) if actor else "系统",
        role=actor.role if actor else "",
        organisation=str(actor.organisation) if actor and actor.organisation_id else "",
        action=action,
        from_stage=application.stage if from_stage is None else from_stage,
        to_stage=to_stage,
        reason=reason,
        clause=clause,
    )
    if document is not None:
        entry.document.save(document.name or "document", document, save=False)
    entry.save()
    return entry


def lock(application: Application) -> Application:
    """The row again, locked until the transaction ends (PostgreSQL), with its campaign."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=application.pk)
    )


def require_stage(application: Application, *stages: str) -> None:
    if application.stage not in stages:
        raise ActionRefused(
            f"该申报当前处于“{application.stage_name}”环节，不能进行此操作（可能已被他人处理，请刷新）"
        )


def require_actor(actor: Account, application: Application) -> None:
    if not can_act(actor, application):
        if not can_view(actor, application):
            raise ActionRefused("无权处理该申报")
        role = application.campaign.workflow.role_at(application.stage)
        who = chain.ROLE_NAMES[role] if role else "任何人"
        raise ActionRefused(f"“{application.stage_name}”环节应由{who}办理")


@transaction.atomic
def transition(
    application: Application,
    *,
    actor: Account,
    action: str,
    to_stage: str,
    expected_stage: str | None = None,
    reason: str = "",
    clause: str = "",
    document: File | None = None,
) -> Application:
    """Move ``application`` to ``to_stage`` and append the audit entry, atomically.

    ``expected_stage`` (default: the stage the caller saw) must still hold once the row is
    locked, so two people acting on the same application at once cannot both succeed.
    """
    current = lock(application)
    require_stage(current, expected_stage or application.stage)
    require_actor(actor, current)
    from_stage = current.stage
    current.stage = to_stage
    current.save(update_fields=["stage", "updated_at"])
    record(
        current,
        actor=actor,
        action=action,
        reason=reason,
        clause=clause,
        from_stage=from_stage,
        to_stage=to_stage,
        document=document,
    )
    application.stage = to_stage
    return current
