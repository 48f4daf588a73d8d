"""Official documents on the web: an application's own forms, a unit's or the office's lists.

The records and the context a document is rendered from are built in ``inputs.py``. A single
document's PDF is made inside the request, within ``PDF_WEB_TIMEOUT`` seconds (a Chinese
"please retry" past it, so no web worker is held for long); every application's form as PDF
is a background job (``jobs.py``).

Who may download what: one application's forms, whoever may see the application
(``can_view``); a recommending unit's lists, its staff, for its own candidates; the office's
lists, the office roles, for every candidate past the recommending units. ID numbers, phone
numbers and bank accounts are masked for roles that do not need them, as on the pages.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, get_args
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillaward.base.clock import beijing_today
from skillaward.base.errors import ActionRefused
from skillaward.base.lists import Row, filter_fields, list_page
from skillaward.campaigns.lists import application_list
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import (
    cached_while_unchanged,
    counts_by_stage,
    visible_applications,
    visible_campaigns,
)
from skillaward.core import chain
from skillaward.core.record import Channel
from skillaward.documents.api import render_documents
from skillaward.documents.catalogue import XLSX_SUFFIX
from skillaward.documents.context import BatchContext
from skillaward.documents.errors import DocumentError
from skillaward.documents.offers import Offered, batch_documents, form_documents
from skillaward.documents.panel import Kind, PanelContext
from skillaward.documents.panel_files import docx_to_pdf, panel_file_name, render_panel
from skillaward.documents.pdf import convert_to_pdf
from skillaward.downloads import jobs
from skillaward.downloads import panels as panel_glue
from skillaward.downloads.inputs import batch_context, document_inputs
from skillaward.downloads.models import DocumentJob
from skillaward.organisations import permissions
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import can_view
from skillaward.organisations.requests import AccountRequest
from skillaward.panels.selectors import member_ref
from skillaward.publicity.models import Publicity

Response = TypeVar("Response", bound=HttpResponseBase)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _chosen(offered: Sequence[Offered], name: str, fmt: str) -> Offered:
    found = next((o for o in offered if o.name == name), None)
    if found is None or fmt not in found.formats:
        raise Http404
    return found


# --- whose list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """A list's owner (a recommending unit or the office) and its candidates, in rank order."""

    organisation: Organisation
    applications: list[Application]


LISTED_AT = "recommender_submit"  # a recommending unit's list goes with its ranked submission


def listed_stages(campaign: Campaign) -> Q:
    """Passed every step before the recommending unit's ranked submission (its publicity
    included), or already sent on; not returned: the stages each channel reaches at or
    after :data:`LISTED_AT`."""
    workflow = campaign.workflow
    reached = Q(submitted_person__isnull=False)
    channels: tuple[Channel, ...] = get_args(Channel)
    for channel in channels:
        stages = [
            step.id
            for step in workflow.path(channel)
            if workflow.reached(step.id, LISTED_AT, channel)
        ]
        reached |= Q(channel=channel, stage__in=[*stages, chain.AWARDED])
    return reached & ~Q(stage=chain.RETURNED)


def _listed(campaign: Campaign, **filters: Any) -> QuerySet[Application]:
    return Application.objects.active().filter(
        listed_stages(campaign), campaign=campaign, **filters
    )


# A list's order: by recommending unit, then each unit's own rank (unranked last).
RANK_ORDER = ("recommender_id", F("rank").asc(nulls_last=True), "pk")


def _candidates(campaign: Campaign, **filters: Any) -> list[Application]:
    return list(
        _listed(campaign, **filters)
        .select_related("campaign", "recommender", "unit")
        .order_by(*RANK_ORDER)
    )


def counts_by_recommender(campaign: Campaign, recommender: Organisation | None) -> dict[int, int]:
    """How many candidates each recommending unit's list holds (of one unit when given),
    cached under the campaign's latest change like the stage counts."""
    filters = {} if recommender is None else {"recommender": recommender}
    return cached_while_unchanged(
        campaign,
        f"unit-lists:{recommender.pk if recommender else ''}",
        lambda: dict(
            _listed(campaign, **filters)
            .order_by()
            .values_list("recommender")
            .annotate(n=Count("pk"))
        ),
    )


def batch_owner(campaign: Campaign, actor: Account, recommender: str | None = None) -> Organisation:
    """Whose list the actor may download: its recommending unit's, or the office's (of one
    recommending unit when ``recommender`` is its id). Refuses anyone else (403)."""
    if permissions.is_recommender_staff(actor):
        own = actor.organisation
        if own is None or own.parent_id != campaign.office_id:
            raise PermissionDenied
        return own
    if not permissions.in_office(actor):
        raise PermissionDenied
    if recommender:
        unit = Organisation.objects.filter(
            pk=int(recommender) if recommender.isdigit() else 0,
            parent=campaign.office_id,
            kind=Organisation.Kind.RECOMMENDER,
        ).first()
        if unit is None:
            raise Http404
        return unit
    return campaign.office


def batch_scope(campaign: Campaign, actor: Account, recommender: str | None = None) -> Scope:
    """The list the actor may download (``batch_owner``) with its candidates."""
    owner = batch_owner(campaign, actor, recommender)
    if owner.pk == campaign.office_id:
        return Scope(owner, _candidates(campaign))
    return Scope(owner, _candidates(campaign, recommender=owner))


# --- rendering -------------------------------------------------------------------------------


def render_file(
    campaign: Campaign,
    name: str,
    fmt: str,
    applications: Sequence[Application],
    *,
    actor: Account,
    batch: BatchContext | None = None,
    with_opinions: bool = False,
) -> bytes:
    """One document as bytes. :class:`DocumentError` for a rendering problem;
    :class:`ConversionFailed` when the PDF cannot be made."""
    records, context = document_inputs(
        campaign, name, applications, actor=actor, batch=batch, with_opinions=with_opinions
    )
    with tempfile.TemporaryDirectory(prefix="skillaward-doc-") as directory:
        out = Path(directory)
        rendered = name + XLSX_SUFFIX if fmt == "xlsx" else name
        (path,) = render_documents(campaign.program_id, rendered, records, out, context=context)
        if fmt == "pdf":
            try:
                (path,) = convert_to_pdf([path], out / "pdf", timeout=settings.PDF_WEB_TIMEOUT)
            except DocumentError as error:
                raise ConversionFailed(str(error)) from None
        return path.read_bytes()


class ConversionFailed(Exception):
    """The PDF could not be made (no LibreOffice, a timeout); the message is Chinese."""


def download(data: bytes, filename: str, fmt: str) -> HttpResponse:
    """An attachment named in UTF-8 (RFC 5987), with an ASCII name for old clients."""
    return attachment(HttpResponse(data, content_type=CONTENT_TYPES[fmt]), filename, fmt)


def attachment(response: Response, filename: str, ext: str) -> Response:
    response["Content-Disposition"] = (
        f"attachment; filename=\"document.{ext}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )
    return response


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "downloads/error.html", {"message": message}, status=status)


def _respond(
    request: HttpRequest, filename: str, fmt: str, make: Callable[[], bytes]
) -> HttpResponse:
    try:
        data = make()
    except ConversionFailed as failed:
        return _error(request, str(failed), 503)
    except DocumentError as error:
        return _error(request, str(error), 409)
    return download(data, f"{filename}.{fmt}", fmt)


# --- views -----------------------------------------------------------------------------------


@login_required
def document_application(request: AccountRequest, pk: int, name: str, fmt: str) -> HttpResponse:
    """One of the application's own forms, as Word or PDF, with its opinions so far."""
    application = get_object_or_404(
        Application.objects.select_related("campaign", "recommender", "unit"), pk=pk
    )
    if not can_view(request.user, application):
        raise Http404
    offered = _chosen(form_documents(application.campaign.program_id), name, fmt)
    return _respond(
        request,
        f"{application.name or '申报人'}-{offered.title}",
        fmt,
        lambda: render_file(
            application.campaign,
            name,
            fmt,
            [application],
            actor=request.user,
            batch=batch_context(application.campaign, application.recommender, request.user),
            with_opinions=True,
        ),
    )


@login_required
def document_batch(request: AccountRequest, pk: int, name: str, fmt: str) -> HttpResponse:
    """A list, report or notice of the actor's recommending unit, or of the office."""
    campaign = get_object_or_404(visible_campaigns(request.user).select_related("office"), pk=pk)
    offered = _chosen(batch_documents(campaign.program_id), name, fmt)
    actor = request.user
    if offered.kind == "notice":
        publicity = publicity_round(campaign, actor, request.GET.get("publicity"))
        scope = Scope(publicity.organisation, round_applications(publicity))
        batch = batch_context(campaign, publicity.organisation, actor, publicity)
    else:
        scope = batch_scope(campaign, actor, request.GET.get("recommender"))
        batch = batch_context(campaign, scope.organisation, actor)
    return _respond(
        request,
        f"{scope.organisation.name}-{offered.title}",
        fmt,
        lambda: render_file(campaign, name, fmt, scope.applications, actor=actor, batch=batch),
    )


def visible_rounds(campaign: Campaign, actor: Account) -> list[Publicity]:
    """The publicity rounds whose notice the actor may download: its organisation's, or
    every round of the campaign for the office roles."""
    rounds = Publicity.objects.filter(campaign=campaign).select_related("organisation")
    if not (permissions.in_office(actor) and permissions.office_of(actor) == campaign.office):
        rounds = rounds.filter(organisation=actor.organisation_id or 0)
    return list(rounds.annotate(people=Count("applications")).order_by("start_date", "id"))


def publicity_round(campaign: Campaign, actor: Account, pk: str | None) -> Publicity:
    """One round the actor may download (404 for any other)."""
    found = next((p for p in visible_rounds(campaign, actor) if str(p.pk) == pk), None)
    if found is None:
        raise Http404
    return found


def round_applications(publicity: Publicity) -> list[Application]:
    """Who was publicised in this round, and no one else, in rank order."""
    return list(
        publicity.applications.select_related("campaign", "recommender", "unit").order_by(
            *RANK_ORDER
        )
    )


@login_required
def document_index(request: AccountRequest, pk: int) -> HttpResponse:
    """What the actor may download in a campaign: its lists, and each visible application's
    forms (a list like the others: filtered, sorted, paged)."""
    campaign = get_object_or_404(visible_campaigns(request.user).select_related("office"), pk=pk)
    actor = request.user
    lists = []
    try:
        owner = batch_owner(campaign, actor)
    except PermissionDenied:
        owner = None
    offered = batch_documents(campaign.program_id)
    documents = [d for d in offered if d.kind != "notice"]
    if owner is not None:
        office = owner.pk == campaign.office_id
        counts = counts_by_recommender(campaign, None if office else owner)
        linked = [
            (
                d,
                [
                    (label, reverse("document_batch", args=[campaign.pk, d.name, fmt]))
                    for fmt, label in d.format_links()
                ],
            )
            for d in documents
        ]

        def entry(organisation: Organisation, count: int, query: str) -> dict[str, Any]:
            return {
                "organisation": organisation,
                "unit": bool(query),
                "count": count,
                "documents": [
                    (d.title, [(label, url + query) for label, url in links]) for d, links in linked
                ],
            }

        lists.append(entry(owner, sum(counts.values()), ""))
        if office:
            units = Organisation.objects.filter(pk__in=list(counts)).order_by("pk")
            lists += [entry(u, counts[u.pk], f"?recommender={u.pk}") for u in units]
    forms = form_documents(campaign.program_id)

    def links(row: Row) -> list[tuple[str, str]]:
        return [
            (f"{d.title}{label}", reverse("document_application", args=[row["pk"], d.name, fmt]))
            for d in forms
            for fmt, label in d.format_links()
        ]

    found = application_list(
        actor,
        visible_applications(actor).filter(campaign=campaign),
        request.GET,
        campaign,
        links=links,
    )
    listed = list_page(
        found.applications,
        found.listing,
        request.GET,
        download=f"{reverse('list_download', args=['applications'])}?campaign={campaign.pk}",
        count=found.form.count_from(counts_by_stage(actor, campaign)),
    )
    context = {
        "campaign": campaign,
        "lists": lists,
        "notices": [d for d in offered if d.kind == "notice"],
        "rounds": visible_rounds(campaign, actor),
        "today": beijing_today(),
        "forms": forms,
        "list": listed,
        "filters": filter_fields(found.form),
    }
    return render(request, "downloads/index.html", context)


# --- bulk PDFs as a background job -----------------------------------------------------------


@login_required
@require_POST
def document_bulk(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Start the job that makes the form ``name`` of every visible application as PDF."""
    campaign = get_object_or_404(visible_campaigns(request.user), pk=pk)
    offered = next((o for o in form_documents(campaign.program_id) if o.name == name), None)
    if offered is None:
        raise Http404
    try:
        job = jobs.bulk_start(
            campaign=campaign,
            name=name,
            title=offered.title,
            actor=request.user,  # type: ignore[arg-type]
        )
    except ActionRefused as refused:
        return _error(request, str(refused), 409)
    return redirect("document_job", pk=job.pk)


def _own_job(request: HttpRequest, pk: int) -> DocumentJob:
    return get_object_or_404(
        DocumentJob.objects.select_related("campaign"), pk=pk, owner=request.user
    )


@login_required
def document_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's page: a progress bar the page's script refreshes, the zip when it is done."""
    return render(request, "downloads/job.html", {"job": _own_job(request, pk)})


@login_required
def document_job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_name": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "error": job.error,
        }
    )


@login_required
def document_job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _own_job(request, pk)
    if job.status != DocumentJob.Status.DONE or not job.archive:
        raise Http404
    ext = "xlsx" if job.is_list else "zip"
    response = FileResponse(
        job.archive.open("rb"), content_type=CONTENT_TYPES.get(ext, "application/zip")
    )
    return attachment(response, f"{job.title}.{ext}", ext)


# --- a panel round's documents -----------------------------------------------------------------


def _panel_file(
    kind: Kind, fmt: str, context: PanelContext, expert: str | None = None
) -> Callable[[], bytes]:
    def make() -> bytes:
        if fmt != "pdf":
            return render_panel(kind, "xlsx" if fmt == "xlsx" else "docx", context, expert=expert)
        docx = render_panel(kind, "docx", context, expert=expert)
        try:
            return docx_to_pdf(docx)
        except DocumentError as error:
            raise ConversionFailed(str(error)) from None

    return make


def _panel_name(kind: Kind, fmt: str, context: PanelContext, expert: str = "") -> str:
    return panel_file_name(kind, "pdf", context, expert=expert).removesuffix(".pdf")


@login_required
def panel_document(request: AccountRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """A closed round's result summary or statistics, for the staff who run the panel."""
    round = get_object_or_404(panel_glue.rounds(), pk=pk)
    if not panel_glue.runs_panel(request.user, round.panel):
        raise Http404
    context = panel_glue.panel_context(round)
    chosen: Kind = "summary" if kind == "summary" else "statistics"
    return _respond(
        request, _panel_name(chosen, fmt, context), fmt, _panel_file(chosen, fmt, context)
    )


@login_required
def panel_own_sheet(request: AccountRequest, pk: int, fmt: str) -> HttpResponse:
    """The expert's own score sheet or ballot of a round, with the signature line."""
    round = get_object_or_404(panel_glue.rounds(), pk=pk)
    member = panel_glue.own_member(request.user, round.panel)
    if member is None:
        raise Http404
    context = panel_glue.panel_context(round)
    ref = member_ref(member)
    return _respond(
        request,
        _panel_name("sheet", fmt, context, ref),
        fmt,
        _panel_file("sheet", fmt, context, ref),
    )
