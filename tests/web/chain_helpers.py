"""Applications at any stage of their chain, moved there through the real services.

``submitted(w)`` is a draft of the world's applicant, submitted inside the window;
``at_stage(w, stage)`` walks it on through the services of each step (see :func:`advance`).
``serial`` makes another person.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from skillaward.campaigns.models import Application
from skillaward.campaigns.services import application_photo, application_pledge, application_submit
from skillaward.campaigns.workflow import transition
from skillaward.organisations.models import Account
from skillaward.publicity.services import publicity_close, publicity_open
from skillaward.review.selectors import ranks_sent
from skillaward.review.services import (
    REVIEW_KINDS,
    ApprovalDecision,
    PanelLineInput,
    approval_decide,
    panel_record,
    recommendation_submit,
    result_announce,
    review_approve,
)
from tests.builders import applicant
from tests.web.factories import World, draft, photo_for, reference_day

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
    actor = w.account(who)
    if application.campaign.program.photo is not None:
        application_photo(application=application, actor=actor, upload=photo_for(w.program_id))
    application_pledge(application=application, actor=actor)
    return application_submit(application=application, actor=actor, today=reference_day(w))


def staff(w: World, application: Application, role: str) -> Account:
    """The account of ``role`` that handles the application (the other unit's for theirs)."""
    other = application.recommender_id == w.other_recommender.pk
    if other and role in ("unit_staff", "recommender_staff"):
        return w.account(f"other_{role}")
    return w.account(role)


def advance(w: World, application: Application, *, plain: bool = False) -> Application:
    """Move the application one step on, as the role acting at its stage would.

    Every step through its real service: reviews, the ranked list, a publicity of this one
    candidate opened and closed after its last day, a panel that selects it, approval and
    announcement. ``plain``: by a bare audited transition at every step instead, for the
    tests that put more candidates of one unit before the panel than its quota lets through
    the ranked list (the transition still allows only the moves the chain declares).
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
            application=application,
            actor=actor,
            opinion="同意推荐",
            decision_record=pdf(),
            failing_seen=True,
        )
    if step.kind == "recommender_submit":
        after = ranks_sent(campaign=application.campaign, recommender=application.recommender)
        (moved,) = recommendation_submit(
            campaign=application.campaign,
            recommender=application.recommender,
            ranked=[(after + 1, application)],
            confirmed=True,
            actor=actor,
            today=reference_day(w),
        )
        return moved
    campaign = application.campaign
    if step.kind == "publicity":
        opened = publicity_open(
            campaign=campaign, step_id=step.id, actor=actor, applications=[application]
        )
        publicity_close(publicity=opened, actor=actor, today=opened.end_date + timedelta(days=1))
    elif step.kind == "panel":
        line = PanelLineInput(application, rank=1, selected=True, votes=7)
        panel_record(
            campaign=campaign,
            award_id=application.award_id,
            method="vote",
            members=7,
            lines=[line],
            sheet=pdf("签字表.pdf"),
            actor=actor,
        )
    elif step.kind == "approval":
        approval_decide(
            campaign=campaign,
            decisions=[ApprovalDecision(application, True, "同意")],
            minutes=pdf("会议纪要.pdf"),
            actor=actor,
        )
    elif step.kind == "announcement":
        result_announce(campaign=campaign, actor=actor)
    application.refresh_from_db()
    return application


def at_stage(w: World, stage: str, *, plain: bool = False, **options: Any) -> Application:
    application = submitted(w, **options)
    while application.stage != stage:
        application = advance(w, application, plain=plain)
    return application
