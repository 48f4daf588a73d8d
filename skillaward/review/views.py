"""Staff pages of the chain: worklists, the candidate page, and one form per action.

Views parse input, call one service, and show its refusal as a message; who may see what is
decided by ``organisations.permissions`` and, for actions, by the services themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillaward.base.errors import ActionRefused
from skillaward.base.forms import refused_with_files
from skillaward.base.lists import filter_fields, list_page
from skillaward.campaigns.forms import read_only
from skillaward.campaigns.links import step_pages
from skillaward.campaigns.lists import application_list, unit_quotas
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import counts_by_stage, visible_campaigns
from skillaward.campaigns.views.lists import candidate_url
from skillaward.core import chain
from skillaward.core.chain import REVIEW_KINDS, ChainStep, StepKind
from skillaward.core.report import OUTCOME_NAMES
from skillaward.documents.offers import form_documents
from skillaward.organisations import permissions
from skillaward.organisations.models import Organisation
from skillaward.organisations.permissions import can_act, can_view, sees_personal_data
from skillaward.organisations.requests import AccountRequest
from skillaward.review import selectors, services
from skillaward.review.selectors import audit_trail, worklist


@login_required
def review_worklist(request: AccountRequest) -> HttpResponse:
    """What waits for the account (review, ranked list, publicity …), filtered by the query."""
    if not permissions.is_staff_member(request.user):
        raise PermissionDenied("待办列表只对审核、评审人员开放")
    chosen = request.GET.get("campaign", "")
    campaign = (
        visible_campaigns(request.user).filter(pk=chosen).first() if chosen.isdigit() else None
    )
    found = application_list(
        request.user, worklist(request.user, campaign), request.GET, campaign, url=candidate_url
    )
    download = reverse("list_download", args=["worklist"])
    count = None
    if campaign is not None:
        worked = permissions.worked_stages(campaign.workflow, request.user)
        count = found.form.count_from(counts_by_stage(request.user, campaign), worked)
    listed = list_page(
        found.applications,
        found.listing,
        request.GET,
        download=f"{download}?campaign={campaign.pk}" if campaign else download,
        count=count,
    )
    recommender = found.form.recommender_id()
    context = {
        "list": listed,
        "campaign": campaign,
        "filters": filter_fields(found.form),
        "keep": [("campaign", campaign.pk)] if campaign else [],
        "quotas": unit_quotas(campaign, recommender) if campaign and recommender else [],
    }
    return render(request, "review/worklist.html", context)


def _visible_application(request: AccountRequest, pk: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("campaign", "recommender", "unit"), pk=pk
    )
    if not can_view(request.user, application):
        raise Http404
    return application


@login_required
def candidate_detail(request: AccountRequest, pk: int) -> HttpResponse:
    return _candidate_page(request, _visible_application(request, pk))


def _candidate_page(
    request: AccountRequest, application: Application, typed: dict[str, str] | None = None
) -> HttpResponse:
    """The candidate's page; after a refused decision, with what was typed in its form."""
    user = request.user
    step = application.campaign.workflow.step(application.stage)
    # The step the user acts on here, if any.
    acting = step if step is not None and can_act(user, application) else None
    overridable = permissions.is_office_staff(user) and step is not None
    findings = selectors.findings_shown(application)
    for finding in findings:
        finding["outcome_name"] = OUTCOME_NAMES.get(finding["outcome"], finding["outcome"])
    context = {
        "application": application,
        "record": application.data,
        "findings": findings,
        "attachments": application.attachments.all(),
        "trail": audit_trail(application),
        "step": step,
        "review": acting is not None and acting.kind in REVIEW_KINDS,
        # Before the office's review, passing a failed screening needs the unit's confirmation.
        "failing": selectors.failing_findings(application)
        if acting is not None and acting.kind in REVIEW_KINDS and acting.kind != "office_review"
        else [],
        "typed": typed or {},
        "needs_decision": step is not None and step.decision_record,
        "opinion_limit": application.campaign.program.field_limits.get(services.UNIT_OPINION_LIMIT)
        if step is not None and step.kind == "unit_review"
        else None,
        "overridable": overridable,
        "documents": form_documents(application.campaign.program_id),
        "record_sections": read_only(application, personal=sees_personal_data(user, application)),
        # Steps done on a list rather than one by one (publicity, ranked list, panel, …).
        "step_pages": step_pages(application.campaign, acting)
        if acting is not None and acting.kind not in REVIEW_KINDS
        else [],
    }
    return render(request, "review/candidate_detail.html", context)


DECISIONS: dict[str, Callable[..., Application]] = {
    "approve": services.review_approve,
    "return": services.review_return,
    "reject": services.review_reject,
}
DONE = {"approve": "已审核通过", "return": "已退回申报人修改", "reject": "已作不予通过处理"}


@login_required
@require_POST
def review_decide(request: AccountRequest, pk: int, decision: str) -> HttpResponse:
    application = _visible_application(request, pk)
    try:
        if decision == "approve":
            services.review_approve(
                application=application,
                actor=request.user,
                opinion=request.POST.get("opinion", ""),
                decision_record=request.FILES.get("decision_record"),
                failing_seen=request.POST.get("failing_seen") == "yes",
            )
        else:
            DECISIONS[decision](
                application=application, actor=request.user, reason=request.POST.get("reason", "")
            )
    except ActionRefused as refused:
        messages.error(request, refused_with_files(str(refused), request.FILES))
        typed = {
            "decision": decision,
            "opinion": request.POST.get("opinion", ""),
            "reason": request.POST.get("reason", ""),
            "failing_seen": request.POST.get("failing_seen", ""),
        }
        return _candidate_page(request, _visible_application(request, pk), typed)
    messages.success(request, f"{application.name}：{DONE[decision]}")
    return redirect("candidate_detail", pk=application.pk)


@login_required
@require_POST
def finding_override(request: AccountRequest, pk: int) -> HttpResponse:
    application = _visible_application(request, pk)
    clause = request.POST.get("clause", "")
    try:
        services.finding_override(
            application=application,
            clause=clause,
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
    except ActionRefused as refused:
        messages.error(request, str(refused))
        typed = {"override_clause": clause, "override_reason": request.POST.get("reason", "")}
        return _candidate_page(request, _visible_application(request, pk), typed)
    messages.success(request, f"条款{clause}已认定例外")
    return redirect("candidate_detail", pk=application.pk)


# --- pages of a whole campaign --------------------------------------------------------------


def _campaign_step(
    request: AccountRequest, campaign_id: int, kind: StepKind
) -> tuple[Campaign, ChainStep]:
    campaign = get_object_or_404(visible_campaigns(request.user), pk=campaign_id)
    step = campaign.workflow.step(kind)
    if step is None:
        raise Http404("本项目的推荐流程没有该环节")
    if not permissions.acts_at(request.user, step):
        raise PermissionDenied(f"“{step.title}”应由{chain.ROLE_NAMES[step.role]}办理")
    return campaign, step


def _own_recommender(request: AccountRequest) -> Organisation:
    organisation = request.user.organisation
    if organisation is None or organisation.kind != Organisation.Kind.RECOMMENDER:
        raise PermissionDenied("只有推荐（归口）单位的经办人可以报送推荐名单")
    return organisation


def _typed_ranks(
    candidates: list[Application], typed: dict[int, str]
) -> list[tuple[int, Application]]:
    """The candidates given a rank, as (rank, candidate) in rank order; a rank that is not a
    whole number from 1 on is refused."""
    ranked = []
    for application in candidates:
        rank = typed[application.pk]
        if not rank:
            continue
        if not (rank.isascii() and rank.isdigit()) or int(rank) < 1:
            raise ActionRefused(f"“{application.name}”的排序须填1、2、3……这样的整数")
        ranked.append((int(rank), application))
    return sorted(ranked, key=lambda pair: pair[0])


@login_required
def recommendation(request: AccountRequest, campaign_id: int) -> HttpResponse:
    """The unit ranks its candidates; a confirmation page shows the list as it will go (quota,
    the engine's findings), and only its confirmation sends it."""
    campaign, step = _campaign_step(request, campaign_id, "recommender_submit")
    recommender = _own_recommender(request)
    candidates = list(
        selectors.recommendation_candidates(campaign=campaign, recommender=recommender)
    )
    typed = {a.pk: request.POST.get(f"rank_{a.pk}", "").strip() for a in candidates}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    sent_before = selectors.ranks_sent(campaign=campaign, recommender=recommender)
    context: dict[str, object] = {
        "campaign": campaign,
        "step": step,
        "quotas": selectors.recommender_quotas(campaign, recommender),
        "sent_before": sent_before,
        "batch_clauses": [rule.clause for rule in campaign.program.batch_rules],
    }
    if action in ("preview", "confirm"):
        try:
            ranked = _typed_ranks(candidates, typed)
            if action == "confirm":
                sent = services.recommendation_submit(
                    campaign=campaign,
                    recommender=recommender,
                    ranked=ranked,
                    confirmed=request.POST.get("confirmed") == "yes",
                    actor=request.user,
                )
                messages.success(request, f"已报送{len(sent)}名人选")
                return redirect("recommendation", campaign_id=campaign.pk)
            if not ranked:
                raise ActionRefused("请至少为一名人选填写排序")
            problem = selectors.rank_problem([rank for rank, _ in ranked], sent_before)
            if problem is not None:
                raise ActionRefused(problem)
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            return _recommendation_confirm(request, context, ranked)
    shown = [a for a in candidates if typed[a.pk]] or candidates
    outcome = selectors.recommendation_findings(
        campaign=campaign, recommender=recommender, candidates=shown
    )
    position = {a.pk: i for i, a in enumerate(shown)}
    context["rows"] = [
        {
            "application": a,
            "rank": typed[a.pk],
            "findings": outcome.by_record.get(position[a.pk], []) if a.pk in position else [],
        }
        for a in candidates
    ]
    context["batch"] = outcome.findings
    context["previewing"] = shown is not candidates
    return render(request, "review/recommendation.html", context)


def _recommendation_confirm(
    request: AccountRequest, context: dict[str, object], ranked: list[tuple[int, Application]]
) -> HttpResponse:
    campaign = context["campaign"]
    assert isinstance(campaign, Campaign)
    outcome = selectors.recommendation_findings(
        campaign=campaign,
        recommender=_own_recommender(request),
        candidates=[a for _, a in ranked],
    )
    context["rows"] = [
        {"rank": rank, "application": a, "findings": outcome.by_record.get(i, [])}
        for i, (rank, a) in enumerate(ranked)
    ]
    context["batch"] = outcome.findings
    context["failing"] = any(f.outcome == "fail" for f in outcome.findings)
    return render(request, "review/recommendation_confirm.html", context)


def _panel_lines(
    request: AccountRequest, candidates: list[Application], method: str
) -> list[services.PanelLineInput]:
    lines: list[services.PanelLineInput] = []
    for application in candidates:
        raw_rank = request.POST.get(f"rank_{application.pk}", "").strip()
        raw_value = request.POST.get(f"value_{application.pk}", "").strip()
        if not raw_rank.isdigit():
            raise ActionRefused(f"请填写“{application.name}”的名次")
        try:
            value = Decimal(raw_value) if raw_value else None
        except InvalidOperation:
            raise ActionRefused(f"“{application.name}”的得分或得票不是数字") from None
        if value is not None and not value.is_finite():
            raise ActionRefused(f"“{application.name}”的得分或得票不是有限的数字")
        if method == "vote" and value is not None and value != value.to_integral_value():
            raise ActionRefused(f"“{application.name}”的得票须为整数")
        lines.append(
            services.PanelLineInput(
                application,
                rank=int(raw_rank),
                selected=request.POST.get(f"selected_{application.pk}") == "on",
                score=value if method == "score" else None,
                votes=int(value) if method == "vote" and value is not None else None,
            )
        )
    return lines


@login_required
def panel_record(request: AccountRequest, campaign_id: int, award_id: str) -> HttpResponse:
    """The offline panel's signed result; a refused one comes back with every rank, score and
    choice as typed (the file input alone cannot be refilled: the message says so)."""
    campaign, step = _campaign_step(request, campaign_id, "panel")
    try:
        award = campaign.program.award(award_id)
    except KeyError:
        raise Http404 from None
    candidates = list(selectors.waiting_at(campaign, step.id, award_id=award.id))
    method = request.POST.get("method", "")
    members = request.POST.get("members", "").strip()
    if request.method == "POST":
        try:
            services.panel_record(
                campaign=campaign,
                award_id=award.id,
                method=method,
                members=int(members) if members.isascii() and members.isdigit() else 0,
                lines=_panel_lines(request, candidates, method),
                sheet=request.FILES.get("sheet"),
                actor=request.user,
            )
        except ActionRefused as refused:
            messages.error(request, refused_with_files(str(refused), request.FILES))
        else:
            messages.success(request, f"{award.name}的专家评审结果已录入")
            return redirect("panel_record", campaign_id=campaign.pk, award_id=award.id)
    rows = [
        {
            "application": a,
            "rank": request.POST.get(f"rank_{a.pk}", ""),
            "value": request.POST.get(f"value_{a.pk}", ""),
            "selected": request.POST.get(f"selected_{a.pk}") == "on",
        }
        for a in candidates
    ]
    context = {
        "campaign": campaign,
        "step": step,
        "award": award,
        "rows": rows,
        "method": method,
        "members": members,
    }
    return render(request, "review/panel.html", context)


@login_required
def approval(request: AccountRequest, campaign_id: int) -> HttpResponse:
    """The leading group's decision on each candidate, with an opinion, and its minutes."""
    campaign, step = _campaign_step(request, campaign_id, "approval")
    waiting = list(selectors.waiting_at(campaign, step.id))
    typed = {
        a.pk: (
            request.POST.get(f"decision_{a.pk}", ""),
            request.POST.get(f"opinion_{a.pk}", ""),
        )
        for a in waiting
    }
    if request.method == "POST":
        try:
            undecided = [a.name for a in waiting if typed[a.pk][0] not in ("approve", "decline")]
            if undecided:
                raise ActionRefused(f"请对{'、'.join(undecided)}选择同意或不同意")
            moved = services.approval_decide(
                campaign=campaign,
                decisions=[
                    services.ApprovalDecision(a, typed[a.pk][0] == "approve", typed[a.pk][1])
                    for a in waiting
                ],
                minutes=request.FILES.get("minutes"),
                actor=request.user,
            )
        except ActionRefused as refused:
            messages.error(request, refused_with_files(str(refused), request.FILES))
        else:
            approved = sum(a.stage != chain.REJECTED for a in moved)
            messages.success(
                request,
                f"“{step.title}”已办理：同意{approved}人，不同意{len(moved) - approved}人",
            )
            return redirect(request.path)
    rows = [
        {"application": a, "decision": typed[a.pk][0], "opinion": typed[a.pk][1]} for a in waiting
    ]
    return render(
        request, "review/approval.html", {"campaign": campaign, "step": step, "rows": rows}
    )


@login_required
def announcement(request: AccountRequest, campaign_id: int) -> HttpResponse:
    """The result announced: every candidate waiting (the approved only) with one button."""
    campaign, step = _campaign_step(request, campaign_id, "announcement")
    if request.method == "POST":
        try:
            moved = services.result_announce(campaign=campaign, actor=request.user)
        except ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"“{step.title}”已办理，共{len(moved)}人")
        return redirect(request.path)
    waiting = selectors.waiting_at(campaign, step.id)
    return render(
        request,
        "review/campaign_step.html",
        {"campaign": campaign, "step": step, "waiting": waiting},
    )
