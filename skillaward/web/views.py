from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from skillaward.base.clock import beijing_today
from skillaward.campaigns.models import Campaign
from skillaward.campaigns.selectors import (
    counts_by_campaign_and_stage,
    deadlines,
    decisions,
    last_return,
    visible_campaigns,
)
from skillaward.core import chain
from skillaward.organisations import permissions
from skillaward.organisations.models import Account
from skillaward.organisations.permissions import worked_stages
from skillaward.organisations.requests import AccountRequest
from skillaward.organisations.selectors import account_changes
from skillaward.panels.selectors import assignments
from skillaward.publicity.selectors import held_publicities


@login_required
def home(request: AccountRequest) -> HttpResponse:
    """Each role's start page: an applicant's applications, staff's work waiting for them."""
    user = request.user
    today = beijing_today()
    campaigns = list(visible_campaigns(user).select_related("office"))
    context = {
        "campaigns": campaigns,
        "manages": permissions.manages_accounts(user),
        "may_create_campaign": permissions.is_office_staff(user),
    }
    if permissions.is_applicant(user):
        applications = list(user.applications.select_related("campaign"))
        own = {a.campaign_id: a for a in applications}
        # The window matters while the application is still the applicant's to send.
        pending = [
            c
            for c in campaigns
            if c.pk not in own or own[c.pk].stage in (chain.DRAFT, chain.RETURNED)
        ]
        context["deadlines"] = deadlines(user, pending, today)
        context["applications"] = [
            (a, last_return(decisions(a)) if a.stage == chain.RETURNED else None)
            for a in applications
        ]
        # An open campaign the applicant already applied to leads to that application, not to
        # a second one (one person recommended twice is invalid, BJ24-12).
        context["open_campaigns"] = [
            (c, own.get(c.pk)) for c in campaigns if c.accepts_material_on(today)
        ]
    else:
        context["waiting"] = waiting_work(user, campaigns)
        context["deadlines"] = deadlines(user, campaigns, today)
        context["held"] = held_publicities(user, today)
    office = permissions.office_of(user) if permissions.sees_account_changes(user) else None
    if office is not None:
        context["account_changes"] = account_changes(office, limit=5)
    if permissions.is_expert(user):
        context["reviews"] = [
            (a, sum(s.status == "submitted" for s in a.sheets.values())) for a in assignments(user)
        ]
    return render(request, "web/home.html", context)


def waiting_work(user: Account, campaigns: list[Campaign]) -> list[tuple[Campaign, int]]:
    """(campaign, applications waiting for the user's role) for every visible campaign."""
    counts: dict[int, int] = {}
    by_pk = {c.pk: c for c in campaigns}
    for (campaign_pk, stage), n in counts_by_campaign_and_stage(user).items():
        campaign = by_pk.get(campaign_pk)
        if campaign is not None and stage in worked_stages(campaign.workflow, user):
            counts[campaign_pk] = counts.get(campaign_pk, 0) + n
    return [(c, counts.get(c.pk, 0)) for c in campaigns]
