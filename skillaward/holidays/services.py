"""Uploading a year's holiday schedule, and the working-day calendar built from all of them."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from skillaward.core.workdays import (
    CalendarDataMissing,
    HolidaySchedule,
    WorkCalendar,
    parse_schedule,
    schedule_lines,
)
from skillaward.holidays.models import HolidayYear
from skillaward.organisations.models import Account
from skillaward.review.workflow import ActionRefused

MAX_SCHEDULE_BYTES = 64 * 1024
UPLOAD_ROLE = "office_staff"


def platform_calendar() -> WorkCalendar:
    """Working days: the uploaded schedules first, the ``chinese-calendar`` package after."""
    return WorkCalendar(year.schedule() for year in HolidayYear.objects.all())


def upload_url() -> str:
    return reverse("holiday_list")


class HolidaysMissing(ActionRefused):
    """A working-day count ran into a year without a schedule; names the year and the page."""

    def __init__(self, what: str, missing: CalendarDataMissing) -> None:
        super().__init__(f"{what}：{missing}（评选办公室可在“节假日安排”页面 {upload_url()} 上传）")
        self.year = missing.year


def refusal_message(refusal: ActionRefused) -> str | SafeString:
    """A refusal for a page's messages: a missing year links to the upload page."""
    if isinstance(refusal, HolidaysMissing):
        return format_html(
            '{} <a href="{}">上传{}年放假安排</a>', str(refusal), upload_url(), refusal.year
        )
    return str(refusal)


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
    if actor is not None and actor.role != UPLOAD_ROLE:
        raise ActionRefused("只有评选办公室工作人员可以上传节假日安排")
    try:
        schedule: HolidaySchedule = parse_schedule(_text(content, name), name)
    except ValueError as error:
        raise ActionRefused(str(error)) from None
    holidays, workdays = schedule_lines(schedule)
    stored, _ = HolidayYear.objects.update_or_create(
        year=schedule.year,
        defaults={
            "holidays": holidays,
            "workdays": workdays,
            "source": name[:255],
            "uploaded_by": actor,
        },
    )
    return stored
