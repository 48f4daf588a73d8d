"""Campaign pages: list, detail (programme summary, timeline, chain, counts), creation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path

from skillaward.base.clock import beijing_today
from skillaward.base.forms import Form
from skillaward.campaigns.links import step_pages
from skillaward.campaigns.selectors import stage_counts, visible_campaigns
from skillaward.campaigns.services import ActionRefused, campaign_create
from skillaward.core import chain
from skillaward.core.program import (
    Phase,
    Program,
    ProgramFileError,
    all_programs,
    bundled_programs,
)
from skillaward.core.rules import RECOMMENDER_TYPE_NAMES
from skillaward.organisations import permissions
from skillaward.organisations.requests import AccountRequest


@dataclass(frozen=True)
class PhaseState:
    phase: Phase
    state: str  # 未开始 / 进行中 / 已结束

    @property
    def is_open(self) -> bool:
        return self.state == "进行中"


def timeline_states(timeline: list[Phase], today: date) -> list[PhaseState]:
    """Each phase with whether it is open on ``today`` (a Beijing date).

    A phase without a start opens the day after the phase before it ends (the first such
    phase is open from the start of the campaign).
    """
    states = []
    previous_end: date | None = None
    for phase in timeline:
        start = phase.start or (previous_end + timedelta(days=1) if previous_end else None)
        if today > phase.end:
            state = "已结束"
        elif start is not None and today < start:
            state = "未开始"
        else:
            state = "进行中"
        states.append(PhaseState(phase, state))
        previous_end = phase.end
    return states


@login_required
def campaign_list(request: AccountRequest) -> HttpResponse:
    campaigns = visible_campaigns(request.user).select_related("office")
    today = beijing_today()
    rows = [(c, c.accepts_material_on(today)) for c in campaigns]
    may_create = permissions.is_office_staff(request.user)
    context = {"rows": rows, "may_create": may_create}
    return render(request, "campaigns/campaign_list.html", context)


@login_required
def campaign_detail(request: AccountRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(visible_campaigns(request.user).select_related("office"), pk=pk)
    user = request.user
    today = beijing_today()
    program = campaign.program
    context = {
        "campaign": campaign,
        "program": program,
        "today": today,
        "timeline": timeline_states(campaign.timeline(), today),
        "steps": [
            (
                step,
                chain.ROLE_NAMES[step.role],
                step_pages(campaign, step) if permissions.acts_at(user, step) else [],
            )
            for step in campaign.workflow.steps
        ],
        "recommender_types": [
            RECOMMENDER_TYPE_NAMES[t] for t in program.nomination.recommender_types
        ],
        "accepting": campaign.accepts_material_on(today),
    }
    if permissions.is_applicant(user):
        context["own"] = campaign.applications.filter(applicant=user).select_related("campaign")
    else:
        counts = stage_counts(user, campaign)
        context["stage_counts"] = counts
        context["total"] = sum(n for _, _, n in counts)
    return render(request, "campaigns/campaign_detail.html", context)


class CampaignForm(Form):
    """The edition's name, reference date and, for each phase of the programme, its dates."""

    name = forms.CharField(label="活动名称", max_length=120)
    reference_date = forms.DateField(
        label="基准日期",
        required=False,
        help_text="年龄、工龄等条件计算到此日；不填则为报送截止日",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["name"].initial = program.name
        self.fields["reference_date"].initial = program.as_of
        for phase in program.timeline:
            for end in ("start", "end"):
                self.fields[f"{phase.id}-{end}"] = forms.DateField(
                    label=f"{phase.name}：{'开始' if end == 'start' else '截止'}日期",
                    required=end == "end",
                    initial=getattr(phase, end),
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                )

    def phases(self) -> list[dict[str, object]]:
        return [
            {
                "id": phase.id,
                "start": self.cleaned_data[f"{phase.id}-start"],
                "end": self.cleaned_data[f"{phase.id}-end"],
            }
            for phase in self.program.timeline
        ]


@login_required
def campaign_new(request: AccountRequest) -> HttpResponse:
    """Choose a programme, then give the edition's dates; the service creates the campaign."""
    if not permissions.is_office_staff(request.user):
        raise PermissionDenied("只有评选办公室工作人员可以创建评选活动")
    try:
        programs = all_programs()
    except ProgramFileError as exc:  # the operator's directory: say so, offer the bundled ones
        messages.error(request, str(exc))
        programs = bundled_programs()
    program = programs.get(request.GET.get("program", ""))
    if program is None:
        context = {"programs": list(programs.values())}
        return render(request, "campaigns/campaign_choose.html", context)
    form = CampaignForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_create(
                program_id=program.id,
                actor=request.user,
                name=form.cleaned_data["name"],
                phases=form.phases(),
                reference_date=form.cleaned_data["reference_date"],
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已创建评选活动“{campaign}”")
            return redirect("campaign_detail", campaign.pk)
    return render(request, "campaigns/campaign_new.html", {"program": program, "form": form})


urlpatterns: list[URLPattern] = [
    path("campaigns/", campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaign_detail, name="campaign_detail"),
]
