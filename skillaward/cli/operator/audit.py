"""``skillaward audit``: an application's trail, who did what, in which role, when and why."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from skillaward.cli.common import EXIT_OK, Commands, UsageError
from skillaward.cli.operator.common import application_argument, command
from skillaward.core import chain

if TYPE_CHECKING:
    from skillaward.organisations.models import Account

# An entry keeps the role as it was written, so any text, not only a role of today's chain.
ROLE_NAMES: dict[str, str] = dict(chain.ROLE_NAMES.items())


def register(commands: Commands) -> None:
    """Add ``audit``."""
    audit = command(
        commands, "audit", "一件申报的审核记录（谁、角色、时间、环节变化、理由）", application_audit
    )
    application_argument(audit)


def application_audit(args: argparse.Namespace, actor: Account) -> int:
    from django.utils import timezone

    from skillaward.cli.operator.lookups import application_of
    from skillaward.organisations.permissions import can_view

    application = application_of(args.application)
    if not can_view(actor, application):
        raise UsageError("无权查看该申报")
    workflow = application.campaign.workflow
    print(
        f"申报{application.pk}（{application.name}）的审核记录，现处于“{application.stage_name}”："
    )
    for entry in application.audit_entries.order_by("at", "id"):
        who = "，".join(filter(None, [ROLE_NAMES.get(entry.role, entry.role), entry.organisation]))
        stages = ""
        if entry.to_stage:
            before = chain.stage_name(workflow, entry.from_stage)
            stages = f"  {before} → {chain.stage_name(workflow, entry.to_stage)}"
        why = f"  {entry.reason}" if entry.reason else ""
        clause = f"（{entry.clause}）" if entry.clause else ""
        print(
            f"{timezone.localtime(entry.at):%Y-%m-%d %H:%M}  {entry.actor_name}"
            f"{'（' + who + '）' if who else ''}  "
            f"{entry.action_name}{stages}{why}{clause}"
        )
    return EXIT_OK
