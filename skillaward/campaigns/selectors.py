"""Reads of campaigns and applications that span models, shared by pages, the command line
and the documents: what an account sees, and how many applications wait at each stage."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet

from skillaward.campaigns.models import Application, Campaign
from skillaward.core import chain
from skillaward.organisations.models import Account
from skillaward.organisations.permissions import application_scope, campaign_scope


def visible_campaigns(account: Account | AnonymousUser) -> QuerySet[Campaign]:
    scope = campaign_scope(account)
    return Campaign.objects.none() if scope is None else Campaign.objects.filter(scope)


def visible_applications(account: Account) -> QuerySet[Application]:
    """The applications an account may open (permissions.application_scope)."""
    scope = application_scope(account)
    return Application.objects.none() if scope is None else Application.objects.filter(scope)


def stage_counts(account: Account, campaign: Campaign) -> list[tuple[str, str, int]]:
    """(stage id, stage name, count) of what the account sees of ``campaign``, in the order
    of the chain, then the closed stages; stages with none are left out."""
    counts = dict(
        visible_applications(account)
        .filter(campaign=campaign)
        .values_list("stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    order = [step.id for step in campaign.workflow.steps]
    order += [chain.RETURNED, chain.REJECTED, chain.NOT_SELECTED, chain.AWARDED]
    return [
        (stage, chain.stage_name(campaign.workflow, stage), counts[stage])
        for stage in order
        if counts.get(stage)
    ]


def counts_by_campaign_and_stage(account: Account) -> dict[tuple[int, str], int]:
    """How many applications the account sees, by (campaign key, stage)."""
    rows = (
        visible_applications(account)
        .values_list("campaign", "stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(campaign, stage): n for campaign, stage, n in rows}
