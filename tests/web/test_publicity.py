"""Publicity periods and objections (BJ6-13, BJ24-08, CC3-08/09/10, XA24-14, LC19-11/13).

The helpers at the top bring applications along their chain through the real services, each
step by the account whose role acts there; the registry tests use them too.
"""

from __future__ import annotations

from django.utils import timezone

from skillaward.campaigns.models import Application
from skillaward.campaigns.services import application_submit
from skillaward.organisations.models import Account
from skillaward.organisations.permissions import can_act
from skillaward.review.workflow import transition
from tests.web.factories import World, draft, jpeg, reference_day


def submitted(w: World, *, who: str = "applicant", **start: object) -> Application:
    """A submitted application of ``who`` (photo, signed pledge), at its chain's first step."""
    application = draft(w, who=who, **start)
    application.photo.save("photo.jpg", jpeg(), save=False)
    application.pledged_at = timezone.now()
    application.save(update_fields=["photo", "pledged_at"])
    return application_submit(application=application, actor=w.account(who), today=reference_day(w))


def actor_at(w: World, application: Application) -> Account:
    """The world's account that may move ``application`` out of the stage it is in."""
    return next(a for a in w.accounts.values() if can_act(a, application))


def advance(w: World, application: Application, stage: str) -> Application:
    """Move ``application`` step by step along its chain until it waits at ``stage``."""
    workflow = application.campaign.workflow
    while application.stage != stage:
        application = transition(
            application,
            actor=actor_at(w, application),
            action="approve",
            to_stage=workflow.next_stage(application.stage, application.channel),
        )
    return application


def at_stage(w: World, stage: str, *, who: str = "applicant", **start: object) -> Application:
    return advance(w, submitted(w, who=who, **start), stage)
