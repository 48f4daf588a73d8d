"""Publicity pages: the public list and notice (no login) with the objection form, and the
holder's page to open a publicity, settle objections and close it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from skillaward.base.clock import beijing_today
from skillaward.base.errors import ActionRefused
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import visible_campaigns
from skillaward.core.idnumber import mask_id_number
from skillaward.holidays.selectors import refusal_message
from skillaward.organisations.requests import AccountRequest
from skillaward.publicity import selectors, services
from skillaward.publicity.forms import LookupForm, ObjectionForm, OpenForm, ResolveForm
from skillaward.publicity.models import Objection, Publicity


def publicity_index(request: HttpRequest) -> HttpResponse:
    """Every publicity running today (Beijing date), for anyone."""
    today = beijing_today()
    running = (
        Publicity.objects.filter(start_date__lte=today, end_date__gte=today, closed_at__isnull=True)
        .select_related("organisation")
        .annotate(candidate_count=Count("applications"))
    )
    return render(request, "publicity/index.html", {"publicities": running})


def _public_row(application: Application) -> dict[str, Any]:
    """What a public notice shows of a candidate: no phone, the ID number masked."""
    data = application.data
    return {
        "name": application.name,
        "id_number": mask_id_number(application.id_number),
        "unit": (data.get("employer") or {}).get("name", ""),
        "occupation": data.get("occupation", ""),
        "skill_level": data.get("skill_level", ""),
        "award": application.award_name,
    }


OBJECTION_RECEIVED = "已收到您的异议，公示单位将核查处理。"


def _received(reference: str) -> str:
    return (
        f"{OBJECTION_RECEIVED}受理编号：{reference}。请记下受理编号，"
        "凭受理编号和联系方式可在“异议处理结果查询”中查看处理结果。"
    )


def _require_within_rate(request: HttpRequest, publicity: Publicity) -> None:
    """At most so many objections an hour from one address, and on one notice from anyone."""
    limits = (
        (
            "objection-address",
            "ip",
            settings.OBJECTION_RATE_PER_ADDRESS,
            "您提交异议过于频繁，请一小时后再提交",
        ),
        (
            "objection-notice",
            lambda group, request: str(publicity.pk),
            settings.OBJECTION_RATE_PER_NOTICE,
            "本次公示收到的异议过多，请稍后再提交，或直接联系公示单位",
        ),
    )
    for group, key, rate, message in limits:
        if is_ratelimited(request, group=group, key=key, rate=rate, increment=True):
            raise ActionRefused(message)


def publicity_public(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice: candidates with personal data masked, the period, and the objection form."""
    publicity = get_object_or_404(
        Publicity.objects.select_related("campaign", "organisation"), pk=pk
    )
    candidates = list(publicity.applications.select_related("campaign").order_by("pk"))
    form = ObjectionForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:  # a robot: thanked, and nothing kept
            messages.success(request, OBJECTION_RECEIVED)
            return redirect("publicity_public", pk=publicity.pk)
        try:
            _require_within_rate(request, publicity)
            objection = services.objection_submit(
                publicity=publicity,
                application=next(a for a in candidates if a.pk == form.cleaned_data["application"]),
                text=form.cleaned_data["text"],
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _received(objection.reference or ""))
            return redirect("publicity_public", pk=publicity.pk)
    today = beijing_today()
    context = {
        "publicity": publicity,
        "rows": [_public_row(a) for a in candidates],
        "form": form,
        "running": publicity.closed_at is None
        and publicity.start_date <= today <= publicity.end_date,
        "upcoming": today < publicity.start_date,
    }
    return render(request, "publicity/public.html", context)


def objection_lookup(request: HttpRequest) -> HttpResponse:
    """The objector's view of the outcome: reference number and contact, no login."""
    form = LookupForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        if is_ratelimited(
            request,
            group="objection-lookup",
            key="ip",
            rate=settings.OBJECTION_LOOKUP_RATE,
            increment=True,
        ):
            messages.error(request, "查询过于频繁，请一小时后再查询")
        else:
            found = selectors.objection_lookup(
                form.cleaned_data["reference"], form.cleaned_data["contact"]
            )
            if found is None:
                form.add_error(None, "受理编号与联系方式不符，请核对后再查询")
    return render(request, "publicity/lookup.html", {"form": form, "objection": found})


@login_required
def publicity_manage(request: AccountRequest, campaign_pk: int, step_id: str) -> HttpResponse:
    """The holder's page: what waits at the step, its publicities and their objections."""
    campaign = get_object_or_404(visible_campaigns(request.user), pk=campaign_pk)
    form = OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publicity = services.publicity_open(
                campaign=campaign,
                step_id=step_id,
                actor=request.user,
                start=form.cleaned_data["start"],
            )
        except ActionRefused as exc:
            messages.error(request, refusal_message(exc))
        else:
            messages.success(
                request,
                f"已发起公示：{publicity.start_date:%Y年%m月%d日}至"
                f"{publicity.end_date:%Y年%m月%d日}",
            )
            return redirect("publicity_manage", campaign_pk=campaign.pk, step_id=step_id)
    return _manage_page(request, campaign, step_id, form)


def _manage_page(
    request: AccountRequest,
    campaign: Campaign,
    step_id: str,
    form: OpenForm,
    resolving: tuple[int, ResolveForm] | None = None,
) -> HttpResponse:
    """The holder's page; ``resolving``: a refused resolution, shown as typed by its objection."""
    try:
        step = selectors.publicity_step(campaign, step_id)
        waiting = selectors.waiting(campaign, step_id, request.user)
    except ActionRefused as exc:
        raise PermissionDenied(str(exc)) from None
    publicities = list(
        Publicity.objects.filter(
            campaign=campaign, step=step.id, organisation=request.user.organisation_id
        )
        .prefetch_related(
            Prefetch("applications", queryset=Application.objects.order_by("pk")),
            Prefetch("objections", queryset=Objection.objects.select_related("application")),
        )
        .order_by("-start_date", "-pk")
    )
    for publicity in publicities:
        for objection in publicity.objections.all():
            refused = resolving is not None and resolving[0] == objection.pk
            objection.resolve_form = (  # type: ignore[attr-defined]
                resolving[1]
                if refused and resolving
                else ResolveForm(auto_id=f"o{objection.pk}-%s")
            )
    context = {
        "campaign": campaign,
        "title": campaign.workflow.title(step),
        "rule": selectors.publicity_rule(campaign, step.id),
        "waiting": waiting.exclude(pk__in=selectors.in_open_publicity(step.id)).select_related(
            "campaign"
        ),
        "publicities": publicities,
        "form": form,
        "today": beijing_today(),
    }
    return render(request, "publicity/manage.html", context)


def _held(publicity: Publicity) -> HttpResponse:
    return redirect("publicity_manage", campaign_pk=publicity.campaign_id, step_id=publicity.step)


@login_required
@require_POST
def objection_resolve(request: AccountRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(
        Objection.objects.select_related("publicity__campaign"),
        pk=pk,
        publicity__campaign__in=visible_campaigns(request.user),
    )
    form = ResolveForm(request.POST, auto_id=f"o{objection.pk}-%s")
    try:
        if not form.is_valid():
            raise ActionRefused("请选择核查结论并填写核查处理结果")
        services.objection_resolve(
            objection=objection,
            upheld=form.cleaned_data["upheld"],
            resolution=form.cleaned_data["resolution"],
            actor=request.user,
        )
    except ActionRefused as exc:
        messages.error(request, str(exc))
        publicity = objection.publicity
        return _manage_page(
            request, publicity.campaign, publicity.step, OpenForm(), (objection.pk, form)
        )
    messages.success(request, "已记录异议的核查处理结果")
    return _held(objection.publicity)


@login_required
@require_POST
def publicity_close(request: AccountRequest, pk: int) -> HttpResponse:
    publicity = get_object_or_404(
        Publicity.objects.filter(campaign__in=visible_campaigns(request.user)), pk=pk
    )
    try:
        services.publicity_close(publicity=publicity, actor=request.user)
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "公示已办结，人选已转入下一环节")
    return _held(publicity)


urlpatterns = [
    path("publicity/", publicity_index, name="publicity_index"),
    path("publicity/<int:pk>/", publicity_public, name="publicity_public"),
    path("publicity/objections/", objection_lookup, name="objection_lookup"),
    path("publicity/<int:pk>/close/", publicity_close, name="publicity_close"),
    path("objections/<int:pk>/resolve/", objection_resolve, name="objection_resolve"),
    path(
        "campaigns/<int:campaign_pk>/publicity/<str:step_id>/",
        publicity_manage,
        name="publicity_manage",
    ),
]
