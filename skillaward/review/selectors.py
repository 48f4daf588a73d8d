"""Reads of the chain that span models: each role's worklist, a candidate's trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet

from skillaward.audit.vocabulary import Action
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import visible_applications, visible_campaigns
from skillaward.core import chain
from skillaward.core.batch_rules import (
    BatchEntry,
    BatchOutcome,
    OccupationCapRule,
    RecommenderQuotaRule,
)
from skillaward.core.program import Program
from skillaward.core.report import Finding, verdict_of
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import (
    worked_stages,
)


def worklist(account: Account, campaign: Campaign | None = None) -> QuerySet[Application]:
    """The applications waiting at a stage where the account's role acts, in what it sees
    (of one ``campaign`` when given)."""
    waiting = Q(pk__in=[])
    campaigns = visible_campaigns(account)
    if campaign is not None:
        campaigns = campaigns.filter(pk=campaign.pk)
    for shown in campaigns:
        stages = worked_stages(shown.workflow, account)
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
    """The application's audit entries, oldest first, with role and stage names: all but the
    draft's autosaves, which stay in the trail (``skillaward audit``) without crowding the page."""
    workflow = application.campaign.workflow
    return [
        {
            "entry": entry,
            "role": ENTRY_ROLE_NAMES.get(entry.role, entry.role or "系统"),
            "from": chain.stage_name(workflow, entry.from_stage) if entry.from_stage else "",
            "to": chain.stage_name(workflow, entry.to_stage) if entry.to_stage else "",
        }
        for entry in application.audit_entries.exclude(action=Action.DRAFT_SAVE)
    ]


def effective_verdict(findings: Sequence[dict[str, Any]], overridden: set[str]) -> str:
    """The screening verdict of stored findings with the overridden clauses counted as passed."""
    return verdict_of([Finding(**f) for f in findings], overridden)


def findings_shown(application: Application) -> list[dict[str, Any]]:
    """The application's findings, each with the office's override of it (or None)."""
    overrides = {o.clause: o for o in application.overrides.all()}
    return [f | {"override": overrides.get(f["clause"])} for f in application.findings]


def submitted_applications(campaign: Campaign) -> list[Application]:
    """Applications the recommending units have already sent to the office in this campaign."""
    return list(
        Application.objects.filter(campaign=campaign, submitted_person__isnull=False)
        .select_related("recommender")
        .order_by("id")
    )


def recommendation_findings(
    *, campaign: Campaign, recommender: Organisation, candidates: Sequence[Application]
) -> BatchOutcome:
    """The engine's batch rules if ``candidates`` were sent now (their findings come first).

    The unit's quota (CC3-16, LC19-02) counts what it sent before and the candidates; the
    duplicate rules (BJ24-12, CC3-11) and the ceiling (XA24-12) read the whole campaign.
    """
    program = campaign.program
    chosen = {a.pk for a in candidates}
    submitted = [a for a in submitted_applications(campaign) if a.pk not in chosen]
    own = [*candidates, *(a for a in submitted if a.recommender_id == recommender.pk)]
    others = [a for a in submitted if a.recommender_id != recommender.pk]
    own_entries = [batch_entry(i, a) for i, a in enumerate(own)]
    everyone = own_entries + [batch_entry(len(own) + i, a) for i, a in enumerate(others)]
    outcome = BatchOutcome()
    for rule in program.batch_rules:
        scope = own_entries if isinstance(rule, RecommenderQuotaRule) else everyone
        rule.evaluate(scope, program.award_names, outcome)
    return outcome


def recommendation_candidates(
    *, campaign: Campaign, recommender: Organisation
) -> QuerySet[Application]:
    """The unit's applications waiting to be ranked and sent, for the preview page."""
    return (
        Application.objects.filter(campaign=campaign, recommender=recommender, stage=SUBMIT_STAGE)
        .select_related("campaign", "recommender", "unit")
        .prefetch_related("overrides")
        .order_by("id")
    )


def waiting_at(campaign: Campaign, stage: str, **filters: Any) -> QuerySet[Application]:
    return (
        Application.objects.filter(campaign=campaign, stage=stage, **filters)
        .select_related("campaign", "recommender", "unit")
        .order_by("recommender_id", "rank", "id")
    )


SUBMIT_STAGE = "recommender_submit"


def batch_entry(position: int, application: Application) -> BatchEntry:
    return BatchEntry(
        position,
        application.id_number,
        application.name,
        application.award_id,
        application.recommender.name,
        application.recommender.recommender_type or None,
        application.verdict == "eligible",
        str(application.data.get("occupation", "")),
    )


def over_cap(program: Program, selected: Sequence[Application]) -> str | None:
    """Why those a panel selects break the programme's cap on titles per occupation, if they
    do (the offline record and the platform's panels both check it)."""
    for rule in program.batch_rules:
        if isinstance(rule, OccupationCapRule):
            over = rule.over(str(a.data.get("occupation", "")) for a in selected)
            if over:
                said = "；".join(f"“{name}”{rule.excess(n)}" for name, n in over.items())
                return f"建议入选人选中{said}（{rule.clause}）"
    return None
