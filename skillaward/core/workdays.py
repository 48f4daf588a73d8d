"""Chinese working days: weekends, statutory holidays and make-up working days (调休上班).

The ``chinese-calendar`` package supplies 2004–2026. For any other year the selection office
supplies the State Council's holiday notice as a small YAML file, which also takes precedence
over the package for a year it covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import yaml

_ONE_DAY = timedelta(days=1)
_RANGE_SEPARATOR = ".."
_SCHEDULE_KEYS = frozenset({"year", "holidays", "workdays"})


class CalendarDataMissing(LookupError):
    """No holiday data for ``year``: neither a supplied schedule nor the package covers it."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"缺少{year}年的法定节假日和调休安排数据，请导入国务院办公厅发布的{year}年放假安排"
        )
        self.year = year


@dataclass(frozen=True)
class HolidaySchedule:
    """One year's official days off and make-up working days."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    def __post_init__(self) -> None:
        outside = sorted(d for d in self.holidays | self.workdays if d.year != self.year)
        if outside:
            raise ValueError(f"日期{outside[0].isoformat()}不在{self.year}年内")
        both = sorted(self.holidays & self.workdays)
        if both:
            raise ValueError(f"日期{both[0].isoformat()}既是放假日又是调休上班日")


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"“{text}”不是有效日期（格式应为YYYY-MM-DD）") from None


def _entry_dates(entry: object) -> list[date]:
    """A list entry: "YYYY-MM-DD" or an inclusive range "YYYY-MM-DD..YYYY-MM-DD"."""
    if not isinstance(entry, str):
        raise ValueError(f"“{entry}”不是日期或日期范围")
    first_text, separator, last_text = entry.partition(_RANGE_SEPARATOR)
    first = _parse_day(first_text)
    last = _parse_day(last_text) if separator else first
    if last < first:
        raise ValueError(f"日期范围“{entry}”的结束日早于开始日")
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _date_set(document: dict[str, object], key: str) -> frozenset[date]:
    entries = document.get(key) or []  # an empty "workdays:" reads as ""
    if not isinstance(entries, list):
        raise ValueError(f"{key}应为日期列表")
    return frozenset(d for entry in entries for d in _entry_dates(entry))


def _year(document: dict[str, object]) -> int:
    year = document.get("year")
    if not isinstance(year, str) or not (year.isascii() and year.isdigit()):
        raise ValueError("缺少year字段或year不是整数年份")
    return int(year)


def _schedule_from_document(document: object) -> HolidaySchedule:
    if not isinstance(document, dict):
        raise ValueError("内容应为包含year、holidays、workdays的映射")
    unknown = sorted(document.keys() - _SCHEDULE_KEYS)
    if unknown:
        raise ValueError(f"未知字段{'、'.join(unknown)}（只允许year、holidays、workdays）")
    if "holidays" not in document:
        raise ValueError("缺少holidays字段")
    return HolidaySchedule(
        year=_year(document),
        holidays=_date_set(document, "holidays"),
        workdays=_date_set(document, "workdays"),
    )


def parse_schedule(text: str, name: str) -> HolidaySchedule:
    """A YAML holiday schedule from its text; any problem is a ValueError naming ``name``.

    BaseLoader keeps every scalar a string, so dates are parsed here with Chinese messages
    instead of by PyYAML.
    """
    try:
        document = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        raise ValueError(f"节假日安排文件{name}不是有效的YAML：{error}") from error
    try:
        return _schedule_from_document(document)
    except ValueError as error:
        raise ValueError(f"节假日安排文件{name}有误：{error}") from error


def load_schedule(path: str | Path) -> HolidaySchedule:
    """Read a YAML holiday schedule file (see :func:`parse_schedule`)."""
    return parse_schedule(Path(path).read_text(encoding="utf-8"), str(path))


def schedule_lines(schedule: HolidaySchedule) -> tuple[list[str], list[str]]:
    """The schedule's days off and make-up working days as ISO dates, in order."""
    return (
        [d.isoformat() for d in sorted(schedule.holidays)],
        [d.isoformat() for d in sorted(schedule.workdays)],
    )


class WorkCalendar:
    """Working days from supplied schedules, falling back to the ``chinese-calendar`` package."""

    def __init__(self, schedules: Iterable[HolidaySchedule] = ()) -> None:
        self._schedules = {schedule.year: schedule for schedule in schedules}

    def is_working_day(self, d: date) -> bool:
        schedule = self._schedules.get(d.year)
        if schedule is not None:
            if d in schedule.workdays:
                return True
            return d.weekday() < 5 and d not in schedule.holidays
        try:
            return bool(chinese_calendar.is_workday(d))
        except NotImplementedError:
            raise CalendarDataMissing(d.year) from None

    def publicity_end(self, start: date, working_days: int) -> date:
        """Last day of a period of ``working_days`` working days counted from ``start``."""
        if working_days < 1:
            raise ValueError(f"公示期应至少为1个工作日，实为{working_days}")
        day = start - _ONE_DAY
        remaining = working_days
        while remaining:
            day += _ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end``, both included; 0 when ``end`` precedes it."""
        days = (start + timedelta(days=i) for i in range((end - start).days + 1))
        return sum(1 for day in days if self.is_working_day(day))
