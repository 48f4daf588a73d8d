"""The online application: start, fill in (drafts saved as you go), upload, pledge, submit.

Views parse the request, call one service and render; a refused action's Chinese sentence is
shown to the user. Files are served only here, after the permission check.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from skillaward.campaigns import forms
from skillaward.campaigns.forms_rules import data_problems
from skillaward.campaigns.models import Application, Attachment
from skillaward.campaigns.selectors import (
    Decision,
    applicant_materials,
    application_record,
    decisions,
    details_problems,
    last_return,
    recommenders_for,
    screening,
    visible_campaigns,
)
from skillaward.campaigns.services import (
    PLEDGE_TEXT,
    ActionRefused,
    ApplicationIncomplete,
    application_attachment_delete,
    application_attachments,
    application_photo,
    application_pledge,
    application_save,
    application_start,
    application_submit,
    external_investigation_record,
)
from skillaward.core import chain
from skillaward.core.record import ApplicantRecord, FieldError
from skillaward.core.report import OUTCOME_NAMES, Finding, verdict_of
from skillaward.core.rules import CHANNEL_NAMES
from skillaward.documents.offers import form_documents
from skillaward.organisations import permissions
from skillaward.organisations.models import Organisation
from skillaward.organisations.permissions import can_view, sees_personal_data
from skillaward.organisations.requests import AccountRequest

MISSING = "缺少必填项"

# Errors that belong to the page's own sections below the form (not to a field of it): shown
# there, beside their input, and named at the top with a link down to them.
SECTION_ERRORS = {"photo": ("照片", "#photo"), "pledge": ("真实性承诺", "#pledge")}


def _left(errors: list[FieldError]) -> list[dict[str, str]]:
    """The errors no input of the form takes, in Chinese: the message, and the section it
    stands in (never the record's key)."""
    return [
        {"message": e.message, "section": name, "anchor": anchor}
        for e in errors
        for name, anchor in [SECTION_ERRORS.get(e.field, ("", ""))]
    ]


def _application(request: AccountRequest, pk: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("campaign", "recommender", "unit", "applicant"), pk=pk
    )
    if not can_view(request.user, application):
        raise Http404
    return application


def _editable(application: Application) -> bool:
    return application.stage in (chain.DRAFT, chain.RETURNED)


# --- start -------------------------------------------------------------------------------------


@login_required
def application_new(request: AccountRequest) -> HttpResponse:
    """Choose the campaign's award, the channel, the recommending unit and the work unit."""
    campaigns = visible_campaigns(request.user)
    campaign_id = request.POST.get("campaign") or request.GET.get("campaign")
    campaign = (
        campaigns.filter(pk=campaign_id).first() if campaign_id and campaign_id.isdigit() else None
    )
    if campaign is None:
        return render(request, "campaigns/application_new.html", {"campaigns": campaigns})
    # Only the applicant's own work unit and its recommending unit are offered.
    own = request.user.organisation
    units = [own] if own is not None and own.kind == Organisation.Kind.UNIT else []
    recommenders = [
        r for r in recommenders_for(campaign) if any(r.pk == u.parent_id for u in units)
    ]
    program = campaign.program
    chosen = {
        "award": request.POST.get("award", program.awards[0].id),
        "channel": request.POST.get("channel", program.nomination.channels[0]),
        "recommender": request.POST.get("recommender", str(getattr(own, "parent_id", ""))),
        "unit": request.POST.get("unit", str(getattr(own, "pk", ""))),
    }
    if request.method == "POST":
        recommender = next((r for r in recommenders if str(r.pk) == chosen["recommender"]), None)
        unit = next((u for u in units if str(u.pk) == chosen["unit"]), None)
        try:
            if recommender is None:
                raise ActionRefused("请选择推荐（归口）单位")
            application = application_start(
                campaign=campaign,
                actor=request.user,
                award_id=chosen["award"],
                channel=chosen["channel"],
                recommender=recommender,
                unit=unit,
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "已创建申报草稿，请填写申报表")
            return redirect("application_edit", pk=application.pk)
    context = {
        "campaign": campaign,
        "existing": campaign.applications.filter(applicant=request.user).first(),
        "program": program,
        "channels": [(c, CHANNEL_NAMES[c]) for c in program.nomination.channels],
        "recommenders": recommenders,
        "units": units,
        "chosen": chosen,
    }
    return render(request, "campaigns/application_new.html", context)


# --- fill in ------------------------------------------------------------------------------------


Screened = tuple[ApplicantRecord | None, list[FieldError], list[Finding]]


def _errors(
    application: Application,
    data: dict[str, Any],
    details: dict[str, Any],
    *,
    all_errors: bool,
    screened: Screened | None = None,
) -> list[FieldError]:
    """Field errors of the data and details; while editing, empty required fields are not
    yet errors. ``screened`` is :func:`screening` of the data where the caller has it."""
    _, record_errors, _ = screened or screening(application, data)
    errors = (
        record_errors
        + data_problems(application.campaign.program, data)
        + details_problems(details)
    )
    return errors if all_errors else [e for e in errors if e.message != MISSING]


def _returned(application: Application) -> Decision | None:
    """The return the applicant has to answer, while the application is back with them."""
    if application.stage != chain.RETURNED:
        return None
    return last_return(decisions(application))


def _investigation_clause(application: Application) -> str:
    """The clause of a self-nominee's external investigation, where the chain asks for one."""
    step = application.campaign.workflow.investigation_step()
    if application.channel != "self" or step is None:
        return ""
    return step.investigation or ""


def _form(application: Application) -> list[forms.Section]:
    return forms.sections(application.campaign.program, application.channel)


def _values(data: dict[str, Any], details: dict[str, Any]) -> dict[str, Any]:
    """What the form shows: the record's data and, under ``details``, the details."""
    return data | {forms.DETAILS: details}


def _edit_page(
    request: AccountRequest,
    application: Application,
    *,
    errors: list[FieldError],
    status: int = 200,
    screened: Screened | None = None,
    refused: dict[str, str] | None = None,
) -> HttpResponse:
    """The form page; ``refused`` holds an upload's refusal by the input it came from
    (``photo``, ``material-<id>``), shown beside that input."""
    refused = refused or {}
    values = _values(application.data, application.details)
    bound, left = forms.bind(_form(application), values, errors)
    program = application.campaign.program
    attachments = list(application.attachments.all())
    materials = [
        (
            material,
            [a for a in attachments if a.material_id == material.id],
            refused.get(f"material-{material.id}", ""),
        )
        for material in applicant_materials(program)
    ]
    context = {
        "application": application,
        "program": program,
        "sections": bound,
        "left": _left(left),
        "materials": materials,
        "pledge_text": PLEDGE_TEXT,
        "pledge_error": next((e.message for e in errors if e.field == "pledge"), ""),
        "photo_error": refused.get("photo")
        or next((e.message for e in errors if e.field == "photo"), ""),
        "photo_refused": "photo" in refused,
        "progress": forms.progress(bound),
        "panel": _panel(screened or screening(application, application.data)),
        "editable": _editable(application),
        "max_upload_mb": settings.SKILLAWARD_MAX_UPLOAD_BYTES // 1048576,
        "returned": _returned(application),
    }
    return render(request, "campaigns/application_edit.html", context, status=status)


@login_required
def application_edit(request: AccountRequest, pk: int) -> HttpResponse:
    """The programme's form. POST saves the draft as it is; ``X-Autosave`` answers in JSON."""
    application = _application(request, pk)
    if request.method == "POST":
        posted = forms.parse(
            _form(application), request.POST, _values(application.data, application.details)
        )
        data, details = forms.split_details(posted)
        try:
            application = application_save(
                application=application,
                actor=request.user,
                data=data,
                details=details,
            )
        except ActionRefused as refused:
            if request.headers.get("X-Autosave"):
                return JsonResponse({"refused": str(refused)}, status=409)
            messages.error(request, str(refused))
            return redirect("application_detail", pk=application.pk)
        errors = _errors(application, data, details, all_errors=False)
        if request.headers.get("X-Autosave"):
            bound, left = forms.bind(_form(application), posted, errors)
            return JsonResponse(
                {
                    "saved": timezone.localtime(application.updated_at).strftime("%H:%M:%S"),
                    "errors": forms.error_map(bound),
                    "left": [e["message"] for e in _left(left)],
                }
            )
        messages.success(request, "草稿已保存")
        return redirect("application_edit", pk=application.pk)
    if not _editable(application) or application.applicant_id != request.user.pk:
        return redirect("application_detail", pk=application.pk)
    screened = screening(application, application.data)
    errors = _errors(
        application, application.data, application.details, all_errors=False, screened=screened
    )
    return _edit_page(request, application, errors=errors, screened=screened)


def _panel(screened: Screened) -> dict[str, Any]:
    parsed, errors, findings = screened
    return {
        "complete": parsed is not None,
        "missing": len(errors),
        "verdict": verdict_of(findings) if parsed is not None else "",
        "findings": [
            {
                "clause": f.clause,
                "outcome": f.outcome,
                "outcome_name": OUTCOME_NAMES[f.outcome],
                "message": f.message,
            }
            for f in findings
        ],
    }


@login_required
def application_eligibility(request: AccountRequest, pk: int) -> HttpResponse:
    """The live eligibility panel (an HTML fragment): every finding with its clause id.

    GET judges the saved draft; POST judges the posted form without saving it.
    """
    application = _application(request, pk)
    data = application.data
    if request.method == "POST":
        posted = forms.parse(_form(application), request.POST, application.data)
        data, _ = forms.split_details(posted)
    return render(
        request,
        "campaigns/application_eligibility.html",
        {"panel": _panel(screening(application, data))},
    )


# --- pledge, photo, files ------------------------------------------------------------------------


def _act(
    request: AccountRequest,
    action: Any,
    success: str,
    anchor: str,
    *,
    field: str = "",
    **kwargs: Any,
) -> HttpResponse:
    """Run one service for the applicant; on success back to the form at ``anchor``.

    A refusal of an upload (``field`` names its input) is shown beside that input on the
    form page itself (400); any other refusal as a message.
    """
    application = _application(request, kwargs["pk"])
    try:
        action(request, application)
    except ActionRefused as refused:
        if not field:
            messages.error(request, str(refused))
        else:
            application.refresh_from_db()
            errors = _errors(application, application.data, application.details, all_errors=False)
            return _edit_page(
                request, application, errors=errors, refused={field: str(refused)}, status=400
            )
    else:
        messages.success(request, success)
    return redirect(reverse("application_edit", args=[application.pk]) + anchor)


@login_required
@require_POST
def application_pledge_view(request: AccountRequest, pk: int) -> HttpResponse:
    def pledge(request: AccountRequest, application: Application) -> None:
        if request.POST.get("agree") != "on":
            raise ActionRefused("请先勾选“本人已阅读并作出上述承诺”")
        application_pledge(application=application, actor=request.user)

    return _act(request, pledge, "已签署真实性承诺", "#pledge", pk=pk)


@login_required
@require_POST
def application_photo_view(request: AccountRequest, pk: int) -> HttpResponse:
    def upload(request: AccountRequest, application: Application) -> None:
        file = request.FILES.get("photo")
        if file is None:
            raise ActionRefused("请选择照片文件")
        application_photo(application=application, actor=request.user, upload=file)

    return _act(request, upload, "照片已上传", "#photo", field="photo", pk=pk)


@login_required
@require_POST
def application_attachment_view(request: AccountRequest, pk: int) -> HttpResponse:
    def upload(request: AccountRequest, application: Application) -> None:
        files = request.FILES.getlist("file")
        if not files:
            raise ActionRefused("请选择要上传的文件")
        application_attachments(
            application=application,
            actor=request.user,
            material_id=request.POST.get("material", ""),
            uploads=files,
        )

    field = f"material-{request.POST.get('material', '')}"
    return _act(request, upload, "证明材料已上传", "#materials", field=field, pk=pk)


@login_required
@require_POST
def application_attachment_delete_view(
    request: AccountRequest, pk: int, attachment_id: int
) -> HttpResponse:
    def delete(request: AccountRequest, application: Application) -> None:
        attachment = get_object_or_404(application.attachments, pk=attachment_id)
        application_attachment_delete(attachment=attachment, actor=request.user)

    return _act(request, delete, "已删除该文件", "#materials", pk=pk)


@login_required
def application_file(request: AccountRequest, pk: int, which: str) -> FileResponse:
    """The photo (``which`` = photo) or a supporting file, for those who may see the application."""
    application = _application(request, pk)
    if which == "photo":
        if not application.photo.name:
            raise Http404
        name = application.photo.name.rsplit("/", 1)[-1]
        content_type = "image/png" if name.endswith(".png") else "image/jpeg"
        return FileResponse(application.photo.open("rb"), filename=name, content_type=content_type)
    attachment: Attachment = get_object_or_404(
        application.attachments, pk=int(which) if which.isdigit() else 0
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


# --- submit, view, export -------------------------------------------------------------------------


@login_required
@require_POST
def application_submit_view(request: AccountRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    try:
        application_submit(application=application, actor=request.user)
    except ApplicationIncomplete as incomplete:
        messages.error(request, "申报信息不完整或有误，请按提示修改后再提交")
        application.refresh_from_db()
        errors = _errors(application, application.data, application.details, all_errors=True)
        others = [e for e in incomplete.errors if e not in errors]
        return _edit_page(request, application, errors=errors + others, status=400)
    except ActionRefused as refused:
        messages.error(request, str(refused))
        return redirect("application_edit", pk=application.pk)
    messages.success(request, "申报已提交")
    return redirect("application_detail", pk=application.pk)


@login_required
def application_detail(request: AccountRequest, pk: int) -> HttpResponse:
    """The application as its applicant (or a reviewer) sees it: stage, findings, files."""
    return _detail_page(request, _application(request, pk))


def _detail_page(
    request: AccountRequest, application: Application, investigation_typed: str | None = None
) -> HttpResponse:
    """The detail page; after a refused investigation record, with the text as typed."""
    program = application.campaign.program
    findings = [
        f | {"outcome_name": OUTCOME_NAMES.get(f["outcome"], f["outcome"])}
        for f in application.findings
    ]
    shown = decisions(application)
    context = {
        "application": application,
        "program": program,
        "decisions": shown,
        "returned": last_return(shown) if application.stage == chain.RETURNED else None,
        "channel_name": CHANNEL_NAMES[application.channel],
        "findings": findings,
        "attachments": application.attachments.all(),
        "details": forms.details_shown(program.id, application.details),
        "documents": form_documents(application.campaign.program_id),
        "record_sections": forms.read_only(
            application, personal=sees_personal_data(request.user, application)
        ),
        "editable": _editable(application) and application.applicant_id == request.user.pk,
        "investigation": _investigation_clause(application),
        "investigates": permissions.is_recommender_staff(request.user),
        # Staff exchange records; an applicant is offered the forms (Word/PDF), not raw data.
        "exports": application.stage != chain.DRAFT
        and not permissions.is_applicant(request.user)
        and sees_personal_data(request.user, application),
        "investigation_typed": application.external_investigation
        if investigation_typed is None
        else investigation_typed,
    }
    return render(request, "campaigns/application_detail.html", context)


@login_required
@require_POST
def application_investigation(request: AccountRequest, pk: int) -> HttpResponse:
    """The recommending unit records its external investigation of a self-nominee (BJ6-12)."""
    application = _application(request, pk)
    try:
        external_investigation_record(
            application=application,
            actor=request.user,
            text=request.POST.get("text", ""),
        )
    except ActionRefused as refused:
        messages.error(request, str(refused))
        return _detail_page(request, _application(request, pk), request.POST.get("text", ""))
    messages.success(request, "已记录外调考察情况")
    # Back to the page where the recommending unit reviews the candidate.
    return redirect("candidate_detail", pk=application.pk)


@login_required
def application_export(request: AccountRequest, pk: int) -> HttpResponse:
    """The submitted application as its interchange applicant record (JSON download)."""
    application = _application(request, pk)
    if not sees_personal_data(request.user, application):
        # The interchange record carries the full ID number; it goes only to those who need it.
        raise PermissionDenied("申报人记录含完整身份证号码，当前角色无权导出")
    if application.stage == chain.DRAFT:
        messages.error(request, "申报尚未提交，不能导出")
        return redirect("application_edit", pk=application.pk)
    body = json.dumps(application_record(application), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"application-{application.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("applications/new/", application_new, name="application_new"),
    path("applications/<int:pk>/", application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/eligibility/",
        application_eligibility,
        name="application_eligibility",
    ),
    path("applications/<int:pk>/pledge/", application_pledge_view, name="application_pledge"),
    path("applications/<int:pk>/photo/", application_photo_view, name="application_photo"),
    path(
        "applications/<int:pk>/attachments/",
        application_attachment_view,
        name="application_attachment",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_id>/delete/",
        application_attachment_delete_view,
        name="application_attachment_delete",
    ),
    path("applications/<int:pk>/files/<str:which>/", application_file, name="application_file"),
    path("applications/<int:pk>/submit/", application_submit_view, name="application_submit"),
    path("applications/<int:pk>/export/", application_export, name="application_export"),
    path(
        "applications/<int:pk>/investigation/",
        application_investigation,
        name="application_investigation",
    ),
]
