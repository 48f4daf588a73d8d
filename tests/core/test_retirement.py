from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillaward.core.retirement import (
    RetirementCategory,
    add_months,
    retirement_age_months,
    retirement_date,
)

OLD_LAW = date(2024, 12, 31)
NEW_LAW = date(2025, 1, 1)
CATEGORIES: tuple[RetirementCategory, ...] = ("male", "female_cadre", "female_worker")


def years_months(years: int, months: int = 0) -> int:
    return years * 12 + months


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
        (date(2024, 5, 31), 0, date(2024, 5, 31)),
        (date(1965, 3, 10), years_months(60, 1), date(2025, 4, 10)),
    ],
)
def test_add_months_clips_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# The worked examples of the interpretation notes, verbatim:
# man born 1965-03 retires at 60 years 1 month (2025-04); woman worker born 1975-06 at
# 50 years 3 months (2025-09); woman cadre born 1970-12 at 55 years 3 months (2026-03);
# man born 1976-09 or later: 63 years.
@pytest.mark.parametrize(
    ("category", "birth", "age", "retires"),
    [
        ("male", date(1965, 3, 10), years_months(60, 1), date(2025, 4, 10)),
        ("female_worker", date(1975, 6, 10), years_months(50, 3), date(2025, 9, 10)),
        ("female_cadre", date(1970, 12, 10), years_months(55, 3), date(2026, 3, 10)),
        ("male", date(1976, 9, 1), years_months(63), date(2039, 9, 1)),
        ("male", date(1990, 5, 20), years_months(63), date(2053, 5, 20)),
    ],
)
def test_retirement_date_worked_examples(
    category: RetirementCategory, birth: date, age: int, retires: date
) -> None:
    assert retirement_age_months(category, birth, law_date=NEW_LAW) == age
    assert retirement_date(category, birth, law_date=NEW_LAW) == retires


@pytest.mark.parametrize(
    ("category", "birth", "age"),
    [
        # the month before the first affected birth month: no delay
        ("male", date(1964, 12, 31), years_months(60)),
        ("female_cadre", date(1969, 12, 31), years_months(55)),
        ("female_worker", date(1974, 12, 31), years_months(50)),
        # the first affected birth month: one month
        ("male", date(1965, 1, 1), years_months(60, 1)),
        ("female_cadre", date(1970, 1, 1), years_months(55, 1)),
        ("female_worker", date(1975, 1, 1), years_months(50, 1)),
        # the last month of the first step, and the first of the second
        ("male", date(1965, 4, 30), years_months(60, 1)),
        ("male", date(1965, 5, 1), years_months(60, 2)),
        ("female_worker", date(1975, 2, 28), years_months(50, 1)),
        ("female_worker", date(1975, 3, 1), years_months(50, 2)),
        # one month short of the cap, then the cap reached exactly, then beyond it
        ("male", date(1976, 8, 31), years_months(62, 11)),
        ("male", date(1976, 9, 1), years_months(63)),
        ("female_cadre", date(1981, 8, 31), years_months(57, 11)),
        ("female_cadre", date(1981, 9, 1), years_months(58)),
        ("female_cadre", date(2000, 1, 1), years_months(58)),
        ("female_worker", date(1984, 10, 31), years_months(54, 11)),
        ("female_worker", date(1984, 11, 1), years_months(55)),
        ("female_worker", date(2000, 1, 1), years_months(55)),
    ],
)
def test_retirement_age_months_boundaries(
    category: RetirementCategory, birth: date, age: int
) -> None:
    assert retirement_age_months(category, birth, law_date=NEW_LAW) == age


@pytest.mark.parametrize(
    ("category", "birth", "old", "new"),
    [
        ("male", date(1970, 6, 15), date(2030, 6, 15), date(2031, 11, 15)),
        ("female_cadre", date(1972, 2, 29), date(2027, 2, 28), date(2027, 9, 29)),
        ("female_worker", date(1975, 12, 31), date(2025, 12, 31), date(2026, 6, 30)),
    ],
)
def test_retirement_date_old_law_until_2024_12_31_new_law_from_2025_01_01(
    category: RetirementCategory, birth: date, old: date, new: date
) -> None:
    assert retirement_date(category, birth, law_date=OLD_LAW) == old
    assert retirement_date(category, birth, law_date=NEW_LAW) == new


@pytest.mark.parametrize(
    ("category", "years"), [("male", 60), ("female_cadre", 55), ("female_worker", 50)]
)
def test_retirement_age_months_old_law_ignores_birth_date(
    category: RetirementCategory, years: int
) -> None:
    assert retirement_age_months(category, date(1990, 7, 1), law_date=OLD_LAW) == years * 12


births = st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31))


@given(st.sampled_from(CATEGORIES), births, births)
def test_retirement_date_is_monotonic_in_birth_date(
    category: RetirementCategory, first: date, second: date
) -> None:
    earlier, later = sorted((first, second))
    assert retirement_date(category, earlier, law_date=NEW_LAW) <= retirement_date(
        category, later, law_date=NEW_LAW
    )


@given(st.sampled_from(CATEGORIES), births)
def test_retirement_age_months_new_law_never_earlier_and_at_most_cap_later(
    category: RetirementCategory, birth: date
) -> None:
    caps = {"male": 36, "female_cadre": 36, "female_worker": 60}
    old = retirement_age_months(category, birth, law_date=OLD_LAW)
    new = retirement_age_months(category, birth, law_date=NEW_LAW)
    assert 0 <= new - old <= caps[category]


@given(
    st.dates(min_value=date(200, 1, 1), max_value=date(9800, 12, 31)),
    st.integers(min_value=-1200, max_value=1200),
)
def test_add_months_keeps_the_day_or_clips_to_month_end(d: date, months: int) -> None:
    moved = add_months(d, months)
    assert (moved.year * 12 + moved.month) - (d.year * 12 + d.month) == months
    is_month_end = (moved + timedelta(days=1)).day == 1
    assert moved.day == d.day or (moved.day < d.day and is_month_end)
