"""Reads of campaigns and applications that span models, shared by pages, the command line
and the documents: what an account sees, and how many applications wait at each stage."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from pydantic import ValidationError

from skillaward.audit.vocabulary import Action
from skillaward.base.clock import beijing_today
from skillaward.base.errors import ActionRefused
from skillaward.campaigns.forms_rules import form_problems
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.uploads import uploadable
from skillaward.core import chain
from skillaward.core.engine import Screener
from skillaward.core.program import Material, Program
from skillaward.core.record import (
    ApplicantRecord,
    FieldError,
    RecordInvalid,
    field_errors,
    validate_record,
)
from skillaward.core.report import Finding, Verdict, verdict_of
from skillaward.documents.context import ApplicantContext
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import (
    application_scope,
    campaign_scope,
    is_applicant,
    worked_stages,
)
from skillaward.registry.selectors import honours_of


def visible_campaigns(account: Account | AnonymousUser) -> QuerySet[Campaign]:
    scope = campaign_scope(account)
    return Campaign.objects.none() if scope is None else Campaign.objects.filter(scope)


def visible_applications(account: Account) -> QuerySet[Application]:
    """The applications an account may open (permissions.application_scope)."""
    scope = application_scope(account)
    return Application.objects.none() if scope is None else Application.objects.filter(scope)


def stage_counts(
    account: Account, campaign: Campaign, counts: dict[str, int] | None = None
) -> list[tuple[str, str, int]]:
    """(stage id, stage name, count) of what the account sees of ``campaign``, in the order
    of the chain, then the closed stages; stages with none are left out. ``counts``: the
    account's ``counts_by_stage`` when the caller has read them already."""
    counts = counts_by_stage(account, campaign) if counts is None else counts
    order = [step.id for step in campaign.workflow.steps]
    order += [chain.RETURNED, chain.REJECTED, chain.NOT_SELECTED, chain.AWARDED]
    return [
        (stage, chain.stage_name(campaign.workflow, stage), counts[stage])
        for stage in order
        if counts.get(stage)
    ]


def counts_by_stage(account: Account, campaign: Campaign) -> dict[str, int]:
    """How many applications of ``campaign`` the account sees at each stage."""
    return cached_while_unchanged(
        campaign,
        f"stage-counts:{account.pk}",
        lambda: dict(
            visible_applications(account)
            .filter(campaign=campaign)
            .values_list("stage")
            .annotate(n=Count("id"))
            .order_by()
        ),
    )


T = TypeVar("T")
COUNTS_CACHED_SECONDS = 600


def cached_while_unchanged(campaign: Campaign, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` (counts over a whole campaign) cached under the time of the campaign's
    latest change: every save and every transition sets ``updated_at``, so while nothing
    has changed this reads one index entry instead of one per application (100,000)."""
    changed = Application.objects.filter(campaign=campaign).aggregate(at=Max("updated_at"))["at"]
    key = f"{name}:{campaign.pk}:{changed.isoformat() if changed else ''}"
    found: T | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, COUNTS_CACHED_SECONDS)
    return found


def counts_by_campaign_and_stage(account: Account) -> dict[tuple[int, str], int]:
    """How many applications the account sees, by (campaign key, stage)."""
    rows = (
        visible_applications(account)
        .values_list("campaign", "stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(campaign, stage): n for campaign, stage, n in rows}


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
    honours = honours_of(id_number)
    return {id_number: honours} if honours else {}


# The details that come from elsewhere: the photo upload and the audit trail's opinions.
DETAILS_NOT_TYPED = ("photo", "opinions")


# Numbers typed as text: the record's messages leave these to pydantic's English.
DETAIL_MESSAGES = {"int_parsing": "应为整数", "int_from_float": "应为整数"}


DETAIL_FORMATS = {
    "mobile": (re.compile(r"1\d{10}"), "手机号码应为11位数字，以1开头"),
    "postcode": (re.compile(r"\d{6}"), "邮政编码应为6位数字"),
    "email": (re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"), "电子邮箱格式不对，应如 name@example.com"),
    "bank_account": (re.compile(r"\d{12,19}"), "银行账号应为12至19位数字，不含空格"),
}


def details_problems(details: Mapping[str, Any]) -> list[FieldError]:
    """The errors of an application's details, by ``details.<field>``, in Chinese.

    The details are :class:`ApplicantContext` without the photo and the opinions; phone
    numbers, postcode, e-mail and bank account are also checked for their format.
    """
    problems = [
        FieldError(f"details.{key}", "不能在此填写") for key in DETAILS_NOT_TYPED if key in details
    ]
    try:
        ApplicantContext.model_validate(
            {k: v for k, v in details.items() if k not in DETAILS_NOT_TYPED}
        )
    except ValidationError as exc:
        problems += [
            FieldError(f"details.{e.field}", DETAIL_MESSAGES.get(raw["type"], e.message))
            for raw, e in zip(exc.errors(include_url=False), field_errors(exc), strict=True)
        ]
    for key, (pattern, message) in DETAIL_FORMATS.items():
        value = details.get(key)
        if isinstance(value, str) and value and not pattern.fullmatch(value):
            problems.append(FieldError(f"details.{key}", message))
    return problems


def overridden_clauses(application: Application) -> set[str]:
    """Clauses the office accepted despite a failing finding (review.Override)."""
    return {o.clause for o in application.overrides.all()} if application.pk else set()


def verdict_with_overrides(application: Application, findings: list[Finding]) -> Verdict:
    """The verdict, the office's overrides counted; they are read only when a finding fails."""
    failing = any(f.outcome == "fail" for f in findings)
    return verdict_of(findings, overridden_clauses(application) if failing else ())


def submission_errors(application: Application) -> list[FieldError]:
    """What the form requires beyond the record: pledge, photo, form limits, work history,
    details in their formats."""

    return form_problems(application) + details_problems(application.details)


def applicant_materials(program: Program) -> list[Material]:
    """The materials of the programme that applicants upload themselves."""
    return [m for m in program.materials if uploadable(m)]


def application_record(application: Application) -> dict[str, Any]:
    """The submitted application as an interchange applicant record (nothing lost)."""
    return validate_record(record_dict(application)).to_json_dict()


def require_open(campaign: Campaign, today: date | None) -> None:
    day = today or beijing_today()
    if campaign.accepts_material_on(day):
        return
    phase = campaign.submission_phase()
    clause = f"（{phase.clause}）" if phase.clause else ""
    if day > phase.end:
        raise ActionRefused(f"{phase.name}已于{phase.end:%Y年%m月%d日}截止，逾期不予受理{clause}")
    raise ActionRefused(
        f"材料只在{phase.start:%Y年%m月%d日}至{phase.end:%Y年%m月%d日}期间受理，"
        f"现在尚未开始{clause}"
    )


# The applicant's own doings; every other entry about an application is a decision or an
# opinion of someone else, and the applicant is shown it.
APPLICANT_OWN_ACTIONS = frozenset(
    {
        Action.DRAFT_CREATE,
        Action.DRAFT_SAVE,
        Action.SUBMIT,
        Action.PLEDGE,
        Action.FILE_UPLOAD,
        Action.FILE_DELETE,
    }
)


@dataclass(frozen=True)
class Decision:
    """One opinion or decision about an application, as its applicant is shown it."""

    at: datetime
    action: str
    action_name: str
    who: str  # the person, the role and the organisation that acted
    reason: str
    clause: str
    stage_name: str  # where the application was
    to_stage_name: str  # where it went ("" when it did not move)
    version: int  # the submission it is about (0: before the first)

    @property
    def returned(self) -> bool:
        return self.action == Action.RETURN


def decisions(application: Application) -> list[Decision]:
    """Every opinion, return and decision about the application, oldest first, with the
    submission (ApplicationVersion number) it concerns."""
    workflow = application.campaign.workflow
    found: list[Decision] = []
    version = 0
    for entry in application.audit_entries.exclude(action=Action.DRAFT_SAVE):
        if entry.action == Action.SUBMIT:
            version += 1
        if entry.action in APPLICANT_OWN_ACTIONS:
            continue
        role = chain.ROLE_NAMES.get(entry.role, "")  # type: ignore[call-overload]
        who = "·".join(p for p in (entry.organisation, role, entry.actor_name) if p)
        found.append(
            Decision(
                at=entry.at,
                action=entry.action,
                action_name=entry.action_name,
                who=who,
                reason=entry.reason,
                clause=entry.clause,
                stage_name=chain.stage_name(workflow, entry.from_stage) if entry.from_stage else "",
                to_stage_name=chain.stage_name(workflow, entry.to_stage) if entry.to_stage else "",
                version=version,
            )
        )
    return found


def last_return(found: list[Decision]) -> Decision | None:
    """The latest return for correction, if the application is back with its applicant."""
    return next((d for d in reversed(found) if d.returned), None)


@dataclass(frozen=True)
class Deadline:
    """A date by which something waits for the account, with the days left."""

    campaign: Campaign
    what: str
    end: date
    clause: str
    days_left: int  # 0: the last day is today

    @property
    def left(self) -> str:
        if self.days_left == 0:
            return "今天截止"
        return f"还剩{self.days_left}天"


def deadlines(account: Account, campaigns: list[Campaign], today: date) -> list[Deadline]:
    """What the account must have done by a date of a visible campaign's timeline, soonest
    first: an applicant, the application window (CC3-15, BJ24-11); staff, the phases whose
    steps (the programme's ``timeline.steps``) their role works at. Past dates are left out."""
    found = []
    for campaign in campaigns:
        if is_applicant(account):
            phases = [campaign.submission_phase()]
        else:
            steps = set(worked_stages(campaign.workflow, account))
            declared = {p.id: set(p.steps) for p in campaign.program.timeline}
            phases = [p for p in campaign.timeline() if declared.get(p.id, set()) & steps]
        found += [
            Deadline(campaign, p.name, p.end, p.clause or "", (p.end - today).days)
            for p in phases
            if p.end >= today
        ]
    return sorted(found, key=lambda d: (d.end, d.campaign.pk))
