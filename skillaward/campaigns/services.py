"""Campaign and application actions. Views, the command line and tests all call these.

Each function takes the acting account as ``actor`` and refuses, with a Chinese sentence in
:class:`ActionRefused`, whatever the actor's role, the stage or the date does not allow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from pydantic import ValidationError

from skillaward.audit.services import audit_record, changed_fields
from skillaward.audit.vocabulary import Action
from skillaward.base.errors import ActionRefused, require_acceptable_text
from skillaward.campaigns.models import Application, ApplicationVersion, Attachment, Campaign
from skillaward.campaigns.selectors import (
    applicant_materials,
    application_record,
    details_problems,
    recommenders_for,
    require_open,
    screening,
    submission_errors,
    verdict_with_overrides,
)
from skillaward.campaigns.uploads import MAX_FILES_PER_APPLICATION, check_attachment, check_photo
from skillaward.campaigns.workflow import lock, record, transition
from skillaward.core import chain
from skillaward.core.idnumber import IdNumberError, mask_id_number, parse_id_number
from skillaward.core.program import Phase, Program, find_program
from skillaward.core.record import (
    FieldError,
)
from skillaward.core.rules import CHANNEL_NAMES
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import (
    can_view,
    is_applicant,
    is_office_staff,
    is_recommender_staff,
)


def _require(allowed: bool) -> None:
    if not allowed:
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
    _require(is_office_staff(actor))
    office = actor.organisation
    if office is None or office.kind != Organisation.Kind.OFFICE:
        raise ActionRefused("只有评选办公室的工作人员可以创建评选活动")
    program = find_program(program_id)
    timeline = _edition_timeline(program, phases or ())
    submission_end = next(p.end for p in timeline if p.submission)
    campaign = Campaign.objects.create(
        program_id=program.id,
        name=name or program.name,
        office=office,
        reference_date=reference_date or submission_end,
        phases=[p.model_dump(mode="json") for p in timeline],
        created_by=actor,
    )
    audit_record(
        campaign,
        actor=actor,
        action=Action.CAMPAIGN_CREATE,
        after={
            "program_id": campaign.program_id,
            "name": campaign.name,
            "reference_date": campaign.reference_date,
            "phases": campaign.phases,
        },
    )
    return campaign


@transaction.atomic
def campaign_dates_change(
    *,
    campaign: Campaign,
    actor: Account,
    phases: Iterable[Mapping[str, Any]] = (),
    reference_date: date | None = None,
    reason: str = "",
) -> Campaign:
    """The office moves this edition's dates (a phase's start or end, the reference date);
    the trail keeps the dates before and after."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not is_office_staff(actor) or actor.organisation_id != campaign.office_id:
        raise ActionRefused("只有本评选办公室的工作人员可以修改活动日期")
    by_id: dict[str, Mapping[str, Any]] = {
        p.id: {"id": p.id, "start": p.start, "end": p.end} for p in campaign.timeline()
    }
    by_id |= {str(change.get("id")): change for change in phases}
    timeline = _edition_timeline(campaign.program, by_id.values())
    before, after = changed_fields(
        campaign,
        {
            "phases": [p.model_dump(mode="json") for p in timeline],
            "reference_date": reference_date or campaign.reference_date,
        },
    )
    if not after:
        raise ActionRefused("日期没有变化")
    for field, value in after.items():
        setattr(campaign, field, value)
    campaign.save(update_fields=list(after))
    audit_record(
        campaign,
        actor=actor,
        action=Action.CAMPAIGN_DATES,
        reason=reason,
        before=before,
        after=after,
    )
    return campaign


def _edition_timeline(program: Program, changes: Iterable[Mapping[str, Any]]) -> list[Phase]:
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
    """A new draft, under the applicant's own work unit and its recommending unit. Refuses a
    channel the programme does not allow (BJ24-07)."""
    _require(is_applicant(actor))
    own = actor.organisation
    if own is None or own.kind != Organisation.Kind.UNIT:
        raise ActionRefused("账号未登记所在单位，不能申报，请联系所在单位的经办人")
    if unit is not None and unit.pk != own.pk:
        raise ActionRefused(f"只能以本人所在单位“{own}”申报，不能选择“{unit}”")
    if recommender.pk != own.parent_id:
        raise ActionRefused(
            f"本人所在单位“{own}”不属于“{recommender}”，请选择所属的推荐（归口）单位"
        )
    program = campaign.program
    require_open(campaign, today)
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
    application = Application.objects.create(
        campaign=campaign,
        applicant=actor,
        unit=unit,
        recommender=recommender,
        award_id=award.id,
        channel=channel,
        data={},
    )
    audit_record(
        application,
        actor=actor,
        action=Action.DRAFT_CREATE,
        stage=application.stage,
        after={
            "award_id": award.id,
            "channel": channel,
            "recommender": recommender.pk,
            "unit": unit.pk if unit else None,
        },
    )
    return application


def _require_own_editable(application: Application, actor: Account) -> None:
    if not is_applicant(actor) or application.applicant_id != actor.pk:
        raise ActionRefused("只能修改本人的申报")
    if application.stage not in (chain.DRAFT, chain.RETURNED):
        raise ActionRefused("申报已提交，不能再修改；如需修改请联系所在单位退回")


@transaction.atomic
def application_save(
    *,
    application: Application,
    actor: Account,
    data: Mapping[str, Any],
    details: Mapping[str, Any] | None = None,
) -> Application:
    """Save the draft as it is, incomplete or not: nothing the applicant typed is lost.

    ``details`` (what the forms print beyond the record) replace the saved ones when given.
    """
    application = _locked(application)
    _require_own_editable(application, actor)
    require_acceptable_text(data, details)
    data = _with_id_number_facts(data)
    before, after = _typed_changes(application, data, details)
    application.data = dict(data)
    if details is not None:
        application.details = dict(details)
    application.name = str(data.get("name") or "")[:60]
    raw_id = str(data.get("id_number") or "").strip().upper()
    application.id_number = raw_id[:18]
    parsed, _, findings = screening(application)
    application.findings = [f.to_dict() for f in findings]
    application.verdict = verdict_with_overrides(application, findings) if parsed else ""
    if parsed is not None:
        application.id_number = parsed.identity.number
    application.save()
    if after or before:
        audit_record(
            application,
            actor=actor,
            action=Action.DRAFT_SAVE,
            stage=application.stage,
            before=before,
            after=after,
        )
    return application


def _locked(application: Application) -> Application:
    """The row again, locked until the transaction ends, with what screening reads of it.

    Only the application's own row is locked (``of``): applicants of one campaign saving and
    submitting at once never wait for each other on the campaign's row.
    """
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign", "recommender")
        .get(pk=application.pk)
    )


def _with_id_number_facts(data: Mapping[str, Any]) -> dict[str, Any]:
    """Gender and birth date, where left blank, read from a valid ID number (the form's
    script fills them as the number is typed; this is the same without a script)."""
    filled = dict(data)
    try:
        identity = parse_id_number(str(data.get("id_number") or ""))
    except IdNumberError:
        return filled
    if not filled.get("gender"):
        filled["gender"] = identity.gender
    if not filled.get("birth_date"):
        filled["birth_date"] = identity.birth_date.isoformat()
    return filled


def _typed_changes(
    application: Application, data: Mapping[str, Any], details: Mapping[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The record's and the details' top-level fields that a save changes, before and after."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    pairs = [("", application.data, data)]
    if details is not None:
        pairs.append(("details.", application.details, details))
    for prefix, old, new in pairs:
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                if key in old:
                    before[prefix + key] = old[key]
                if key in new:
                    after[prefix + key] = new[key]
    return before, after


class ApplicationIncomplete(ActionRefused):
    """Submission refused because of field errors; ``errors`` says which fields."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("申报信息不完整或有误：" + "；".join(e.message for e in errors[:5]))
        self.errors = errors


@transaction.atomic
def application_submit(
    *, application: Application, actor: Account, today: date | None = None
) -> Application:
    """Submit the application to the first step of its chain (refused outside the window).

    Refused with :class:`ApplicationIncomplete` (every field error at once, record and form
    alike) while anything is missing or wrong.
    """
    application = _locked(application)
    _require_own_editable(application, actor)
    require_open(application.campaign, today)
    parsed, field_problems, findings = screening(application)
    errors = field_problems + submission_errors(application)
    if errors or parsed is None:
        raise ApplicationIncomplete(errors)
    application.data = parsed.to_json_dict()
    application.id_number = parsed.identity.number
    _refuse_second_application(application)
    application.findings = [f.to_dict() for f in findings]
    # A returned application keeps the office's overrides when it comes back.
    application.verdict = verdict_with_overrides(application, findings)
    application.submitted_at = timezone.now()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same person submitted at the same moment
        raise ActionRefused(_second_application_message(application)) from None
    ApplicationVersion.objects.create(
        application=application,
        number=application.versions.count() + 1,
        data=application.data,
        details=application.details,
    )
    to_stage = application.campaign.workflow.first_stage(application.channel)
    return transition(application, actor=actor, action="submit", to_stage=to_stage)


def _second_application_message(application: Application) -> str:
    person = f"{application.name}（{mask_id_number(application.id_number)}）"
    return f"{person}已在本次评选中申报“{application.award_name}”，同一人每个奖项只能有一份申报"


def _refuse_second_application(application: Application) -> None:
    """One person (ID number) has one application per campaign and award."""
    if (
        Application.objects.filter(
            campaign=application.campaign_id,
            award_id=application.award_id,
            id_number=application.id_number,
            submitted_at__isnull=False,
        )
        .exclude(pk=application.pk)
        .exists()
    ):
        raise ActionRefused(_second_application_message(application))


@transaction.atomic
def application_pledge(*, application: Application, actor: Account) -> Application:
    """The applicant signs the truthfulness pledge (BJ24-20, LC19-14); required to submit."""
    application = lock(application)
    _require_own_editable(application, actor)
    application.pledged_at = timezone.now()
    application.save(update_fields=["pledged_at", "updated_at"])
    record(application, actor=actor, action="pledge", reason=PLEDGE_TEXT)
    return application


PLEDGE_TEXT = (
    "本人承诺所填写的内容及提交的全部申报材料真实、准确、完整，不存在弄虚作假行为。"
    "如有不实，本人愿承担相应责任，并接受取消申报和评选资格等处理。"
)


@transaction.atomic
def application_photo(
    *, application: Application, actor: Account, upload: UploadedFile[bytes]
) -> Application:
    """The 2-inch photo, checked for format, proportions and background (BJ6-18, BJ24-10)."""
    application = lock(application)
    _require_own_editable(application, actor)
    photo = application.campaign.program.photo
    if photo is None:
        raise ActionRefused("本项目不需要上传照片")
    checked = check_photo(upload, photo)
    extension = "png" if checked.format == "png" else "jpg"
    old = application.photo.name
    content = ContentFile(checked.content or upload.read())
    application.photo.save(f"{application.pk}.{extension}", content, save=False)
    application.save(update_fields=["photo", "updated_at"])
    record(
        application,
        actor=actor,
        action=Action.FILE_UPLOAD,
        before={"photo": old} if old else None,
        after={"photo": application.photo.name},
    )
    if old and old != application.photo.name:
        transaction.on_commit(lambda: application.photo.storage.delete(old))
    return application


@transaction.atomic
def application_attachment(
    *, application: Application, actor: Account, material_id: str, upload: UploadedFile[bytes]
) -> Attachment:
    """One supporting file for a material of the programme; its type sniffed from content."""
    (attachment,) = application_attachments(
        application=application, actor=actor, material_id=material_id, uploads=[upload]
    )
    return attachment


@transaction.atomic
def application_attachments(
    *,
    application: Application,
    actor: Account,
    material_id: str,
    uploads: Sequence[UploadedFile[bytes]],
) -> list[Attachment]:
    """Supporting files for a material of the programme, all or none: every file is checked
    before any is stored, and files already written are removed if a later one fails."""
    application = lock(application)
    _require_own_editable(application, actor)
    material = next(
        (m for m in applicant_materials(application.campaign.program) if m.id == material_id),
        None,
    )
    if material is None:
        raise ActionRefused("本项目没有这项申报材料")
    held = application.attachments.count()
    if held + len(uploads) > MAX_FILES_PER_APPLICATION:
        raise ActionRefused(
            f"每份申报最多上传{MAX_FILES_PER_APPLICATION}个证明材料文件，已有{held}个，"
            f"本次又选了{len(uploads)}个；请合并为PDF或删去不需要的文件"
        )
    checked = [check_attachment(upload, material) for upload in uploads]
    stored: list[Attachment] = []
    try:
        for upload, kind in zip(uploads, checked, strict=True):
            attachment = Attachment(
                application=application,
                material_id=material.id,
                original_name=(upload.name or "file")[:200],
                content_type=kind.content_type,
                size=upload.size or 0,
            )
            name = f"{application.pk}-{material.id}.{kind.format}"
            attachment.file.save(name, upload, save=False)
            stored.append(attachment)
            attachment.save()
            record(
                application,
                actor=actor,
                action=Action.FILE_UPLOAD,
                after={"material": material.id, "file": attachment.original_name},
            )
    except BaseException:
        for attachment in stored:
            if attachment.file.name:
                attachment.file.storage.delete(attachment.file.name)
        raise
    return stored


@transaction.atomic
def application_attachment_delete(*, attachment: Attachment, actor: Account) -> None:
    """Remove a supporting file while the application can still be changed."""
    application = lock(attachment.application)
    _require_own_editable(application, actor)
    name = attachment.file.name
    storage = attachment.file.storage
    record(
        application,
        actor=actor,
        action=Action.FILE_DELETE,
        before={"material": attachment.material_id, "file": attachment.original_name},
    )
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def external_investigation_record(
    *, application: Application, actor: Account, text: str
) -> Application:
    """The external investigation of a self-nominee (BJ6-12), audited.

    Recorded by the staff of the application's recommending unit while it holds the
    application: from the review step that asks for it until the office's review.
    """
    application = lock(application)
    text = text.strip()
    if not is_recommender_staff(actor) or not can_view(actor, application):
        raise ActionRefused("只有推荐（归口）单位的经办人可以记录外调考察情况")
    workflow = application.campaign.workflow
    step = workflow.investigation_step()
    if step is None:
        raise ActionRefused("本项目的推荐流程不要求外调考察")
    if application.channel != "self":
        raise ActionRefused(f"外调考察只针对个人自荐的人选（{step.investigation}）")
    channel = application.channel
    if not workflow.reached(application.stage, step.id, channel) or (
        workflow.reached(application.stage, "office_review", channel)
    ):
        raise ActionRefused(
            f"该申报当前处于“{application.stage_name}”环节，推荐单位不能记录外调考察情况"
        )
    if not text:
        raise ActionRefused("请填写外调考察情况")
    application.external_investigation = text
    application.save(update_fields=["external_investigation", "updated_at"])
    record(
        application,
        actor=actor,
        action="external_investigation",
        reason=text,
        clause=step.investigation or "",
    )
    return application


__all__ = [
    "ActionRefused",
    "application_attachment",
    "application_attachment_delete",
    "application_attachments",
    "application_photo",
    "application_pledge",
    "application_record",
    "application_save",
    "application_start",
    "application_submit",
    "campaign_create",
    "details_problems",
    "external_investigation_record",
    "recommenders_for",
    "record",
    "screening",
]
