"""Campaign and application actions. Views, the command line and tests all call these.

Each function takes the acting account as ``actor`` and refuses, with a Chinese sentence in
:class:`ActionRefused`, whatever the actor's role, the stage or the date does not allow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from skillaward.campaigns.models import Application, Campaign
from skillaward.core import chain
from skillaward.core.engine import Screener
from skillaward.core.program import Phase, Program, find_program
from skillaward.core.record import ApplicantRecord, FieldError, RecordInvalid, validate_record
from skillaward.core.report import Finding, verdict_of
from skillaward.core.rules import CHANNEL_NAMES
from skillaward.organisations.models import Account, Organisation
from skillaward.review.workflow import ActionRefused, record, transition


def beijing_today() -> date:
    """Today in Asia/Shanghai: phases open and close on Beijing dates, whatever the server."""
    return timezone.localdate()


def _require_role(actor: Account, *roles: str) -> None:
    if actor.role not in roles:
        raise ActionRefused("当前账号的角色无权进行此操作")


# --- campaigns ------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    program_id: str,
    actor: Account,
    name: str | None = None,
    phases: Iterable[Mapping[str, Any]] | None = None,
    reference_date: date | None = None,
) -> Campaign:
    """A campaign of a programme for the actor's office, with this edition's dates.

    ``phases`` gives the edition's dates for the programme's phases by id (start, end); the
    programme's own dates stand for any phase left out. The reference date defaults to the
    end of the submission phase (clauses.md, interpretation notes).
    """
    _require_role(actor, "office_staff")
    office = actor.organisation
    if office is None or office.kind != Organisation.Kind.OFFICE:
        raise ActionRefused("只有评选办公室的工作人员可以创建评选活动")
    program = find_program(program_id)
    timeline = edition_timeline(program, phases or ())
    submission_end = next(p.end for p in timeline if p.submission)
    return Campaign.objects.create(
        program_id=program.id,
        name=name or program.name,
        office=office,
        reference_date=reference_date or submission_end,
        phases=[p.model_dump(mode="json") for p in timeline],
        created_by=actor,
    )


def edition_timeline(program: Program, changes: Iterable[Mapping[str, Any]]) -> list[Phase]:
    by_id = {str(change.get("id")): change for change in changes}
    unknown = set(by_id) - {p.id for p in program.timeline}
    if unknown:
        raise ActionRefused(f"项目没有这些阶段：{'、'.join(sorted(unknown))}")
    timeline = []
    for phase in program.timeline:
        change = by_id.get(phase.id, {})
        values = phase.model_dump() | {k: v for k, v in change.items() if k in ("start", "end")}
        try:
            timeline.append(Phase.model_validate(values))
        except ValidationError as exc:
            reason = "；".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
            raise ActionRefused(f"阶段“{phase.name}”的日期有误：{reason}") from None
    return timeline


# --- applications ---------------------------------------------------------------------------


def recommenders_for(campaign: Campaign) -> list[Organisation]:
    """The recommending units of the campaign's office whose type the programme admits."""
    types = campaign.program.nomination.recommender_types
    return list(
        Organisation.objects.filter(
            parent=campaign.office_id,
            kind=Organisation.Kind.RECOMMENDER,
            recommender_type__in=types,
        )
    )


@transaction.atomic
def application_start(
    *,
    campaign: Campaign,
    actor: Account,
    award_id: str | None,
    channel: str,
    recommender: Organisation,
    unit: Organisation | None = None,
    today: date | None = None,
) -> Application:
    """A new draft. Refuses a channel the programme does not allow (BJ24-07)."""
    _require_role(actor, "applicant")
    program = campaign.program
    _require_open(campaign, today)
    allowed = program.nomination.channels
    if channel not in allowed:
        names = "、".join(CHANNEL_NAMES[c] for c in allowed)
        raise ActionRefused(
            f"本项目不接受“{CHANNEL_NAMES.get(channel, channel)}”，只接受{names}"
            f"（{program.nomination.clause}）"
        )
    try:
        award = program.award(award_id)
    except KeyError:
        raise ActionRefused("请选择申报的奖项") from None
    if recommender.parent_id != campaign.office_id or recommender.recommender_type not in (
        program.nomination.recommender_types
    ):
        raise ActionRefused(f"“{recommender}”不是本次评选的推荐（归口）单位")
    if channel == "unit":
        if unit is None:
            raise ActionRefused("单位推荐须选择所在单位")
        if unit.parent_id != recommender.pk:
            raise ActionRefused(f"“{unit}”不属于“{recommender}”")
    elif unit is not None and unit.parent_id != recommender.pk:
        raise ActionRefused(f"“{unit}”不属于“{recommender}”")
    return Application.objects.create(
        campaign=campaign,
        applicant=actor,
        unit=unit,
        recommender=recommender,
        award_id=award.id,
        channel=channel,
        data={},
    )


def _require_open(campaign: Campaign, today: date | None) -> None:
    day = today or beijing_today()
    if campaign.accepts_material_on(day):
        return
    phase = campaign.submission_phase()
    clause = f"（{phase.clause}）" if phase.clause else ""
    if day > phase.end:
        raise ActionRefused(f"{phase.name}已于{phase.end:%Y年%m月%d日}截止，逾期不予受理{clause}")
    raise ActionRefused(
        f"材料只在{phase.start:%Y年%m月%d日}至{phase.end:%Y年%m月%d日}期间受理，"  # type: ignore[union-attr]
        f"现在尚未开始{clause}"
    )


def _require_own_editable(application: Application, actor: Account) -> None:
    if actor.role != "applicant" or application.applicant_id != actor.pk:
        raise ActionRefused("只能修改本人的申报")
    if application.stage not in (chain.DRAFT, chain.RETURNED):
        raise ActionRefused("申报已提交，不能再修改；如需修改请联系所在单位退回")


def record_dict(application: Application, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The applicant record: the form's data plus what the application itself fixes."""
    values = dict(application.data if data is None else data)
    program = application.campaign.program
    values["program"] = program.id
    if len(program.awards) > 1:
        values["award"] = application.award_id
    nomination = dict(values.get("nomination") or {})
    nomination["channel"] = application.channel
    nomination["recommender"] = application.recommender.name
    nomination["recommender_type"] = application.recommender.recommender_type
    values["nomination"] = nomination
    return values


def screening(
    application: Application, data: Mapping[str, Any] | None = None
) -> tuple[ApplicantRecord | None, list[FieldError], list[Finding]]:
    """The record, its field errors and the engine's findings, for the live panel."""
    try:
        parsed = validate_record(record_dict(application, data))
    except RecordInvalid as exc:
        return None, exc.errors, []
    campaign = application.campaign
    screener = Screener(
        campaign.program,
        as_of=campaign.reference_date,
        registry=registry_for(parsed.identity.number),
    )
    return parsed, [], screener.judge(parsed, application.award_id)


def registry_for(id_number: str) -> dict[str, list[Any]]:
    """Past awardees' honours for one person, from the registry of announced campaigns."""
    from skillaward.registry.services import honours_of

    honours = honours_of(id_number)
    return {id_number: honours} if honours else {}


@transaction.atomic
def application_save(
    *, application: Application, actor: Account, data: Mapping[str, Any]
) -> Application:
    """Save the draft as it is, incomplete or not: nothing the applicant typed is lost."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_own_editable(application, actor)
    application.data = dict(data)
    application.name = str(data.get("name") or "")[:60]
    raw_id = str(data.get("id_number") or "").strip().upper()
    application.id_number = raw_id[:18]
    parsed, _, findings = screening(application)
    application.findings = [f.to_dict() for f in findings]
    application.verdict = verdict_of(findings) if parsed else ""
    if parsed is not None:
        application.id_number = parsed.identity.number
    application.save()
    return application


class ApplicationIncomplete(ActionRefused):
    """Submission refused because of field errors; ``errors`` says which fields."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("申报信息不完整或有误：" + "；".join(e.message for e in errors[:5]))
        self.errors = errors


@transaction.atomic
def application_submit(
    *, application: Application, actor: Account, today: date | None = None
) -> Application:
    """Submit the application to the first step of its chain (refused outside the window)."""
    application = (
        Application.objects.select_for_update()
        .select_related("campaign", "recommender")
        .get(pk=application.pk)
    )
    _require_own_editable(application, actor)
    _require_open(application.campaign, today)
    errors = submission_errors(application)
    if errors:
        raise ApplicationIncomplete(errors)
    parsed, field_problems, findings = screening(application)
    if parsed is None:
        raise ApplicationIncomplete(field_problems)
    application.data = parsed.to_json_dict()
    application.id_number = parsed.identity.number
    application.findings = [f.to_dict() for f in findings]
    application.verdict = verdict_of(findings)
    application.submitted_at = timezone.now()
    application.save()
    to_stage = application.campaign.workflow.first_stage(application.channel)  # type: ignore[arg-type]
    return transition(application, actor=actor, action="submit", to_stage=to_stage)


def submission_errors(application: Application) -> list[FieldError]:
    """What the form requires beyond the record: pledge, photo, form limits, work history."""
    from skillaward.campaigns.forms_rules import form_problems

    return form_problems(application)


def application_record(application: Application) -> dict[str, Any]:
    """The submitted application as an interchange applicant record (nothing lost)."""
    return validate_record(record_dict(application)).to_json_dict()


__all__ = [
    "ActionRefused",
    "application_record",
    "application_save",
    "application_start",
    "application_submit",
    "campaign_create",
    "recommenders_for",
    "record",
    "screening",
]
