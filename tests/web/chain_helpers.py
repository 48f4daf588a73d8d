"""Applications at any stage of their chain, moved there through the real services.

``submitted(w)`` is a draft of the world's applicant, submitted inside the window;
``at_stage(w, stage)`` walks it on: review steps by :func:`review_approve`, the ranked list by
:func:`recommendation_submit`, the other steps (publicity, panel, approval) by a plain audited
transition of the role that acts there. ``serial`` makes another person.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from skillaward.campaigns.models import Application
from skillaward.campaigns.services import application_submit
from skillaward.organisations.models import Account
from skillaward.review.services import REVIEW_KINDS, recommendation_submit, review_approve
from skillaward.review.workflow import transition
from tests.builders import applicant
from tests.web.factories import World, draft, jpeg, reference_day


def pdf(name: str = "decision.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%signed\n", content_type="application/pdf")


def submitted(w: World, *, who: str = "applicant", serial: int = 12, **start: Any) -> Application:
    """A complete application of ``who``, submitted to the first step of its chain."""
    application = draft(w, who=who, data=applicant(w.program_id, serial=serial), **start)
    application.photo.save("photo.jpg", jpeg(), save=False)
    application.pledged_at = timezone.now()
    application.save()
    return application_submit(application=application, actor=w.account(who), today=reference_day(w))


def staff(w: World, application: Application, role: str) -> Account:
    """The account of ``role`` that handles the application (the other unit's for theirs)."""
    other = application.recommender_id == w.other_recommender.pk
    if other and role in ("unit_staff", "recommender_staff"):
        return w.account(f"other_{role}")
    return w.account(role)


def advance(w: World, application: Application) -> Application:
    """Move the application one step on, as the role acting at its stage would."""
    workflow = application.campaign.workflow
    step = workflow.step(application.stage)
    assert step is not None, application.stage
    actor = staff(w, application, step.role)
    if step.kind in REVIEW_KINDS:
        return review_approve(
            application=application, actor=actor, opinion="同意推荐", decision_record=pdf()
        )
    if step.kind == "recommender_submit":
        (moved,) = recommendation_submit(
            campaign=application.campaign,
            recommender=application.recommender,
            ranked=[application],
            actor=actor,
            today=reference_day(w),
        )
        return moved
    to_stage = workflow.next_stage(step.id, application.channel)  # type: ignore[arg-type]
    return transition(application, actor=actor, action=f"test_{step.kind}", to_stage=to_stage)


def at_stage(w: World, stage: str, **options: Any) -> Application:
    application = submitted(w, **options)
    while application.stage != stage:
        application = advance(w, application)
    return application
