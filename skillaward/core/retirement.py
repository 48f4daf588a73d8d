"""Statutory retirement age and date, before and after the 2025 gradual-increase reform."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

RetirementCategory = Literal["male", "female_cadre", "female_worker"]

REFORM_EFFECTIVE: Final = date(2025, 1, 1)


@dataclass(frozen=True, slots=True)
class _Rule:
    base_years: int
    first_affected_year: int
    first_affected_month: int
    step_months: int
    cap_months: int


# 国务院关于渐进式延迟法定退休年龄的办法 (NPC Standing Committee decision of 2024-09-13):
# every `step_months` of births from the first affected month delays retirement by one more
# month, up to `cap_months`.
_RULES: Final[dict[RetirementCategory, _Rule]] = {
    "male": _Rule(60, 1965, 1, step_months=4, cap_months=36),
    "female_cadre": _Rule(55, 1970, 1, step_months=4, cap_months=36),
    "female_worker": _Rule(50, 1975, 1, step_months=2, cap_months=60),
}


def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` calendar months, clipped to the end of a shorter month."""
    year, month_index = divmod(d.year * 12 + d.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _reform_delay_months(rule: _Rule, birth: date) -> int:
    k = (birth.year - rule.first_affected_year) * 12 + birth.month - rule.first_affected_month
    return 0 if k < 0 else min(k // rule.step_months + 1, rule.cap_months)


def retirement_age_months(category: RetirementCategory, birth: date, *, law_date: date) -> int:
    """Retirement age in months under the law in force at ``law_date``."""
    rule = _RULES[category]
    base = rule.base_years * 12
    if law_date < REFORM_EFFECTIVE:
        return base
    return base + _reform_delay_months(rule, birth)


def retirement_date(category: RetirementCategory, birth: date, *, law_date: date) -> date:
    """Date of birth plus the retirement age in force at ``law_date``."""
    return add_months(birth, retirement_age_months(category, birth, law_date=law_date))
