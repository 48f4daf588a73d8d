"""The office's list of all applications of a campaign (what each staff role sees of it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse

from skillaward.base.lists import Row, filter_fields, list_page
from skillaward.campaigns.lists import application_list, unit_quotas
from skillaward.campaigns.selectors import (
    counts_by_stage,
    stage_counts,
    visible_applications,
    visible_campaigns,
)
from skillaward.organisations import permissions
from skillaward.organisations.requests import AccountRequest


def candidate_url(row: Row) -> str:
    return reverse("candidate_detail", args=[row["pk"]])


@login_required
def campaign_applications(request: AccountRequest, pk: int) -> HttpResponse:
    if not permissions.is_staff_member(request.user):
        raise PermissionDenied("申报列表只对审核、评审人员开放")
    campaign = get_object_or_404(visible_campaigns(request.user), pk=pk)
    user = request.user
    found = application_list(
        user,
        visible_applications(user).filter(campaign=campaign),
        request.GET,
        campaign,
        url=candidate_url,
    )
    counts = counts_by_stage(user, campaign)
    listed = list_page(
        found.applications,
        found.listing,
        request.GET,
        download=f"{reverse('list_download', args=['applications'])}?campaign={campaign.pk}",
        count=found.form.count_from(counts),
    )
    recommender = found.form.recommender_id()
    base = reverse("campaign_applications", args=[campaign.pk])
    context = {
        "campaign": campaign,
        "filters": filter_fields(found.form),
        "list": listed,
        "stage_counts": [
            (name, count, f"{base}?stage={stage}")
            for stage, name, count in stage_counts(user, campaign, counts)
        ],
        "quotas": unit_quotas(campaign, recommender) if recommender else [],
    }
    return render(request, "campaigns/campaign_applications.html", context)


urlpatterns: list[URLPattern] = [
    path("campaigns/<int:pk>/applications/", campaign_applications, name="campaign_applications"),
]
