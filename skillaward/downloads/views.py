"""Official documents on the web: an application's own forms, a unit's or the office's lists.

The documents layer renders from applicant records and a :class:`DocumentContext`; here both
are built from the database. The record is the application's interchange record; the context
holds its details (``Application.details``), its photo, and the opinions of the steps it has
passed, read from the audit trail (the approving entry of each review, panel and approval
step, mapped onto the form's opinion boxes). Lists, reports and notices carry the batch's
data: the recommending unit (or the office), its contact, and the publicity it opened.

Who may download what: one application's forms, whoever may see the application
(``can_view``); a recommending unit's lists, its staff, for its own candidates; the office's
lists, the office roles, for every candidate past the recommending units. ID numbers, phone
numbers and bank accounts are masked for roles that do not need them, as on the pages.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, get_args
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from skillaward.audit.models import AuditEntry
from skillaward.base.clock import beijing_today
from skillaward.base.errors import ActionRefused
from skillaward.base.lists import Row, filter_fields, list_page
from skillaward.campaigns.lists import application_list
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import (
    cached_while_unchanged,
    counts_by_stage,
    record_dict,
    visible_applications,
    visible_campaigns,
)
from skillaward.core import chain
from skillaward.core.chain import StepKind
from skillaward.core.idnumber import IdNumberError, parse_id_number
from skillaward.core.record import Channel
from skillaward.documents.api import render_documents
from skillaward.documents.catalogue import XLSX_SUFFIX, program
from skillaward.documents.context import ApplicantContext, BatchContext, DocumentContext, Opinion
from skillaward.documents.errors import DocumentError
from skillaward.documents.offers import Offered, batch_documents, form_documents
from skillaward.documents.pdf import convert_to_pdf
from skillaward.downloads.models import DocumentJob
from skillaward.organisations import permissions
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import (
    can_view,
    mask_account_number,
    mask_phone,
    masked_id_number,
    sees_personal_data,
)
from skillaward.organisations.requests import AccountRequest
from skillaward.publicity.models import Publicity

Response = TypeVar("Response", bound=HttpResponseBase)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}

# The opinion boxes of each form layout (layouts.yaml), by the chain step whose approving
# entry fills it. A box no step fills (the leading group's of xingan, a self-nominee's own)
# stays blank for hand-filling.
OPINION_BOXES: dict[str, dict[StepKind, str]] = {
    "beijing-application": {
        "unit_review": "unit",
        "recommender_review": "supervisor",
        "office_review": "office",
        "panel": "experts",
    },
    "xingan-approval": {
        "unit_review": "unit",
        "recommender_review": "county",
        "office_review": "office",
        "panel": "experts",
        "approval": "talent",
    },
    "changchun-recommendation": {
        "unit_review": "unit",
        "recommender_review": "county",
        "panel": "city",
    },
    "liaocheng-application": {
        "recommender_review": "county",
        "office_review": "office",
        "panel": "committee",
    },
}
# Audit actions that pass an application on at its step (review, panel, approval).
APPROVING_ACTIONS = ("approve", "panel_selected", "approval_approve")
APPROVED = "同意。"  # an approval recorded without words


def _chosen(offered: Sequence[Offered], name: str, fmt: str) -> Offered:
    found = next((o for o in offered if o.name == name), None)
    if found is None or fmt not in found.formats:
        raise Http404
    return found


# --- records and context from the database ---------------------------------------------------


def _record(application: Application, personal: bool) -> dict[str, Any]:
    """The application's record, keyed by its id; the ID number masked unless ``personal``."""
    record = record_dict(application) | {"ref": str(application.pk)}
    if not personal and record.get("id_number"):
        try:  # the form still prints gender and birth date, read before masking
            identity = parse_id_number(str(record["id_number"]))
        except IdNumberError:
            pass
        else:
            record.setdefault("gender", identity.gender)
            record.setdefault("birth_date", identity.birth_date.isoformat())
        record["id_number"] = masked_id_number(str(record["id_number"]))
    return record


def valid_details(details: Mapping[str, Any]) -> dict[str, Any]:
    """The details a form can print: each field that is valid by itself (drafts keep
    anything typed; what is not valid yet is left blank)."""
    kept = {}
    for key, value in details.items():
        if key in ("photo", "opinions"):
            continue
        try:
            ApplicantContext.model_validate({key: value})
        except ValidationError:
            continue
        kept[key] = value
    return kept


def _applicant(
    application: Application,
    personal: bool,
    entries: Sequence[AuditEntry],
    boxes: Mapping[StepKind, str],
) -> ApplicantContext:
    details = valid_details(application.details)
    if not personal:
        if details.get("mobile"):
            details["mobile"] = mask_phone(details["mobile"])
        if details.get("bank_account"):
            details["bank_account"] = mask_account_number(details["bank_account"])
    photo = application.photo.path if application.photo else None
    return ApplicantContext.model_validate(
        details | {"photo": photo, "opinions": opinions(application, entries, boxes)}
    )


def opinions(
    application: Application, entries: Sequence[AuditEntry], boxes: Mapping[StepKind, str]
) -> dict[str, Opinion]:
    """The form's opinion boxes from the approving audit entries, the latest of each step."""
    workflow = application.campaign.workflow
    found: dict[str, Opinion] = {}
    for entry in entries:
        step = workflow.step(entry.from_stage)
        box = boxes.get(step.kind) if step is not None else None
        if box is not None and entry.action in APPROVING_ACTIONS:
            found[box] = Opinion(
                text=entry.reason or APPROVED, date=timezone.localdate(entry.at).isoformat()
            )
    return found


def _publicity(campaign: Campaign, organisation: Organisation) -> Publicity | None:
    return (
        Publicity.objects.filter(campaign=campaign, organisation=organisation)
        .order_by("-start_date", "-id")
        .first()
    )


def batch_context(campaign: Campaign, organisation: Organisation, actor: Account) -> BatchContext:
    """The unit's (or office's) data for a list: name, contact, filler, date, publicity."""
    publicity = _publicity(campaign, organisation)
    return BatchContext(
        recommender=organisation.name,
        contact=organisation.contact or None,
        phone=organisation.phone or None,
        filler=str(actor),
        date=beijing_today().isoformat(),
        publicity_start=publicity.start_date.isoformat() if publicity else None,
        publicity_days=publicity.working_days if publicity else None,
        publicity_end=publicity.end_date.isoformat() if publicity else None,
    )


# --- whose list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """A list's owner (a recommending unit or the office) and its candidates, in rank order."""

    organisation: Organisation
    applications: list[Application]


def past_recommender(campaign: Campaign) -> Q:
    """Reviewed by its recommending unit, or already sent on (ranked), and not closed out:
    the stages each channel reaches at or after the recommending unit's review."""
    workflow = campaign.workflow
    reached = Q(submitted_person__isnull=False)
    channels: tuple[Channel, ...] = get_args(Channel)
    for channel in channels:
        stages = [
            step.id
            for step in workflow.path(channel)
            if workflow.reached(step.id, "recommender_review", channel)
        ]
        reached |= Q(channel=channel, stage__in=[*stages, chain.AWARDED])
    return reached & ~Q(stage=chain.RETURNED)


def _listed(campaign: Campaign, **filters: Any) -> QuerySet[Application]:
    return Application.objects.active().filter(
        past_recommender(campaign), campaign=campaign, **filters
    )


def _candidates(campaign: Campaign, **filters: Any) -> list[Application]:
    return list(
        _listed(campaign, **filters)
        .select_related("campaign", "recommender", "unit")
        .order_by("recommender_id", F("rank").asc(nulls_last=True), "pk")
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
                (path,) = convert_to_pdf([path], out / "pdf")
            except DocumentError as error:
                raise ConversionFailed(str(error)) from None
        return path.read_bytes()


def document_inputs(
    campaign: Campaign,
    name: str,
    applications: Sequence[Application],
    *,
    actor: Account,
    batch: BatchContext | None = None,
    with_opinions: bool = False,
) -> tuple[list[dict[str, Any]], DocumentContext]:
    """The records (masked as ``actor`` sees them) and the context a document is rendered from."""
    document = program(campaign.program_id).document(name)
    boxes = OPINION_BOXES.get(document.layout or "", {})
    entries: dict[int, list[AuditEntry]] = {a.pk: [] for a in applications}
    if with_opinions and boxes:
        for entry in AuditEntry.objects.of_all(applications).filter(action__in=APPROVING_ACTIONS):
            entries[entry.subject_id].append(entry)
    personal = {a.pk: sees_personal_data(actor, a) for a in applications}
    context = DocumentContext(
        batch=batch or BatchContext(),
        applicants={
            str(a.pk): _applicant(a, personal[a.pk], entries[a.pk], boxes) for a in applications
        },
    )
    return [_record(a, personal[a.pk]) for a in applications], context


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
    scope = batch_scope(campaign, actor, request.GET.get("recommender"))
    return _respond(
        request,
        f"{scope.organisation.name}-{offered.title}",
        fmt,
        lambda: render_file(
            campaign,
            name,
            fmt,
            scope.applications,
            actor=actor,
            batch=batch_context(campaign, scope.organisation, actor),
        ),
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
    if owner is not None:
        office = owner.pk == campaign.office_id
        counts = counts_by_recommender(campaign, None if office else owner)
        published = set(
            Publicity.objects.filter(campaign=campaign).values_list("organisation_id", flat=True)
        )
        documents = [
            (
                d,
                [
                    (label, reverse("document_batch", args=[campaign.pk, d.name, fmt]))
                    for fmt, label in d.format_links()
                ],
            )
            for d in batch_documents(campaign.program_id)
        ]

        def entry(organisation: Organisation, count: int, query: str) -> dict[str, Any]:
            shown = organisation.pk in published
            return {
                "organisation": organisation,
                "unit": bool(query),
                "count": count,
                "documents": [
                    (
                        d.title,
                        None
                        if d.kind == "notice" and not shown
                        else [(label, url + query) for label, url in links],
                    )
                    for d, links in documents
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
    from skillaward.downloads import jobs  # it reads this module's batch context

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
