"""Campaign and application actions. Views, the command line and tests all call these.

Each function takes the acting account as ``actor`` and refuses, with a Chinese sentence in
:class:`ActionRefused`, whatever the actor's role, the stage or the date does not allow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from skillaward.campaigns.models import Application, Attachment, Campaign
from skillaward.campaigns.uploads import (
    MAX_FILES_PER_APPLICATION,
    check_attachment,
    check_photo,
    uploadable,
)
from skillaward.core import chain
from skillaward.core.engine import Screener
from skillaward.core.program import Material, Phase, Program, find_program
from skillaward.core.record import (
    ApplicantRecord,
    FieldError,
    RecordInvalid,
    field_errors,
    validate_record,
)
from skillaward.core.report import Finding, verdict_of
from skillaward.core.rules import CHANNEL_NAMES
from skillaward.documents.context import ApplicantContext
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import can_view
from skillaward.review.workflow import (
    ActionRefused,
    lock,
    record,
    require_acceptable_text,
    transition,
)


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
    return Application.objects.create(
        campaign=campaign,
        applicant=actor,
        unit=unit,
        recommender=recommender,
        award_id=award.id,
        channel=channel,
        data={},
    )


def require_open(campaign: Campaign, today: date | None) -> None:
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
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_own_editable(application, actor)
    require_acceptable_text(data, details)
    application.data = dict(data)
    if details is not None:
        application.details = dict(details)
    application.name = str(data.get("name") or "")[:60]
    raw_id = str(data.get("id_number") or "").strip().upper()
    application.id_number = raw_id[:18]
    parsed, _, findings = screening(application)
    application.findings = [f.to_dict() for f in findings]
    application.verdict = verdict_of(findings, overridden_clauses(application)) if parsed else ""
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
    """Submit the application to the first step of its chain (refused outside the window).

    Refused with :class:`ApplicationIncomplete` (every field error at once, record and form
    alike) while anything is missing or wrong.
    """
    application = (
        Application.objects.select_for_update()
        .select_related("campaign", "recommender")
        .get(pk=application.pk)
    )
    _require_own_editable(application, actor)
    require_open(application.campaign, today)
    parsed, field_problems, findings = screening(application)
    errors = field_problems + submission_errors(application)
    if errors or parsed is None:
        raise ApplicationIncomplete(errors)
    application.data = parsed.to_json_dict()
    application.id_number = parsed.identity.number
    application.findings = [f.to_dict() for f in findings]
    # A returned application keeps the office's overrides when it comes back.
    application.verdict = verdict_of(findings, overridden_clauses(application))
    application.submitted_at = timezone.now()
    application.save()
    to_stage = application.campaign.workflow.first_stage(application.channel)  # type: ignore[arg-type]
    return transition(application, actor=actor, action="submit", to_stage=to_stage)


def overridden_clauses(application: Application) -> set[str]:
    """Clauses the office accepted despite a failing finding (review.Override)."""
    return {o.clause for o in application.overrides.all()} if application.pk else set()


def submission_errors(application: Application) -> list[FieldError]:
    """What the form requires beyond the record: pledge, photo, form limits, work history,
    details in their formats."""
    from skillaward.campaigns.forms_rules import form_problems

    return form_problems(application) + details_problems(application.details)


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
    *, application: Application, actor: Account, upload: UploadedFile
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
    if old and old != application.photo.name:
        transaction.on_commit(lambda: application.photo.storage.delete(old))
    return application


def applicant_materials(program: Program) -> list[Material]:
    """The materials of the programme that applicants upload themselves."""
    return [m for m in program.materials if uploadable(m)]


def application_attachment(
    *, application: Application, actor: Account, material_id: str, upload: UploadedFile
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
    uploads: Sequence[UploadedFile],
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
    except BaseException:
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return stored


# Where applicants' uploads are written (the models' ``upload_to``).
UPLOAD_DIRECTORIES = ("photos", "materials")


def orphan_uploads_remove(*, older_than: timedelta = timedelta(hours=1)) -> list[str]:
    """Delete uploaded files that no row names: what a request killed between writing a
    file and committing its row leaves behind. Files younger than ``older_than`` may belong
    to a request still running and are kept. Answers the names removed."""
    storage = Attachment._meta.get_field("file").storage
    known = set(Attachment.objects.values_list("file", flat=True))
    known |= set(Application.objects.exclude(photo="").values_list("photo", flat=True))
    cutoff = timezone.now() - older_than
    removed = []
    for name in _stored_names(storage, UPLOAD_DIRECTORIES):
        if name not in known and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            removed.append(name)
    return removed


def _stored_names(storage: Storage, directories: Iterable[str]) -> Iterator[str]:
    for directory in directories:
        if not storage.exists(directory):
            continue
        folders, files = storage.listdir(directory)
        yield from (f"{directory}/{name}" for name in files)
        yield from _stored_names(storage, (f"{directory}/{folder}" for folder in folders))


@transaction.atomic
def application_attachment_delete(*, attachment: Attachment, actor: Account) -> None:
    """Remove a supporting file while the application can still be changed."""
    _require_own_editable(lock(attachment.application), actor)
    name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
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
    if actor.role != "recommender_staff" or not can_view(actor, application):
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


def application_record(application: Application) -> dict[str, Any]:
    """The submitted application as an interchange applicant record (nothing lost)."""
    return validate_record(record_dict(application)).to_json_dict()


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
