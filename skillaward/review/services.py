"""Staff actions of the recommendation chain. Views, the command line and tests all call these.

Each function takes the acting account as ``actor``, refuses with a Chinese sentence in
:class:`ActionRefused` whatever the role, the stage, the organisation, the date or the quota
does not allow, and moves applications only through :func:`workflow.transition` (row locked,
stage re-checked, one audit entry per move). Actions on a whole campaign lock the campaign
row first, so that two of them never interleave (the last quota place, the same person sent
by two units at once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from django.core.files.base import File
from django.db import IntegrityError, transaction

from skillaward.audit.services import audit_record
from skillaward.audit.vocabulary import Action
from skillaward.base.errors import ActionRefused
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import overridden_clauses, require_open
from skillaward.campaigns.workflow import lock, record, require_actor, transition
from skillaward.core import chain
from skillaward.core.chain import REVIEW_KINDS, ChainStep, StepKind
from skillaward.core.idnumber import mask_id_number
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import (
    acts_at,
    can_view,
    is_office_staff,
    is_recommender_staff,
    office_of,
)
from skillaward.registry.services import awardee_register
from skillaward.review.models import Override, PanelLine, PanelResult
from skillaward.review.selectors import (
    SUBMIT_STAGE,
    effective_verdict,
    over_cap,
    recommendation_findings,
    waiting_at,
)

UNIT_OPINION_LIMIT = "unit_opinion"


# --- reviews: unit, recommending unit, office ------------------------------------------------


def _review_step(application: Application, actor: Account) -> ChainStep:
    """The review step the (locked) application waits at, if the actor may act there."""
    require_actor(actor, application)
    step = application.campaign.workflow.step(application.stage)
    if step is None or step.kind not in REVIEW_KINDS:
        raise ActionRefused(f"该申报当前处于“{application.stage_name}”环节，不是审核环节")
    return step


@transaction.atomic
def review_approve(
    *,
    application: Application,
    actor: Account,
    opinion: str = "",
    decision_record: File[bytes] | None = None,
) -> Application:
    """Pass the application at its review step, with the step's opinion, to the next step.

    At the work unit's review the opinion is limited by the programme (BJ24-21: 200 characters);
    the programme's step may require the collective-decision record uploaded (CC3-08) or a
    self-nominee's external investigation recorded (BJ6-12); at the office's review a failing
    finding must first be overridden (the exceptions "一般…" allows) or the application
    rejected.
    """
    current = lock(application)
    step = _review_step(current, actor)
    opinion = opinion.strip()
    limit = current.campaign.program.field_limits.get(UNIT_OPINION_LIMIT)
    if step.kind == "unit_review" and limit is not None:
        if not opinion:
            raise ActionRefused(f"请填写{limit.label}（{limit.clause}）")
        if len(opinion) > limit.max_chars:
            raise ActionRefused(
                f"{limit.label}限{limit.max_chars}字以内，现有{len(opinion)}字（{limit.clause}）"
            )
    if step.decision_record and decision_record is None:
        raise ActionRefused(f"请上传单位集体研究决定的记录（{step.clause}）")
    if step.investigation and current.channel == "self" and not current.external_investigation:
        raise ActionRefused(
            f"个人自荐人选须先记录外调考察情况，才能审核通过（{step.investigation}）"
        )
    if step.kind == "office_review":
        _require_eligible(current)
    to_stage = current.campaign.workflow.next_stage(step.id, current.channel)
    return transition(
        current,
        actor=actor,
        action="approve",
        to_stage=to_stage,
        reason=opinion,
        clause=step.clause,
        document=decision_record,
    )


def _require_eligible(application: Application) -> None:
    """Refuse a candidate whose failing finding the office has not overridden."""
    overridden = overridden_clauses(application)
    failing = [
        f["clause"]
        for f in application.findings
        if f["outcome"] == "fail" and f["clause"] not in overridden
    ]
    if failing:
        raise ActionRefused(
            f"“{application.name}”的资格初筛有不符合的条款（{'、'.join(failing)}），"
            "须先认定例外并记录理由，或不予通过"
        )


def _review_end(
    application: Application, actor: Account, reason: str, to_stage: str
) -> Application:
    current = lock(application)
    step = _review_step(current, actor)
    reason = reason.strip()
    if not reason:
        what = "退回" if to_stage == chain.RETURNED else "不予通过"
        raise ActionRefused(f"请填写{what}的理由")
    action = "return" if to_stage == chain.RETURNED else "reject"
    return transition(
        current, actor=actor, action=action, to_stage=to_stage, reason=reason, clause=step.clause
    )


@transaction.atomic
def review_return(*, application: Application, actor: Account, reason: str) -> Application:
    """Return the application to the applicant for correction; it is resubmitted from the start."""
    return _review_end(application, actor, reason, chain.RETURNED)


@transaction.atomic
def review_reject(*, application: Application, actor: Account, reason: str) -> Application:
    """Reject the application at its review step, with the reason."""
    return _review_end(application, actor, reason, chain.REJECTED)


# --- overrides of findings (the exceptions "一般…" allows) ----------------------------------


@transaction.atomic
def finding_override(
    *, application: Application, clause: str, reason: str, actor: Account
) -> Override:
    """The office accepts the application despite a failing finding, with a recorded reason."""
    current = lock(application)
    if not is_office_staff(actor) or not can_view(actor, current):
        raise ActionRefused("只有本评选办公室的工作人员可以认定资格例外")
    if current.campaign.workflow.step(current.stage) is None:
        raise ActionRefused(f"该申报当前处于“{current.stage_name}”环节，不能认定资格例外")
    failing = {f["clause"] for f in current.findings if f["outcome"] == "fail"}
    if clause not in failing:
        raise ActionRefused(f"条款{clause}的初筛结论不是“不符合”，无需认定例外")
    reason = reason.strip()
    if not reason:
        raise ActionRefused("请填写认定例外的理由")
    if current.overrides.filter(clause=clause).exists():
        raise ActionRefused(f"条款{clause}已认定过例外")
    override = Override.objects.create(
        application=current, clause=clause, reason=reason, actor=actor
    )
    verdict = current.verdict
    current.verdict = effective_verdict(current.findings, overridden_clauses(current))
    current.save(update_fields=["verdict", "updated_at"])
    record(
        current,
        actor=actor,
        action="override",
        reason=reason,
        clause=clause,
        before={"verdict": verdict},
        after={"verdict": current.verdict, "overridden": clause},
    )
    return override


# --- the recommending unit's ranked list -----------------------------------------------------


def _lock_campaign(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


@transaction.atomic
def recommendation_submit(
    *,
    campaign: Campaign,
    recommender: Organisation,
    ranked: Sequence[Application],
    actor: Account,
    today: date | None = None,
) -> list[Application]:
    """Send the unit's ranked list to the next step: before the deadline, within the quota.

    The campaign row stays locked until the end, so of two submissions racing for the last
    quota place, or sending the same person, the second sees the first and is refused.
    """
    if not is_recommender_staff(actor) or actor.organisation_id != recommender.pk:
        raise ActionRefused(f"只有“{recommender}”的经办人可以报送本单位的推荐名单")
    campaign = _lock_campaign(campaign)
    if recommender.parent_id != campaign.office_id:
        raise ActionRefused(f"“{recommender}”不是本次评选的推荐（归口）单位")
    step = campaign.workflow.step(SUBMIT_STAGE)
    if step is None:
        raise ActionRefused("本项目的推荐流程没有排序报送环节")
    require_open(campaign, today)
    ids = [a.pk for a in ranked]
    if not ids:
        raise ActionRefused("请至少选择一名报送人选并排序")
    if len(set(ids)) != len(ids):
        raise ActionRefused("同一申报在名单中出现了两次")
    found = (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign", "recommender")
        .in_bulk(ids)
    )
    applications = [found[pk] for pk in ids if pk in found]
    if len(applications) != len(ids):
        raise ActionRefused("名单中有申报不存在")
    for application in applications:
        if application.campaign_id != campaign.pk or application.recommender_id != recommender.pk:
            raise ActionRefused(f"“{application.name}”不是本单位在本次评选中的推荐人选")
        if application.stage != SUBMIT_STAGE:
            raise ActionRefused(
                f"“{application.name}”当前处于“{application.stage_name}”环节，不能报送"
            )
    _refuse_taken(campaign, applications)
    failures = [
        f
        for f in recommendation_findings(
            campaign=campaign, recommender=recommender, candidates=applications
        ).findings
        if f.outcome == "fail"
    ]
    if failures:
        raise ActionRefused(
            "不能报送：" + "；".join(f"{f.subject}：{f.message}（{f.clause}）" for f in failures)
        )
    people = [a.id_number for a in applications]
    twice = {a.name for a in applications if people.count(a.id_number) > 1}
    if twice:
        raise ActionRefused(f"同一人在名单中出现了两次：{'、'.join(sorted(twice))}")
    start = Application.objects.filter(
        campaign=campaign, recommender=recommender, submitted_person__isnull=False
    ).count()
    sent = []
    for rank, application in enumerate(applications, start=start + 1):
        application.rank = rank
        application.submitted_person = application.id_number
        try:
            with transaction.atomic():
                application.save(update_fields=["rank", "submitted_person", "updated_at"])
        except IntegrityError:
            raise ActionRefused(_taken_message(application, "其他单位")) from None
        to_stage = campaign.workflow.next_stage(step.id, application.channel)
        sent.append(
            transition(
                application,
                actor=actor,
                action="recommendation_submit",
                to_stage=to_stage,
                reason=f"推荐排序第{rank}位",
                clause=step.clause,
            )
        )
    return sent


def _taken_message(application: Application, by: str) -> str:
    person = f"{application.name}（{mask_id_number(application.id_number)}）"
    return f"{person}已由“{by}”报送，同一人不得重复推荐"


def _refuse_taken(campaign: Campaign, applications: Sequence[Application]) -> None:
    people = {a.id_number: a for a in applications}
    taken = (
        Application.objects.filter(campaign=campaign, submitted_person__in=list(people))
        .exclude(pk__in=[a.pk for a in applications])
        .select_related("recommender")
        .first()
    )
    if taken is not None:
        raise ActionRefused(_taken_message(people[taken.id_number], taken.recommender.name))


# --- steps on a whole campaign: panel, approval, announcement -------------------------------


def _campaign_step(
    campaign: Campaign, actor: Account, kind: StepKind
) -> tuple[Campaign, ChainStep]:
    """The campaign, locked, and its step of ``kind``, if the actor acts there."""
    campaign = _lock_campaign(campaign)
    step = campaign.workflow.step(kind)
    if step is None:
        raise ActionRefused(f"本项目的推荐流程没有“{chain.STEP_NAMES[kind]}”环节")
    office = office_of(actor)
    if not acts_at(actor, step) or office is None or office.pk != campaign.office_id:
        raise ActionRefused(f"“{step.title}”应由本评选活动的{chain.ROLE_NAMES[step.role]}办理")
    return campaign, step


# The stored score has 7 digits, 2 after the point (PanelLine.score).
MAX_SCORE = Decimal("100000")


@dataclass(frozen=True)
class PanelLineInput:
    """One candidate's line of the panel's signed sheet."""

    application: Application
    rank: int
    selected: bool
    score: Decimal | None = None
    votes: int | None = None


@transaction.atomic
def panel_record(
    *,
    campaign: Campaign,
    award_id: str,
    method: str,
    members: int,
    lines: Sequence[PanelLineInput],
    sheet: File[bytes] | None,
    actor: Account,
) -> PanelResult:
    """Record an offline panel's result for one award; the selected move on, the rest end.

    Every candidate waiting at the panel for the award has one line; the ranks follow the
    scores (or votes); the selected are the top lines, no more than the award's quota (差额);
    a tie across the selection line is refused: the tied candidates are voted on again.
    """
    campaign, step = _campaign_step(campaign, actor, "panel")
    program = campaign.program
    try:
        award = program.award(award_id)
    except KeyError:
        raise ActionRefused("本项目没有该奖项") from None
    if method not in PanelResult.Method.values:
        raise ActionRefused("请选择评审方式（评分或投票）")
    if members < 1:
        raise ActionRefused("请填写应到评委人数")
    if sheet is None:
        raise ActionRefused("请上传评委签字的评审结果表")
    if PanelResult.objects.filter(campaign=campaign, award_id=award.id).exists():
        raise ActionRefused(f"{award.name}的专家评审结果已经录入")
    waiting = {a.pk: a for a in waiting_at(campaign, step.id, award_id=award.id)}
    if not waiting:
        raise ActionRefused(f"{award.name}没有等待专家评审的人选")
    given = [line.application.pk for line in lines]
    strangers = [line.application.name for line in lines if line.application.pk not in waiting]
    if strangers:
        raise ActionRefused(f"不在{award.name}专家评审环节的人选：{'、'.join(strangers)}")
    missing = [a.name for pk, a in waiting.items() if pk not in given]
    if missing or len(given) != len(set(given)):
        raise ActionRefused(f"每名人选须录入一行结果，缺少或重复：{'、'.join(missing) or '见名单'}")
    ordered = sorted(lines, key=lambda line: line.rank)
    if [line.rank for line in ordered] != list(range(1, len(ordered) + 1)):
        raise ActionRefused(f"名次须为1至{len(ordered)}，且不重复")
    values = [_panel_value(line, method, members) for line in ordered]
    what = "得分" if method == PanelResult.Method.SCORE else "得票"
    for rank, (higher, lower) in enumerate(pairwise(values), start=1):
        if lower > higher:
            raise ActionRefused(f"第{rank + 1}名的{what}高于第{rank}名，名次与{what}不一致")
    chosen = sum(line.selected for line in ordered)
    if any(line.selected for line in ordered[chosen:]):
        raise ActionRefused("建议入选人选须按名次从前往后确定")
    quota = award.quota or program.quotas.total
    if chosen > quota:
        raise ActionRefused(
            f"建议入选{chosen}人，超过{award.name}名额{quota}人（{program.quotas.clause}）"
        )
    over = over_cap(program, [waiting[line.application.pk] for line in ordered[:chosen]])
    if over:
        raise ActionRefused(over)
    if 0 < chosen < len(ordered) and values[chosen - 1] == values[chosen]:
        raise ActionRefused(
            f"第{chosen}名与第{chosen + 1}名{what}相同（{values[chosen]}），并列于入选线上，"
            "请组织评委对并列人选重新投票后再录入"
        )
    result = PanelResult(
        campaign=campaign, award_id=award.id, method=method, members=members, recorded_by=actor
    )
    result.sheet.save(sheet.name or "sheet", sheet, save=False)
    result.save()
    PanelLine.objects.bulk_create(
        PanelLine(
            result=result,
            application=line.application,
            rank=line.rank,
            score=line.score if method == PanelResult.Method.SCORE else None,
            votes=line.votes if method == PanelResult.Method.VOTE else None,
            selected=line.selected,
        )
        for line in ordered
    )
    audit_record(
        result,
        actor=actor,
        action=Action.PANEL_RECORD,
        clause=step.clause,
        after={
            "award_id": award.id,
            "method": method,
            "members": members,
            "lines": [
                {"application": line.application.pk, "rank": line.rank, "value": value}
                for line, value in zip(ordered, values, strict=True)
            ],
            "selected": [line.application.pk for line in ordered if line.selected],
        },
        document=result.sheet,
    )
    for line, value in zip(ordered, values, strict=True):
        application = waiting[line.application.pk]
        to_stage = (
            campaign.workflow.next_stage(step.id, application.channel)
            if line.selected
            else chain.NOT_SELECTED
        )
        transition(
            application,
            actor=actor,
            action="panel_selected" if line.selected else "panel_not_selected",
            to_stage=to_stage,
            reason=f"{award.name}专家评审第{line.rank}名，{what}{value}",
            clause=step.clause,
        )
    return result


def _panel_value(line: PanelLineInput, method: str, members: int) -> Decimal | int:
    if method == PanelResult.Method.SCORE:
        if line.score is None:
            raise ActionRefused(f"请填写“{line.application.name}”的得分")
        if not (line.score.is_finite() and 0 <= line.score < MAX_SCORE):
            raise ActionRefused(
                f"“{line.application.name}”的得分须为0至{MAX_SCORE - Decimal('0.01')}之间的数字"
            )
        return line.score
    if line.votes is None or not 0 <= line.votes <= members:
        raise ActionRefused(f"“{line.application.name}”的得票须在0至{members}之间")
    return line.votes


def _move_all(
    campaign: Campaign, step: ChainStep, actor: Account, action: str
) -> list[Application]:
    waiting = list(waiting_at(campaign, step.id))
    if not waiting:
        raise ActionRefused(f"没有等待“{step.title}”的人选")
    workflow = campaign.workflow
    return [
        transition(
            application,
            actor=actor,
            action=action,
            to_stage=workflow.next_stage(step.id, application.channel),
            clause=step.clause,
        )
        for application in waiting
    ]


@transaction.atomic
def approval_approve(*, campaign: Campaign, actor: Account) -> list[Application]:
    """The leading group approves every candidate waiting for its approval."""
    campaign, step = _campaign_step(campaign, actor, "approval")
    return _move_all(campaign, step, actor, "approval_approve")


@transaction.atomic
def result_announce(*, campaign: Campaign, actor: Account) -> list[Application]:
    """Announce the result: every candidate waiting for it is awarded and enters the registry."""
    campaign, step = _campaign_step(campaign, actor, "announcement")
    for application in waiting_at(campaign, step.id):
        awardee_register(application=application, actor=actor)
    return _move_all(campaign, step, actor, "result_announce")
