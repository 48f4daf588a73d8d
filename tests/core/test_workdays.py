from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillaward.core.workdays import (
    CalendarDataMissing,
    HolidaySchedule,
    WorkCalendar,
    load_schedule,
)

SCHEDULE_2027 = """\
year: 2027
holidays:
  - 2027-01-01
  - "2027-02-05..2027-02-11"
workdays: [2027-02-13]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_is_working_day_2024_make_up_sunday() -> None:
    assert WorkCalendar().is_working_day(date(2024, 4, 28)) is True


@pytest.mark.parametrize("day", [1, 2, 3, 4, 5])
def test_is_working_day_2024_may_day_holiday_is_off(day: int) -> None:
    assert WorkCalendar().is_working_day(date(2024, 5, day)) is False


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2024, 3, 8), True), (date(2024, 3, 9), False), (date(2024, 3, 10), False)],
)
def test_is_working_day_ordinary_week(day: date, expected: bool) -> None:
    assert WorkCalendar().is_working_day(day) is expected


def test_publicity_end_friday_before_golden_week() -> None:
    # Fri 09-27, make-up Sun 09-29, Mon 09-30, then 10-01..07 off, Tue 10-08, Wed 10-09.
    assert WorkCalendar().publicity_end(date(2024, 9, 27), 5) == date(2024, 10, 9)


def test_publicity_end_start_on_weekend_counts_from_next_working_day() -> None:
    assert WorkCalendar().publicity_end(date(2024, 3, 9), 5) == date(2024, 3, 15)


def test_publicity_end_start_on_weekend_before_a_holiday_monday() -> None:
    # Sat 06-08, Sun 06-09, Dragon Boat Festival Mon 06-10.
    assert WorkCalendar().publicity_end(date(2024, 6, 8), 1) == date(2024, 6, 11)


def test_publicity_end_one_day_from_working_day_is_that_day() -> None:
    assert WorkCalendar().publicity_end(date(2024, 3, 8), 1) == date(2024, 3, 8)


@pytest.mark.parametrize("working_days", [0, -3])
def test_publicity_end_rejects_fewer_than_one_day(working_days: int) -> None:
    with pytest.raises(ValueError) as caught:
        WorkCalendar().publicity_end(date(2024, 3, 8), working_days)
    assert str(caught.value) == f"公示期应至少为1个工作日，实为{working_days}"


def test_working_days_between_spans_may_day_with_make_up_days() -> None:
    # Sun 04-28 (make-up), Mon 29, Tue 30, 05-01..05 off, Mon 6..Fri 10, Sat 05-11 (make-up).
    assert WorkCalendar().working_days_between(date(2024, 4, 28), date(2024, 5, 11)) == 9


def test_working_days_between_includes_both_ends() -> None:
    assert WorkCalendar().working_days_between(date(2024, 3, 8), date(2024, 3, 8)) == 1
    assert WorkCalendar().working_days_between(date(2024, 3, 8), date(2024, 3, 11)) == 2


def test_working_days_between_end_before_start_is_zero() -> None:
    assert WorkCalendar().working_days_between(date(2024, 3, 11), date(2024, 3, 8)) == 0


def test_is_working_day_2027_without_schedule_names_the_year() -> None:
    with pytest.raises(CalendarDataMissing) as caught:
        WorkCalendar().is_working_day(date(2027, 3, 1))
    assert caught.value.year == 2027
    assert str(caught.value) == (
        "缺少2027年的法定节假日和调休安排数据，请导入国务院办公厅发布的2027年放假安排"
    )


def test_is_working_day_2003_without_schedule_names_the_year() -> None:
    with pytest.raises(CalendarDataMissing) as caught:
        WorkCalendar().is_working_day(date(2003, 6, 2))
    assert caught.value.year == 2003


def test_publicity_end_running_into_2027_raises_instead_of_guessing() -> None:
    with pytest.raises(CalendarDataMissing) as caught:
        WorkCalendar().publicity_end(date(2026, 12, 28), 10)
    assert caught.value.year == 2027


def test_calendar_data_missing_is_a_lookup_error() -> None:
    assert issubclass(CalendarDataMissing, LookupError) is True


def test_load_schedule_reads_dates_and_ranges(tmp_path: Path) -> None:
    holidays = {date(2027, 1, 1)} | {date(2027, 2, d) for d in range(5, 12)}
    assert load_schedule(write(tmp_path, SCHEDULE_2027)) == HolidaySchedule(
        year=2027, holidays=frozenset(holidays), workdays=frozenset({date(2027, 2, 13)})
    )


def test_load_schedule_accepts_str_path_and_missing_workdays(tmp_path: Path) -> None:
    path = write(tmp_path, "year: 2027\nholidays: [2027-01-01]\n")
    assert load_schedule(str(path)).workdays == frozenset()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 1, 1), False),  # Friday, New Year's Day
        (date(2027, 2, 8), False),  # Monday in the Spring Festival
        (date(2027, 2, 13), True),  # Saturday, make-up working day
        (date(2027, 2, 14), False),  # ordinary Sunday
        (date(2027, 3, 1), True),  # ordinary Monday
    ],
)
def test_is_working_day_supplied_2027_schedule(tmp_path: Path, day: date, expected: bool) -> None:
    calendar = WorkCalendar([load_schedule(write(tmp_path, SCHEDULE_2027))])
    assert calendar.is_working_day(day) is expected


def test_publicity_end_across_package_and_supplied_years(tmp_path: Path) -> None:
    # Thu 2026-12-31, then 2027-01-01 off (supplied), weekend, Mon 01-04, Tue 01-05.
    calendar = WorkCalendar([load_schedule(write(tmp_path, SCHEDULE_2027))])
    assert calendar.publicity_end(date(2026, 12, 31), 3) == date(2027, 1, 5)


def test_supplied_schedule_overrides_package_for_its_year() -> None:
    bare_2024 = HolidaySchedule(year=2024, holidays=frozenset(), workdays=frozenset())
    calendar = WorkCalendar([bare_2024])
    assert calendar.is_working_day(date(2024, 5, 1)) is True
    assert calendar.is_working_day(date(2024, 4, 28)) is False
    assert calendar.is_working_day(date(2025, 5, 1)) is False  # other years: still the package


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("year: 2027\nholidays: [2027-01-01\n", None),
        ("- 2027-01-01\n", "内容应为包含year、holidays、workdays的映射"),
        ("", "内容应为包含year、holidays、workdays的映射"),
        ("holidays: [2027-01-01]\n", "缺少year字段或year不是整数年份"),
        ("year: 二〇二七\nholidays: [2027-01-01]\n", "缺少year字段或year不是整数年份"),
        ("year: 2027\nworkdays: [2027-02-13]\n", "缺少holidays字段"),
        (
            "year: 2027\nholidays: []\nworkday: [2027-02-13]\n",
            "未知字段workday（只允许year、holidays、workdays）",
        ),
        ("year: 2027\nholidays: 2027-01-01\n", "holidays应为日期列表"),
        ("year: 2027\nholidays: [2026-12-31]\n", "日期2026-12-31不在2027年内"),
        (
            "year: 2027\nholidays: ['2027-12-30..2028-01-01']\n",
            "日期2028-01-01不在2027年内",
        ),
        ("year: 2027\nholidays: [2027-02-30]\n", "“2027-02-30”不是有效日期（格式应为YYYY-MM-DD）"),
        ("year: 2027\nholidays: [2027/02/01]\n", "“2027/02/01”不是有效日期（格式应为YYYY-MM-DD）"),
        ("year: 2027\nholidays: [{a: 1}]\n", "“{'a': '1'}”不是日期或日期范围"),
        (
            "year: 2027\nholidays: ['2027-02-11..2027-02-05']\n",
            "日期范围“2027-02-11..2027-02-05”的结束日早于开始日",
        ),
        (
            "year: 2027\nholidays: [2027-02-13]\nworkdays: [2027-02-13]\n",
            "日期2027-02-13既是放假日又是调休上班日",
        ),
    ],
)
def test_load_schedule_bad_file_names_file_and_problem(
    tmp_path: Path, text: str, problem: str | None
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ValueError) as caught:
        load_schedule(path)
    if problem is None:
        assert str(caught.value).startswith(f"节假日安排文件{path}不是有效的YAML：")
    else:
        assert str(caught.value) == f"节假日安排文件{path}有误：{problem}"


def test_holiday_schedule_rejects_date_outside_its_year() -> None:
    with pytest.raises(ValueError) as caught:
        HolidaySchedule(year=2027, holidays=frozenset(), workdays=frozenset({date(2026, 1, 4)}))
    assert str(caught.value) == "日期2026-01-04不在2027年内"


covered_starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 31))
lengths = st.integers(min_value=1, max_value=30)


@given(covered_starts, lengths)
def test_publicity_end_is_a_working_day_on_or_after_start(start: date, n: int) -> None:
    calendar = WorkCalendar()
    end = calendar.publicity_end(start, n)
    assert calendar.is_working_day(end) is True
    assert end >= start


@given(covered_starts, lengths)
def test_working_days_between_start_and_publicity_end_is_n(start: date, n: int) -> None:
    # Holds for any start; a non-working start day adds nothing to the count.
    calendar = WorkCalendar()
    assert calendar.working_days_between(start, calendar.publicity_end(start, n)) == n


@given(covered_starts, lengths)
def test_publicity_end_is_strictly_monotonic_in_n(start: date, n: int) -> None:
    calendar = WorkCalendar()
    assert calendar.publicity_end(start, n) < calendar.publicity_end(start, n + 1)


@given(covered_starts, st.integers(min_value=0, max_value=60))
def test_working_days_between_is_additive(start: date, length: int) -> None:
    calendar = WorkCalendar()
    middle = start + timedelta(days=length // 2)
    end = start + timedelta(days=length)
    whole = calendar.working_days_between(start, end)
    parts = calendar.working_days_between(start, middle) + calendar.working_days_between(
        middle + timedelta(days=1), end
    )
    assert whole == parts
