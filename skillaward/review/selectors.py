"""Reads of the chain that span models: each role's worklist, a candidate's trail."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import visible_applications, visible_campaigns
from skillaward.core import chain
from skillaward.organisations.models import Account

STAFF_ROLES = frozenset(chain.ROLE_NAMES) - {"applicant"}


def worked_stages(workflow: chain.Chain, role: str) -> list[str]:
    """The stages where ``role`` works: those it acts at and, for experts, the panel steps,
    where they read the candidates whose results the office records."""
    return [
        step.id
        for step in workflow.steps
        if step.role == role or (role == "expert" and step.kind == "panel")
    ]


def worklist(account: Account, campaign: Campaign | None = None) -> QuerySet[Application]:
    """The applications waiting at a stage where the account's role acts, in what it sees
    (of one ``campaign`` when given)."""
    waiting = Q(pk__in=[])
    campaigns = visible_campaigns(account)
    if campaign is not None:
        campaigns = campaigns.filter(pk=campaign.pk)
    for shown in campaigns:
        stages = worked_stages(shown.workflow, account.role)
        if stages:
            waiting |= Q(campaign=shown, stage__in=stages)
    return (
        visible_applications(account)
        .filter(waiting)
        .select_related("campaign", "recommender", "unit")
        .order_by("campaign_id", "stage", "recommender_id", "rank", "id")
    )


# Role names by the role an audit entry stores (any string; empty for the system).
ENTRY_ROLE_NAMES: dict[str, str] = dict(chain.ROLE_NAMES.items())


def audit_trail(application: Application) -> list[dict[str, object]]:
    """The application's audit entries, oldest first, with role and stage names."""
    workflow = application.campaign.workflow
    return [
        {
            "entry": entry,
            "role": ENTRY_ROLE_NAMES.get(entry.role, entry.role or "系统"),
            "from": chain.stage_name(workflow, entry.from_stage) if entry.from_stage else "",
            "to": chain.stage_name(workflow, entry.to_stage) if entry.to_stage else "",
        }
        for entry in application.audit_entries.all()
    ]
