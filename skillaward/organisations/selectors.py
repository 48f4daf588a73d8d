"""Reads spanning the accounts and the trail."""

from __future__ import annotations

from dataclasses import dataclass

from skillaward.audit.models import AuditEntry
from skillaward.audit.vocabulary import Action, Subject
from skillaward.core.chain import ROLE_NAMES
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import concerns_leading_group, subtree

# What gives an account of the region its powers: made, given a role, switched back on.
POWER_ACTIONS = (Action.ACCOUNT_CREATE, Action.ACCOUNT_ROLE, Action.ACCOUNT_ACTIVATE)
ROLE_TITLES: dict[str, str] = {str(role): name for role, name in ROLE_NAMES.items()}


@dataclass(frozen=True)
class AccountChange:
    entry: AuditEntry
    account: Account
    role_before: str
    role_after: str
    leading_group: bool  # the change made, or was about, a leading-group (approver) account


def account_changes(office: Organisation, *, limit: int | None = None) -> list[AccountChange]:
    """The creations, role changes and re-activations of the accounts in the office's region,
    newest first, from the trail (issue 13 §3: the approvers see who made whom an approver)."""
    accounts = Account.objects.filter(organisation__in=subtree(office.pk))
    entries = list(
        AuditEntry.objects.filter(
            subject_type=Subject.ACCOUNT,
            subject_id__in=accounts.values("pk"),
            action__in=POWER_ACTIONS,
        ).order_by("-at", "-id")[:limit]
    )
    by_pk = Account.objects.in_bulk({e.subject_id for e in entries})
    changes = []
    for entry in entries:
        account = by_pk[entry.subject_id]
        before = str(entry.before.get("role", ""))
        after = str(entry.after.get("role", ""))
        changes.append(
            AccountChange(
                entry=entry,
                account=account,
                role_before=ROLE_TITLES.get(before, before),
                role_after=ROLE_TITLES.get(after, after),
                leading_group=concerns_leading_group(before, after, account.role),
            )
        )
    return changes
