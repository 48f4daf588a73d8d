"""The Excel download of a list: exactly the rows the list shows with its filters and sort.

(The registry's download is its own page's: ``registry.views.registry_export``.) Up to
``INLINE_XLSX_ROWS`` rows the file is written in the request (XlsxWriter, constant
memory, the printed columns only); a longer list becomes a background job (``jobs.list_start``)
with a progress page, so that no web worker is held for the 100,000 rows of a large campaign.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from skillaward.base.lists import INLINE_XLSX_ROWS, Listing, export_rows, xlsx_response
from skillaward.campaigns.lists import application_list
from skillaward.campaigns.models import Campaign
from skillaward.campaigns.selectors import visible_applications, visible_campaigns
from skillaward.downloads import jobs
from skillaward.organisations import permissions
from skillaward.organisations.models import Account
from skillaward.organisations.requests import AccountRequest
from skillaward.review.selectors import worklist

LIST_TITLES = {"applications": "申报列表", "worklist": "待办列表"}


@dataclass(frozen=True)
class Source:
    rows: QuerySet[Model]
    listing: Listing
    title: str
    campaign_id: int | None
    problem: str  # a filter the account may not use, in Chinese ("" when none)


def list_source(name: str, account: Account, query: QueryDict) -> Source:
    """The rows of the list ``name`` that the query shows to ``account`` (403/404 otherwise)."""
    if not permissions.is_staff_member(account):
        raise PermissionDenied("申报列表只对审核、评审人员开放")
    chosen = query.get("campaign", "")
    campaigns = visible_campaigns(account)
    campaign: Campaign | None
    if name == "applications":
        campaign = get_object_or_404(campaigns, pk=int(chosen) if chosen.isdigit() else 0)
        applications = visible_applications(account).filter(campaign=campaign)
    else:
        campaign = campaigns.filter(pk=chosen).first() if chosen.isdigit() else None
        applications = worklist(account, campaign)
    found = application_list(account, applications, query, campaign)
    problem = " ".join(str(e) for errors in found.form.errors.values() for e in errors)
    title = f"{campaign.name}-{LIST_TITLES[name]}" if campaign else LIST_TITLES[name]
    return Source(
        found.applications, found.listing, title, campaign.pk if campaign else None, problem
    )


@login_required
def list_download(request: AccountRequest, name: str) -> HttpResponse | FileResponse:
    if name not in LIST_TITLES:
        raise Http404
    source = list_source(name, request.user, request.GET)
    if source.problem:
        return render(request, "downloads/error.html", {"message": source.problem}, status=400)
    count = source.rows.count()
    sort = request.GET.get("sort", "")
    if count > INLINE_XLSX_ROWS and source.campaign_id is not None:
        ordered = source.rows.order_by(*source.listing.ordering(source.listing.sort_of(sort)))
        job = jobs.list_start(
            name=name,
            ids=list(ordered.values_list("pk", flat=True)),
            title=source.title,
            actor=request.user,
            campaign_id=source.campaign_id,
        )
        return redirect("document_job", pk=job.pk)
    rows = export_rows(source.rows, source.listing, sort)
    return xlsx_response(source.title, source.listing, rows)


urlpatterns = [
    path("lists/<slug:name>.xlsx", list_download, name="list_download"),
]
