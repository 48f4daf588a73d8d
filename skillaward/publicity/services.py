"""Publicity periods and the objections received in them (BJ6-13, BJ24-08, CC3-08/09/10,
XA24-14, LC19-11, LC19-13).

A publicity step of a programme's chain is held by the organisation whose role acts there (the
work unit, the recommending unit or the office): it publicises the applications waiting at the
step for the programme's number of working days, anyone may object while it runs, the holder
settles every objection, and after the last day closes it: an upheld objection rejects the
application, the others go on to the next step of their chain.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from skillaward.audit.services import audit_record
from skillaward.audit.vocabulary import Action
from skillaward.base.clock import beijing_today
from skillaward.base.errors import ActionRefused, require_acceptable_text
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import visible_applications
from skillaward.campaigns.workflow import record, transition
from skillaward.core import chain
from skillaward.core.chain import ChainStep
from skillaward.core.workdays import CalendarDataMissing
from skillaward.holidays.selectors import HolidaysMissing, platform_calendar
from skillaward.organisations.models import Account
from skillaward.publicity.models import Objection, Publicity
from skillaward.publicity.selectors import (
    in_open_publicity,
    next_working_day,
    publicity_rule,
    publicity_step,
    require_step_role,
    waiting,
)

OBJECTION_MAX_CHARS = 2000
NAME_MAX_CHARS = Objection._meta.get_field("name").max_length or 0
CONTACT_MAX_CHARS = Objection._meta.get_field("contact").max_length or 0


def _dates(start: date, working_days: int) -> date:
    try:
        return platform_calendar().publicity_end(start, working_days)
    except CalendarDataMissing as exc:
        raise HolidaysMissing("无法计算公示结束日期", exc) from None


def _refuse_others(campaign: Campaign, step: ChainStep, actor: Account, pks: set[int]) -> None:
    """Why some of the chosen applications are not the actor's to publicise now."""
    application = (
        Application.objects.filter(pk__in=pks).select_related("campaign").order_by("pk").first()
    )
    if application is None:
        raise ActionRefused("所选申报不存在")
    if not visible_applications(actor).filter(campaign=campaign, pk=application.pk).exists():
        raise ActionRefused(f"无权公示{application.name}的申报：不属于本单位")
    raise ActionRefused(
        f"{application.name}的申报处于“{application.stage_name}”环节，不在“{campaign.workflow.title(step)}”环节"
    )


@transaction.atomic
def publicity_open(
    *,
    campaign: Campaign,
    step_id: str,
    actor: Account,
    start: date | None = None,
    applications: Iterable[Application] | None = None,
    today: date | None = None,
) -> Publicity:
    """Publicise the actor's applications waiting at ``step_id`` (or the given ones).

    The period starts on ``start`` (default: the next working day, Beijing), never before
    today: it is counted from the day the notice is public, and lasts the programme's number
    of working days, holidays and make-up working days counted.
    """
    day = today or beijing_today()
    if start is not None and start < day:
        raise ActionRefused(
            f"公示开始日期不能早于今天（{day:%Y年%m月%d日}）：公示期从公示实际发布之日起计算"
        )
    step = publicity_step(campaign, step_id)
    title = campaign.workflow.title(step)
    own = waiting(campaign, step_id, actor).select_for_update(of=("self",))
    if applications is None:
        chosen = list(own.exclude(pk__in=in_open_publicity(step.id)))
        if not chosen and own.exists():
            raise ActionRefused(f"等待“{title}”的申报均已在公示中，不能重复公示")
    else:
        wanted = {a.pk for a in applications}
        chosen = list(own.filter(pk__in=wanted))
        if len(chosen) < len(wanted):
            _refuse_others(campaign, step, actor, wanted - {a.pk for a in chosen})
        already = in_open_publicity(step.id).filter(pk__in=wanted).values_list("name", flat=True)
        if already:
            raise ActionRefused(f"{'、'.join(sorted(already))}已在公示中，不能重复公示")
    if not chosen:
        raise ActionRefused(f"没有等待“{title}”的申报")
    rule = publicity_rule(campaign, step.id)
    first = start or next_working_day(day)
    last = _dates(first, rule.working_days)
    holder = actor.organisation
    if holder is None:
        raise ActionRefused("账号未隶属任何单位，不能发起公示")
    publicity = Publicity.objects.create(
        campaign=campaign,
        step=step.id,
        organisation=holder,
        title=f"{campaign.name}{rule.name}",
        start_date=first,
        end_date=last,
        working_days=rule.working_days,
        created_by=actor,
    )
    publicity.applications.set(chosen)
    reason = (
        f"{rule.name}：{first:%Y年%m月%d日}至{last:%Y年%m月%d日}（{rule.working_days}个工作日）"
    )
    audit_record(
        publicity,
        actor=actor,
        action=Action.PUBLICITY_OPEN,
        reason=reason,
        clause=rule.clause,
        after={
            "step": publicity.step,
            "start_date": first,
            "end_date": last,
            "working_days": rule.working_days,
            "applications": [a.pk for a in chosen],
        },
    )
    for application in chosen:
        record(application, actor=actor, action="publicity_open", reason=reason, clause=rule.clause)
    return publicity


def _locked(publicity: Publicity) -> Publicity:
    """The publicity again, locked until the transaction ends (PostgreSQL): objections, their
    resolution and the closing wait for each other."""
    return (
        Publicity.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=publicity.pk)
    )


@transaction.atomic
def objection_submit(
    *,
    publicity: Publicity,
    application: Application,
    text: str,
    name: str,
    contact: str,
    today: date | None = None,
) -> Objection:
    """An objection from anyone (no login), only while the period runs (Beijing dates), under
    the objector's real name with a contact (the notices ask 实名); it gets a reference number
    with which the objector looks up the outcome (:func:`objection_lookup`)."""
    publicity = _locked(publicity)
    day = today or beijing_today()
    if publicity.closed_at is not None or day > publicity.end_date:
        raise ActionRefused(f"公示已于{publicity.end_date:%Y年%m月%d日}结束，不再受理异议")
    if day < publicity.start_date:
        raise ActionRefused(f"公示自{publicity.start_date:%Y年%m月%d日}开始，届时方可提出异议")
    if not publicity.applications.filter(pk=application.pk).exists():
        raise ActionRefused("该人选不在本次公示名单中")
    text = text.strip()
    if not text:
        raise ActionRefused("请填写异议内容")
    if len(text) > OBJECTION_MAX_CHARS:
        raise ActionRefused(f"异议内容限{OBJECTION_MAX_CHARS}字以内，现有{len(text)}字")
    name, contact = name.strip(), contact.strip()
    if not name:
        raise ActionRefused("请填写您的真实姓名（公示要求实名反映）")
    if not contact:
        raise ActionRefused("请填写联系方式（电话或邮箱），以便核实和查询处理结果")
    if len(name) > NAME_MAX_CHARS:
        raise ActionRefused(f"姓名限{NAME_MAX_CHARS}字以内")
    if len(contact) > CONTACT_MAX_CHARS:
        raise ActionRefused("联系方式过长，请只填写电话或邮箱")
    require_acceptable_text(text, name, contact)
    if any(
        _same_words(text, earlier)
        for earlier in publicity.objections.filter(application=application).values_list(
            "text", flat=True
        )
    ):
        raise ActionRefused("已收到对该人选内容相同的异议，公示单位将一并核查，无需重复提交")
    objection = Objection.objects.create(
        publicity=publicity,
        application=application,
        text=text,
        name=name,
        contact=contact,
        reference=_new_reference(),
    )
    audit_record(
        objection,
        actor=None,
        action=Action.OBJECTION_SUBMIT,
        after={"publicity": publicity.pk, "application": application.pk},
    )
    record(application, actor=None, action="objection_submit", reason="公示期间收到异议")
    return objection


# Letters and digits no one misreads (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _new_reference() -> str:
    """YY and ten random characters: not guessable, so that with the contact it shows one
    objection's outcome to its objector only."""
    while True:
        reference = "YY" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
        if not Objection.objects.filter(reference=reference).exists():
            return reference


def _same_words(one: str, other: str) -> bool:
    """Whether two objections say the same, whatever their spacing, punctuation or width."""

    def words(text: str) -> str:
        folded = unicodedata.normalize("NFKC", text).casefold()
        return "".join(c for c in folded if c.isalnum())

    return words(one) == words(other)


def _require_holder(publicity: Publicity, actor: Account) -> None:
    step = publicity_step(publicity.campaign, publicity.step)
    require_step_role(publicity.campaign, step, actor)
    if actor.organisation_id != publicity.organisation_id:
        raise ActionRefused("只有组织本次公示的单位可以处理")
    if publicity.closed_at is not None:
        raise ActionRefused("本次公示已办结")


@transaction.atomic
def objection_resolve(
    *, objection: Objection, upheld: bool, resolution: str, actor: Account
) -> Objection:
    """The holder's finding on an objection (upheld or not) and what was checked."""
    publicity = _locked(objection.publicity)
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=objection.pk)
    )
    objection.publicity = publicity
    _require_holder(publicity, actor)
    if objection.upheld is not None:
        raise ActionRefused("该异议已处理")
    resolution = resolution.strip()
    if not resolution:
        raise ActionRefused("请填写核查处理结果")
    objection.upheld = upheld
    objection.resolution = resolution
    objection.handled_by = actor
    objection.save(update_fields=["upheld", "resolution", "handled_by"])
    audit_record(
        objection,
        actor=actor,
        action=Action.OBJECTION_RESOLVE,
        reason=resolution,
        before={"upheld": None},
        after={"upheld": upheld, "resolution": resolution},
    )
    record(
        objection.application,
        actor=actor,
        action="objection_resolve",
        reason=f"异议{'成立' if upheld else '不成立'}：{resolution}",
    )
    return objection


@transaction.atomic
def publicity_close(
    *, publicity: Publicity, actor: Account, today: date | None = None
) -> Publicity:
    """After the last day: reject the applications with an upheld objection, pass the others."""
    publicity = _locked(publicity)
    _require_holder(publicity, actor)
    day = today or beijing_today()
    # The last working day by today's calendar: a holiday schedule uploaded since the opening
    # may have moved it later, never earlier.
    last = max(publicity.end_date, _dates(publicity.start_date, publicity.working_days))
    if day <= last:
        raise ActionRefused(f"公示期至{last:%Y年%m月%d日}，期满后（次日起）方可办结")
    objections = list(publicity.objections.all())
    open_count = sum(1 for o in objections if o.upheld is None)
    if open_count:
        raise ActionRefused(f"还有{open_count}条异议尚未处理，处理后方可办结")
    upheld: dict[int, list[str]] = {}
    for objection in objections:
        if objection.upheld:
            upheld.setdefault(objection.application_id, []).append(objection.resolution)
    workflow = publicity.campaign.workflow
    clause = publicity_rule(publicity.campaign, publicity.step).clause
    for application in publicity.applications.filter(stage=publicity.step).select_related(
        "campaign"
    ):
        if application.pk in upheld:
            transition(
                application,
                actor=actor,
                action="publicity_reject",
                to_stage=chain.REJECTED,
                reason="公示异议成立：" + "；".join(upheld[application.pk]),
                clause=clause,
            )
        else:
            transition(
                application,
                actor=actor,
                action="publicity_pass",
                to_stage=workflow.next_stage(application.stage, application.channel),
                reason=f"公示期满（{publicity.end_date:%Y年%m月%d日}），无成立的异议",
                clause=clause,
            )
    publicity.closed_at = timezone.now()
    publicity.save(update_fields=["closed_at"])
    audit_record(
        publicity,
        actor=actor,
        action=Action.PUBLICITY_CLOSE,
        clause=clause,
        before={"closed_at": None},
        after={"closed_at": publicity.closed_at, "rejected": sorted(upheld)},
    )
    return publicity


__all__ = [
    "objection_resolve",
    "objection_submit",
    "publicity_close",
    "publicity_open",
    "waiting",
]
