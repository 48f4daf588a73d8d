"""Reads of the holiday schedules: the platform's working-day calendar and where to upload."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from skillaward.base.errors import ActionRefused
from skillaward.core.workdays import (
    CalendarDataMissing,
    WorkCalendar,
)
from skillaward.holidays.models import HolidayYear


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
