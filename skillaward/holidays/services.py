"""Uploading a year's holiday schedule, and the working-day calendar built from all of them."""

from __future__ import annotations

from django.db import transaction

from skillaward.audit.services import audit_record
from skillaward.audit.vocabulary import Action
from skillaward.base.errors import ActionRefused
from skillaward.core.workdays import (
    HolidaySchedule,
    parse_schedule,
    schedule_lines,
)
from skillaward.holidays.models import HolidayYear
from skillaward.organisations.models import Account
from skillaward.organisations.permissions import is_office_staff

MAX_SCHEDULE_BYTES = 64 * 1024


def _text(content: bytes, name: str) -> str:
    if len(content) > MAX_SCHEDULE_BYTES:
        raise ActionRefused(f"节假日安排文件{name}过大（超过{MAX_SCHEDULE_BYTES // 1024}KB）")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ActionRefused(f"节假日安排文件{name}不是UTF-8编码的文本") from None


@transaction.atomic
def schedule_import(*, actor: Account | None, content: bytes, name: str) -> HolidayYear:
    """Store (or replace) the year's schedule from a YAML file; refused with a Chinese message.

    ``actor`` is None for the server's operator (``skillaward calendar import``); on the web only
    office staff may upload.
    """
    if actor is not None and not is_office_staff(actor):
        raise ActionRefused("只有评选办公室工作人员可以上传节假日安排")
    try:
        schedule: HolidaySchedule = parse_schedule(_text(content, name), name)
    except ValueError as error:
        raise ActionRefused(str(error)) from None
    holidays, workdays = schedule_lines(schedule)
    previous = HolidayYear.objects.filter(year=schedule.year).first()
    before = {"holidays": previous.holidays, "workdays": previous.workdays} if previous else {}
    stored, _ = HolidayYear.objects.update_or_create(
        year=schedule.year,
        defaults={
            "holidays": holidays,
            "workdays": workdays,
            "source": name[:255],
            "uploaded_by": actor,
        },
    )
    audit_record(
        stored,
        actor=actor,
        action=Action.HOLIDAYS_IMPORT,
        before=before,
        after={"holidays": holidays, "workdays": workdays, "source": stored.source},
    )
    return stored
