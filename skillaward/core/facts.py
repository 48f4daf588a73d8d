"""What the rules ask about one applicant, computed once at the reference date."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from skillaward.core.codes import skill_rank
from skillaward.core.idnumber import IdNumber
from skillaward.core.matching import core_title
from skillaward.core.record import ApplicantRecord, Honor
from skillaward.core.retirement import RetirementCategory, add_months, retirement_date

RETIREMENT_CATEGORY_NAMES = {
    "male": "男职工",
    "female_cadre": "女干部（原55周岁）",
    "female_worker": "女职工（原50周岁）",
}


def frozen(value: Any) -> Hashable:
    """A part of a record as a hashable value, field by field: what a check's finding rests on."""
    if isinstance(value, BaseModel):
        return tuple(frozen(item) for item in value.__dict__.values())
    if isinstance(value, list | tuple):
        return tuple(frozen(item) for item in value)
    return value  # type: ignore[no-any-return]


def _flat(parts: Sequence[BaseModel]) -> Hashable:
    """Models whose fields are all plain values (honours, results, awards), as a tuple."""
    return tuple(tuple(part.__dict__.values()) for part in parts)


def full_years(born: date, on: date) -> int:
    """Age in full years (周岁): it goes up on the birthday itself."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def span_text(start: date, end: date) -> str:
    """The time from ``start`` to ``end`` as people say it: ``2年11个月30天``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    days = (end - add_months(start, months)).days
    years, months = divmod(months, 12)
    parts = [
        f"{years}年" if years else "",
        f"{months}个月" if months else "",
        f"{days}天" if days else "",
    ]
    return "".join(parts) or "0天"


class Facts:
    """One record at one reference date; what several rules ask is computed once."""

    def __init__(
        self, record: ApplicantRecord, as_of: date, registry_honours: Sequence[Honor] = ()
    ) -> None:
        self.record = record
        self.as_of = as_of
        self.identity: IdNumber = record.identity
        self.age = full_years(self.identity.birth_date, as_of)
        self.skill_rank = skill_rank(record.skill_level)
        self.honours = _with_registry(record.honors, registry_honours)

    @cached_property
    def honours_key(self) -> Hashable:
        """The honours (the registry's included) as one hashable value."""
        return _flat(self.honours)

    @cached_property
    def achievements_key(self) -> Hashable:
        """The competition results, awards and patents as one hashable value."""
        record = self.record
        return _flat(record.competitions), _flat(record.awards), _flat(record.patents)

    @cached_property
    def retirement_category(self) -> RetirementCategory:
        if self.record.retirement_category is not None:
            return self.record.retirement_category
        return "male" if self.identity.gender == "男" else "female_worker"

    @cached_property
    def retirement_date(self) -> date:
        return retirement_date(
            self.retirement_category, self.identity.birth_date, law_date=self.as_of
        )


def _with_registry(recorded: list[Honor], registry: Sequence[Honor]) -> list[Honor]:
    """Honours the applicant recorded, plus those only the registry of past awardees knows."""
    if not registry:
        return recorded
    seen = {(core_title(h.title), h.year) for h in recorded}
    return [*recorded, *(h for h in registry if (core_title(h.title), h.year) not in seen)]
