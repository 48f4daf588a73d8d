"""What a document is rendered from, built from the database: the applications' records
(masked as the actor sees them) and the :class:`DocumentContext` — each application's details,
photo and the opinions of the steps it has passed, read from the audit trail (the approving
entry of each review, panel and approval step, mapped onto the form's opinion boxes), and the
batch's data (the recommending unit or the office, its contact, the publicity it opened).
The download pages and the background jobs both render from here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone
from pydantic import ValidationError

from skillaward.audit.models import AuditEntry
from skillaward.base.clock import beijing_today
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import record_dict
from skillaward.core.chain import StepKind
from skillaward.core.idnumber import IdNumberError, parse_id_number
from skillaward.documents.catalogue import program
from skillaward.documents.context import ApplicantContext, BatchContext, DocumentContext, Opinion
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import (
    mask_account_number,
    mask_phone,
    masked_id_number,
    sees_personal_data,
)
from skillaward.publicity.models import Publicity

# The opinion boxes of each form layout (layouts.yaml), by the chain step whose approving
# entry fills it. A box no step fills (the leading group's of xingan, a self-nominee's own)
# stays blank for hand-filling.
OPINION_BOXES: dict[str, dict[StepKind, str]] = {
    "beijing-application": {
        "unit_review": "unit",
        "recommender_review": "supervisor",
        "office_review": "office",
        "panel": "experts",
    },
    "xingan-approval": {
        "unit_review": "unit",
        "recommender_review": "county",
        "office_review": "office",
        "panel": "experts",
        "approval": "talent",
    },
    "changchun-recommendation": {
        "unit_review": "unit",
        "recommender_review": "county",
        "panel": "city",
    },
    "liaocheng-application": {
        "recommender_review": "county",
        "office_review": "office",
        "panel": "committee",
    },
}
# Audit actions that pass an application on at its step (review, panel, approval).
APPROVING_ACTIONS = ("approve", "panel_selected", "approval_approve")
APPROVED = "同意。"  # an approval recorded without words


def _record(application: Application, personal: bool) -> dict[str, Any]:
    """The application's record, keyed by its id; the ID number masked unless ``personal``."""
    record = record_dict(application) | {"ref": str(application.pk)}
    if not personal and record.get("id_number"):
        try:  # the form still prints gender and birth date, read before masking
            identity = parse_id_number(str(record["id_number"]))
        except IdNumberError:
            pass
        else:
            record.setdefault("gender", identity.gender)
            record.setdefault("birth_date", identity.birth_date.isoformat())
        record["id_number"] = masked_id_number(str(record["id_number"]))
    return record


def valid_details(details: Mapping[str, Any]) -> dict[str, Any]:
    """The details a form can print: each field that is valid by itself (drafts keep
    anything typed; what is not valid yet is left blank)."""
    kept = {}
    for key, value in details.items():
        if key in ("photo", "opinions"):
            continue
        try:
            ApplicantContext.model_validate({key: value})
        except ValidationError:
            continue
        kept[key] = value
    return kept


def _applicant(
    application: Application,
    personal: bool,
    entries: Sequence[AuditEntry],
    boxes: Mapping[StepKind, str],
) -> ApplicantContext:
    details = valid_details(application.details)
    if not personal:
        if details.get("mobile"):
            details["mobile"] = mask_phone(details["mobile"])
        if details.get("bank_account"):
            details["bank_account"] = mask_account_number(details["bank_account"])
    photo = application.photo.path if application.photo else None
    return ApplicantContext.model_validate(
        details | {"photo": photo, "opinions": opinions(application, entries, boxes)}
    )


def opinions(
    application: Application, entries: Sequence[AuditEntry], boxes: Mapping[StepKind, str]
) -> dict[str, Opinion]:
    """The form's opinion boxes from the approving audit entries, the latest of each step."""
    workflow = application.campaign.workflow
    found: dict[str, Opinion] = {}
    for entry in entries:
        step = workflow.step(entry.from_stage)
        box = boxes.get(step.kind) if step is not None else None
        if box is not None and entry.action in APPROVING_ACTIONS:
            found[box] = Opinion(
                text=entry.reason or APPROVED, date=timezone.localdate(entry.at).isoformat()
            )
    return found


def latest_publicity(campaign: Campaign, organisation: Organisation) -> Publicity | None:
    return (
        Publicity.objects.filter(campaign=campaign, organisation=organisation)
        .order_by("-start_date", "-id")
        .first()
    )


def batch_context(
    campaign: Campaign,
    organisation: Organisation,
    actor: Account,
    publicity: Publicity | None = None,
) -> BatchContext:
    """The unit's (or office's) data for a list: name, contact, filler, date, and the dates of
    ``publicity`` (default: its latest)."""
    publicity = publicity or latest_publicity(campaign, organisation)
    return BatchContext(
        recommender=organisation.name,
        contact=organisation.contact or None,
        phone=organisation.phone or None,
        filler=str(actor),
        date=beijing_today().isoformat(),
        publicity_start=publicity.start_date.isoformat() if publicity else None,
        publicity_days=publicity.working_days if publicity else None,
        publicity_end=publicity.end_date.isoformat() if publicity else None,
    )


def document_inputs(
    campaign: Campaign,
    name: str,
    applications: Sequence[Application],
    *,
    actor: Account,
    batch: BatchContext | None = None,
    with_opinions: bool = False,
) -> tuple[list[dict[str, Any]], DocumentContext]:
    """The records (masked as ``actor`` sees them) and the context a document is rendered from."""
    document = program(campaign.program_id).document(name)
    boxes = OPINION_BOXES.get(document.layout or "", {})
    entries: dict[int, list[AuditEntry]] = {a.pk: [] for a in applications}
    if with_opinions and boxes:
        for entry in AuditEntry.objects.of_all(applications).filter(action__in=APPROVING_ACTIONS):
            entries[entry.subject_id].append(entry)
    personal = {a.pk: sees_personal_data(actor, a) for a in applications}
    context = DocumentContext(
        batch=batch or BatchContext(),
        applicants={
            str(a.pk): _applicant(a, personal[a.pk], entries[a.pk], boxes) for a in applications
        },
    )
    return [_record(a, personal[a.pk]) for a in applications], context
