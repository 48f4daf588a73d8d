"""Reads of publicity: its steps and rules, who waits for it, what is publicised now."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from skillaward.base.errors import ActionRefused
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import visible_applications
from skillaward.core import chain
from skillaward.core.chain import ChainStep
from skillaward.core.program import Publicity as PublicityRule
from skillaward.core.workdays import CalendarDataMissing
from skillaward.holidays.selectors import HolidaysMissing, platform_calendar
from skillaward.organisations.models import Account
from skillaward.organisations.permissions import acts_at
from skillaward.publicity.models import Objection, Publicity


def publicity_step(campaign: Campaign, step_id: str) -> ChainStep:
    """The chain's publicity step ``step_id`` (e.g. ``publicity_unit``); refused otherwise."""
    step = campaign.workflow.step(step_id)
    if step is None or step.kind != "publicity":
        raise ActionRefused("本评选的推荐流程中没有这个公示环节")
    return step


def publicity_rule(campaign: Campaign, step_id: str) -> PublicityRule:
    """The programme's publicity of that step: name, working days, clause."""
    return campaign.program.publicity_for(publicity_step(campaign, step_id).stage)  # type: ignore[arg-type]


def waiting(campaign: Campaign, step_id: str, actor: Account) -> QuerySet[Application]:
    """The actor's organisation's applications waiting at the publicity step."""
    step = publicity_step(campaign, step_id)
    require_step_role(campaign, step, actor)
    return visible_applications(actor).filter(campaign=campaign, stage=step.id)


def next_working_day(day: date) -> date:
    calendar = platform_calendar()
    day += timedelta(days=1)
    try:
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
    except CalendarDataMissing as exc:
        raise HolidaysMissing("无法确定公示开始日期", exc) from None
    return day


def in_open_publicity(step_id: str) -> QuerySet[Application]:
    return Application.objects.filter(
        publicities__step=step_id, publicities__closed_at__isnull=True
    )


def require_step_role(campaign: Campaign, step: ChainStep, actor: Account) -> None:
    if not acts_at(actor, step) or actor.organisation_id is None:
        title = campaign.workflow.title(step)
        raise ActionRefused(f"“{title}”应由{chain.ROLE_NAMES[step.role]}组织")


def objection_lookup(reference: str, contact: str) -> Objection | None:
    """The objection with this reference number, if the contact is the one it was filed with
    (spaces and case aside); None otherwise, whichever of the two is wrong."""
    found = (
        Objection.objects.filter(reference=reference.strip().upper())
        .select_related("publicity", "application")
        .first()
    )
    if found is None or _folded(found.contact) != _folded(contact):
        return None
    return found


def _folded(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


@dataclass(frozen=True)
class Held:
    """An open publicity of the account's organisation: its last day and objections to answer."""

    publicity: Publicity
    days_left: int  # negative: past its last day, waiting to be closed
    new_objections: int


def held_publicities(account: Account, today: date) -> list[Held]:
    """The publicities the account's organisation holds and has not closed, soonest end first."""
    if account.organisation_id is None:
        return []
    open_ = (
        Publicity.objects.filter(organisation=account.organisation_id, closed_at__isnull=True)
        .select_related("campaign")
        .annotate(new=Count("objections", filter=Q(objections__upheld__isnull=True)))
        .order_by("end_date", "id")
    )
    return [
        Held(p, (p.end_date - today).days, p.new)
        for p in open_
        if acts_at(account, publicity_step(p.campaign, p.step))
    ]
