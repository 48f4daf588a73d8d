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
from skillaward.campaigns.workflow import transition
from skillaward.organisations.models import Account
from skillaward.review.services import REVIEW_KINDS, recommendation_submit, review_approve
from tests.builders import applicant
from tests.web.factories import World, draft, jpeg, reference_day

# The action that passes an application on at each kind of step.
PASSING = {
    "unit_review": "approve",
    "recommender_review": "approve",
    "office_review": "approve",
    "recommender_submit": "recommendation_submit",
    "publicity": "publicity_pass",
    "panel": "panel_selected",
    "approval": "approval_approve",
    "announcement": "result_announce",
}


def pdf(name: str = "decision.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%signed\n", content_type="application/pdf")


def submitted(
    w: World,
    *,
    who: str = "applicant",
    serial: int = 12,
    data: dict[str, Any] | None = None,
    **start: Any,
) -> Application:
    """A complete application of ``who`` (``data``, or the valid record of person ``serial``),
    submitted to the first step of its chain."""
    record = applicant(w.program_id, serial=serial) if data is None else data
    application = draft(w, who=who, data=record, **start)
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


def advance(w: World, application: Application, *, plain: bool = False) -> Application:
    """Move the application one step on, as the role acting at its stage would.

    ``plain``: by a bare audited transition at every step (many candidates of one unit
    reach the panel without meeting the unit's quota).
    """
    workflow = application.campaign.workflow
    step = workflow.step(application.stage)
    assert step is not None, application.stage
    actor = staff(w, application, step.role)
    if plain:
        to_stage = workflow.next_stage(step.id, application.channel)  # type: ignore[arg-type]
        return transition(application, actor=actor, action=PASSING[step.kind], to_stage=to_stage)
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
    return advance(w, application, plain=True)


def at_stage(w: World, stage: str, *, plain: bool = False, **options: Any) -> Application:
    application = submitted(w, **options)
    while application.stage != stage:
        application = advance(w, application, plain=plain)
    return application
