"""The pages of expert review: the expert's candidates, sheet and ballot (a phone's pages), and
the office's pool, panels, draws, rounds and tally.

Views parse input, call one service and show its refusal beside the form it came from; who may
see what is decided by ``organisations.permissions`` and the panel selectors, and whether an
action may be taken by the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillaward.base.errors import ActionRefused
from skillaward.campaigns.forms import read_only
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import visible_campaigns
from skillaward.core.chain import ChainStep
from skillaward.core.tally import VOTE_NAMES
from skillaward.organisations import permissions
from skillaward.organisations.models import Organisation
from skillaward.organisations.requests import AccountRequest
from skillaward.panels import selectors, services
from skillaward.panels.forms import (
    DrawForm,
    ExpertForm,
    PickForm,
    RecusalForm,
    ReserveForm,
    SheetForm,
    split_names,
)
from skillaward.panels.models import Expert, Member, Panel, Recusal, Round, Sheet

PAGE_SIZE = 30


# --- the expert ------------------------------------------------------------------------------


def _expert_only(request: AccountRequest) -> None:
    if not permissions.is_expert(request.user):
        raise PermissionDenied("只有评审专家可以打开评审页面")


@login_required
def my_reviews(request: AccountRequest) -> HttpResponse:
    """The expert's open rounds, each candidate with the state of the expert's own sheet."""
    _expert_only(request)
    rows = []
    for assignment in selectors.assignments(request.user):
        sheets = assignment.sheets
        done = sum(s.status == Sheet.Status.SUBMITTED for s in sheets.values())
        rows.append(
            {
                "assignment": assignment,
                "step": selectors.panel_step(assignment.member.panel),
                "candidates": [(a, sheets.get(a.pk)) for a in assignment.candidates],
                "done": done,
            }
        )
    return render(request, "panels/my_reviews.html", {"rows": rows})


def _assigned(request: AccountRequest, round_id: int, pk: int) -> tuple[Round, Member, Application]:
    """The round, the expert's seat and the candidate, if the expert reviews it there: a
    candidate not assigned, or one the expert stands aside for, is not found."""
    _expert_only(request)
    round_ = get_object_or_404(Round.objects.select_related("panel__campaign"), pk=round_id)
    member = (
        Member.objects.filter(panel=round_.panel_id, expert__account=request.user, active=True)
        .select_related("expert")
        .first()
    )
    application = (
        round_.candidates.select_related("campaign", "recommender", "unit").filter(pk=pk).first()
    )
    if member is None or application is None:
        raise Http404("不是分配给您的评审对象")
    if Recusal.objects.filter(member=member, application=application).exists():
        raise Http404("您已回避该人选")
    return round_, member, application


@login_required
def review_candidate(request: AccountRequest, round_id: int, pk: int) -> HttpResponse:
    """One candidate, read only and masked, with the expert's sheet or ballot and the
    declaration of a conflict; the round's other sheets are never shown here."""
    round_, member, application = _assigned(request, round_id, pk)
    rules = round_.panel.settings["rules"]
    sheet = (
        Sheet.objects.filter(round=round_, member=member, application=application, current=True)
        .order_by("-version")
        .first()
    )
    submitted = sheet is not None and sheet.status == Sheet.Status.SUBMITTED
    is_open = round_.status == Round.Status.OPEN
    action = request.POST.get("action", "") if request.method == "POST" else ""
    correcting = submitted and (action == "correct" or request.GET.get("correct") == "1")
    form = SheetForm(
        request.POST if action in ("save", "submit", "correct") else None,
        initial=_sheet_initial(sheet, rules),
        rules=rules,
        correcting=correcting,
        submitting=action == "submit",
    )
    recusal = RecusalForm(request.POST if action == "recuse" else None)
    refused = ""
    if action in ("save", "submit", "correct") and form.is_valid():
        try:
            _save_sheet(action, form, member=member, application=application, actor=request.user)
        except ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, SAVED[action].format(name=application.name))
            return redirect("panel_review", round_.pk, pk)
    elif action == "recuse" and recusal.is_valid():
        try:
            services.recusal_declare(
                member=member,
                application=application,
                reason_code=recusal.cleaned_data["reason_code"],
                reason=recusal.cleaned_data["reason"],
                actor=request.user,
            )
        except ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, f"已声明回避{application.name}，您将不再看到该人选")
            return redirect("panel_my_reviews")
    context = {
        "round": round_,
        "panel": round_.panel,
        "step": selectors.panel_step(round_.panel),
        "application": application,
        "record_sections": read_only(application, personal=False),
        "attachments": application.attachments.all(),
        "sheet": sheet,
        "submitted": submitted,
        "is_open": is_open,
        "correcting": correcting,
        "form": form,
        "recusal": recusal,
        "may_recuse": sheet is None,
        "refused": refused,
        "refused_at": action,
        "rules": rules,
        "given": [
            (f"{c['name']}（满分{c['max']}）", (sheet.criteria or {}).get(c["id"], ""))
            for c in rules.get("criteria") or []
        ]
        if sheet is not None
        else [],
    }
    return render(request, "panels/review_candidate.html", context, status=400 if refused else 200)


SAVED = {
    "save": "已保存{name}的评审草稿",
    "submit": "已提交{name}的评审结果",
    "correct": "已更正{name}的评审结果",
}


def _sheet_initial(sheet: Sheet | None, rules: dict[str, Any]) -> dict[str, Any]:
    if sheet is None:
        return {}
    initial: dict[str, Any] = {"comment": sheet.comment, "vote": sheet.vote}
    for criterion_id, value in (sheet.criteria or {}).items():
        initial[f"c_{criterion_id}"] = value
    return initial


def _save_sheet(action: str, form: SheetForm, **where: Any) -> None:
    values = {
        "criteria": form.scores(),
        "vote": form.vote(),
        "comment": form.cleaned_data.get("comment", ""),
    }
    if action == "correct":
        services.sheet_correct(**where, reason=form.cleaned_data["reason"], **values)
        return
    with transaction.atomic():  # a submission refused leaves no draft behind either
        services.sheet_save(**where, **values)
        if action == "submit":
            services.sheet_submit(**where)


# --- the office: the pool --------------------------------------------------------------------


def _office(request: AccountRequest) -> Organisation:
    """The office whose pool the user keeps (its staff only)."""
    office = permissions.office_of(request.user)
    if not permissions.is_office_staff(request.user) or office is None:
        raise PermissionDenied("评审专家库由评选办公室管理")
    return office


@login_required
def expert_pool(request: AccountRequest) -> HttpResponse:
    office = _office(request)
    query = request.GET.get("q", "").strip()
    shown = request.GET.get("active", "")
    experts = selectors.pool(office, query)
    if shown in ("1", "0"):
        experts = experts.filter(active=shown == "1")
    page = Paginator(experts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "panels/expert_pool.html", {"page": page, "query": query, "shown": shown}
    )


@login_required
def expert_edit(request: AccountRequest, pk: int | None = None) -> HttpResponse:
    office = _office(request)
    expert = get_object_or_404(Expert, pk=pk, office=office) if pk is not None else None
    initial = {}
    if expert is not None:
        initial = {f: getattr(expert, f) for f in ExpertForm.base_fields}
        initial["occupations"] = "、".join(expert.occupations)
    form = ExpertForm(request.POST if request.method == "POST" else None, initial=initial)
    refused = ""
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.expert_save(
                office=office, actor=request.user, expert=expert, **form.fields_for_service()
            )
        except ActionRefused as exc:
            refused = str(exc)
        else:
            done = f"已保存专家{saved.expert.name}（登录名 {saved.expert.account.username}"
            if saved.password:
                done += f"，初始密码 {saved.password}，请告知本人并提醒其登录后修改"
            messages.success(request, done + "）")
            return redirect("expert_edit", saved.expert.pk)
    memberships = (
        expert.memberships.select_related("panel__campaign").order_by("-panel__created_at")
        if expert is not None
        else []
    )
    return render(
        request,
        "panels/expert_edit.html",
        {"form": form, "expert": expert, "refused": refused, "memberships": memberships},
        status=400 if refused or form.errors else 200,
    )


@login_required
@require_POST
def expert_active(request: AccountRequest, pk: int) -> HttpResponse:
    office = _office(request)
    expert = get_object_or_404(Expert, pk=pk, office=office)
    active = request.POST.get("active") == "1"
    try:
        services.expert_active_set(expert=expert, active=active, actor=request.user)
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{expert.name}已{'恢复为可抽取' if active else '停用'}")
    return redirect(request.POST.get("next") or reverse("expert_pool"))


@login_required
def expert_import(request: AccountRequest) -> HttpResponse:
    """The office's Excel list into the pool: every problem by row and column, or the new
    experts with their login names and initial passwords (shown this once)."""
    office = _office(request)
    context: dict[str, Any] = {"errors": [], "refused": "", "created": []}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ActionRefused("请选择专家名单的Excel文件")
            result = services.expert_import(office=office, file=upload, actor=request.user)
        except services.ExpertListRefused as exc:
            context["errors"] = exc.errors
        except ActionRefused as exc:
            context["refused"] = str(exc)
        else:
            context["created"] = result.created
    failed = bool(context["errors"] or context["refused"])
    return render(request, "panels/expert_import.html", context, status=400 if failed else 200)


# --- the office (or the recommending unit): panels --------------------------------------------


def _panel_steps(request: AccountRequest, campaign: Campaign) -> list[ChainStep]:
    """The panel steps of the campaign's chain that the user's role runs."""
    return [
        s
        for s in campaign.workflow.steps
        if s.panel is not None and permissions.acts_at(request.user, s)
    ]


def _runs(request: AccountRequest, panel: Panel) -> None:
    """Refuse a user who does not run the panel: its step's role, at the office or (for a
    recommending unit's panel) that unit."""
    step = selectors.panel_step(panel)
    if not permissions.acts_at(request.user, step):
        raise PermissionDenied("该评审组不由您组织")
    if panel.recommender_id is not None and panel.recommender_id != request.user.organisation_id:
        raise PermissionDenied("该评审组由其他推荐（归口）单位组织")


@login_required
def campaign_panels(request: AccountRequest, campaign_id: int) -> HttpResponse:
    """The campaign's panels at the steps the user runs, and the form to form one more."""
    campaign = get_object_or_404(visible_campaigns(request.user), pk=campaign_id)
    steps = _panel_steps(request, campaign)
    if not steps:
        raise PermissionDenied("本项目没有由您组织的专家评审环节")
    panels = [p for p in selectors.panels_of(campaign) if p.step_id in {s.id for s in steps}]
    if permissions.is_recommender_staff(request.user):
        panels = [p for p in panels if p.recommender_id == request.user.organisation_id]
    refused = ""
    if request.method == "POST":
        step = next((s for s in steps if s.id == request.POST.get("step")), None)
        award = request.POST.get("award", "")
        try:
            if step is None or award not in {a.id for a in campaign.program.awards}:
                raise ActionRefused("请选择评审环节和奖项")
            assert step.panel is not None
            panel = services.panel_create(
                campaign=campaign,
                step_id=step.id,
                award_id=award,
                actor=request.user,
                recommender=request.user.organisation if step.panel.sits == "recommender" else None,
                group=request.POST.get("group", "").strip(),
            )
        except ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, f"已组建{panel}")
            return redirect("panel_detail", panel.pk)
    grouped = [s.id for s in steps if s.panel is not None and s.panel.groups is not None]
    context = {
        "campaign": campaign,
        "steps": [
            (s, campaign.workflow.title(s), s.panel.describe() if s.panel else "") for s in steps
        ],
        "panels": panels,
        "awards": campaign.program.awards,
        "grouped": bool(grouped),
        # A grouped step's groups are occupations or industries: those of its candidates.
        "groups": sorted(
            {
                str(a.data.get("occupation", ""))
                for a in campaign.applications.filter(stage__in=grouped).only("data")
            }
            - {""}
        ),
        "refused": refused,
        "posted": request.POST,
    }
    return render(request, "panels/campaign_panels.html", context, status=400 if refused else 200)


def _panel(request: AccountRequest, panel_id: int) -> Panel:
    panel = get_object_or_404(
        Panel.objects.select_related("campaign", "recommender").filter(
            campaign__in=visible_campaigns(request.user)
        ),
        pk=panel_id,
    )
    _runs(request, panel)
    return panel


@login_required
def panel_detail(request: AccountRequest, panel_id: int) -> HttpResponse:
    return _panel_page(request, _panel(request, panel_id), {})


def _panel_page(request: AccountRequest, panel: Panel, forms: dict[str, Any]) -> HttpResponse:
    """A panel: its members and draws, the recusals, each round's progress and tally; after a
    refusal or a bad form (``forms``), the message beside that form and what was typed."""
    members = list(panel.members.select_related("expert__account").order_by("order", "id"))
    taken = {m.expert_id for m in members}
    office = panel.campaign.office
    choices = [
        (e.pk, f"{e.name} · {'、'.join(e.occupations)} · {e.level}")
        for e in selectors.pool(office).filter(active=True)
        if e.pk not in taken
    ]
    rounds = list(panel.rounds.order_by("number"))
    current = rounds[-1] if rounds else None
    context = {
        "panel": panel,
        "award_name": panel.campaign.program.award(panel.award_id).name,
        "step": selectors.panel_step(panel),
        "members": members,
        "draws": list(panel.draws.order_by("id")),
        "recusals": list(
            panel.recusals.select_related("member__expert", "application").order_by("id")
        ),
        "rounds": [(r, _tally_rows(r)) for r in rounds],
        "current": current,
        "progress": selectors.round_progress(current) if current is not None else [],
        "shortage": selectors.shortage(panel) if members else None,
        "draw_form": forms.get("draw")
        or DrawForm(initial={"size": panel.settings.get("members"), "reserves": 2}),
        "pick_form": forms.get("pick") or PickForm(experts=choices),
        "reserve_form": forms.get("reserve") or ReserveForm(members=_seated(panel)),
        "refused": forms.get("refused", ""),
        "refused_at": forms.get("at", ""),
        "vote_names": VOTE_NAMES,
    }
    return render(request, "panels/panel_detail.html", context, status=400 if forms else 200)


def _seated(panel: Panel) -> list[tuple[int, str]]:
    return [
        (m.pk, m.expert.name) for m in panel.members.filter(active=True).select_related("expert")
    ]


def _tally_rows(round_: Round) -> list[dict[str, Any]]:
    """The closed round's stored tally, row by row, with each candidate's ref as its name."""
    if not round_.tally:
        return []
    runoff = set(round_.tally.get("runoff") or [])
    return [dict(r, in_runoff=r["ref"] in runoff) for r in round_.tally["results"]]


@login_required
@require_POST
def panel_draw(request: AccountRequest, panel_id: int) -> HttpResponse:
    panel = _panel(request, panel_id)
    form = DrawForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data

        def draw() -> object:
            return services.panel_draw(
                panel=panel,
                size=data["size"],
                reserves=data["reserves"],
                actor=request.user,
                seed=data["seed"] or None,
                occupations=tuple(split_names(data["occupations"])),
            )

        return _act(request, panel, draw, "已抽取评审专家", at="draw", forms={"draw": form})
    return _panel_page(request, panel, {"draw": form, "at": "draw"})


@login_required
@require_POST
def panel_pick(request: AccountRequest, panel_id: int) -> HttpResponse:
    panel = _panel(request, panel_id)
    experts = [(e.pk, e.name) for e in selectors.pool(panel.campaign.office).filter(active=True)]
    form = PickForm(request.POST, experts=experts)
    if form.is_valid():
        expert = Expert.objects.get(pk=form.cleaned_data["expert"])

        def pick() -> object:
            return services.member_pick(
                panel=panel, expert=expert, reason=form.cleaned_data["reason"], actor=request.user
            )

        return _act(request, panel, pick, f"已指定{expert.name}", at="pick", forms={"pick": form})
    return _panel_page(request, panel, {"pick": form, "at": "pick"})


@login_required
@require_POST
def panel_reserve(request: AccountRequest, panel_id: int) -> HttpResponse:
    panel = _panel(request, panel_id)
    form = ReserveForm(request.POST, members=_seated(panel))
    if form.is_valid():
        leaving = form.cleaned_data["member"]

        def call() -> object:
            return services.reserve_call(
                panel=panel,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                member=panel.members.get(pk=leaving) if leaving else None,
            )

        return _act(request, panel, call, "已递补备选专家", at="reserve", forms={"reserve": form})
    return _panel_page(request, panel, {"reserve": form, "at": "reserve"})


def _round(panel: Panel) -> Round:
    found = selectors.current_round(panel)
    if found is None:
        raise Http404("该评审组尚未开始评审")
    return found


@login_required
@require_POST
def round_open(request: AccountRequest, panel_id: int) -> HttpResponse:
    panel = _panel(request, panel_id)
    return _act(
        request,
        panel,
        lambda: services.round_open(panel=panel, actor=request.user),
        "已开始评审，专家可以评分（投票）",
        at="round",
    )


@login_required
@require_POST
def round_close(request: AccountRequest, panel_id: int) -> HttpResponse:
    panel = _panel(request, panel_id)
    current = _round(panel)
    return _act(
        request,
        panel,
        lambda: services.round_close(round=current, actor=request.user),
        "本轮评审已结束，计票结果见下",
        at="round",
    )


@login_required
@require_POST
def runoff_open(request: AccountRequest, panel_id: int) -> HttpResponse:
    panel = _panel(request, panel_id)
    current = _round(panel)
    return _act(
        request,
        panel,
        lambda: services.runoff_open(round=current, actor=request.user),
        "已开始对并列人选重新评审",
        at="round",
    )


@login_required
@require_POST
def panel_finish(request: AccountRequest, panel_id: int) -> HttpResponse:
    panel = _panel(request, panel_id)
    summary = request.FILES.get("summary")
    if summary is None:
        return _panel_page(
            request, panel, {"refused": "请上传评审专家签字的结果汇总表", "at": "finish"}
        )
    return _act(
        request,
        panel,
        lambda: services.panel_finish(panel=panel, summary=summary, actor=request.user),
        "评审已办结，人选已按评审结果进入下一环节",
        at="finish",
    )


def _act(
    request: AccountRequest,
    panel: Panel,
    action: Callable[[], object],
    done: str,
    *,
    at: str,
    forms: dict[str, Any] | None = None,
) -> HttpResponse:
    """Take the action; on a refusal show the panel again with the message beside the form
    (and what was typed kept), otherwise go back to it."""
    try:
        action()
    except ActionRefused as exc:
        return _panel_page(request, panel, {**(forms or {}), "refused": str(exc), "at": at})
    messages.success(request, done)
    return redirect("panel_detail", panel.pk)
