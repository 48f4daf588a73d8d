"""The one way an application changes stage: :func:`transition`, audited in the same transaction.

Every business action that moves an application (submit, approve, return, reject, rank and
submit, panel result, approval, announcement) ends in :func:`transition`, which locks the row,
checks that the actor may act at the stage the row is in *now*, sets the new stage and appends
the audit entry. Opinions that do not move anything are appended with :func:`record`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.files.base import File
from django.db import transaction

from skillaward.audit.models import AuditEntry
from skillaward.audit.services import audit_record
from skillaward.audit.vocabulary import Action
from skillaward.base.errors import ActionRefused, require_acceptable_text
from skillaward.campaigns.models import Application
from skillaward.core import chain
from skillaward.organisations.models import Account
from skillaward.organisations.permissions import can_act, can_view


def record(
    application: Application,
    *,
    actor: Account | None,
    action: Action | str,
    reason: str = "",
    clause: str = "",
    from_stage: str | None = None,
    to_stage: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    document: File[Any] | None = None,
) -> AuditEntry:
    """Append one entry about the application: at the stage it is in (or ``from_stage``),
    with the stage change among the fields before and after when it moved to ``to_stage``."""
    require_acceptable_text(reason)
    stage = application.stage if from_stage is None else from_stage
    moved = {"stage": stage} if to_stage else {}
    return audit_record(
        application,
        actor=actor,
        action=action,
        reason=reason,
        clause=clause,
        stage=stage,
        before=moved | dict(before or {}),
        after=({"stage": to_stage} if to_stage else {}) | dict(after or {}),
        document=document,
    )


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


def require_move(application: Application, to_stage: str) -> None:
    """The programme's chain declares the moves out of each stage; any other is refused."""
    workflow = application.campaign.workflow
    if to_stage not in workflow.moves(application.stage, application.channel):
        raise ActionRefused(
            f"按本项目的推荐流程，“{application.stage_name}”环节不能转到"
            f"“{chain.stage_name(workflow, to_stage)}”"
        )


@transaction.atomic
def transition(
    application: Application,
    *,
    actor: Account,
    action: Action | str,
    to_stage: str,
    expected_stage: str | None = None,
    reason: str = "",
    clause: str = "",
    document: File[Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> Application:
    """Move ``application`` to ``to_stage`` and append the audit entry (with ``after``, what
    the actor decided beyond the move), atomically.

    ``expected_stage`` (default: the stage the caller saw) must still hold once the row is
    locked, so two people acting on the same application at once cannot both succeed.
    """
    current = lock(application)
    require_stage(current, expected_stage or application.stage)
    require_actor(actor, current)
    require_move(current, to_stage)
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
        after=after,
    )
    application.stage = to_stage
    return current
