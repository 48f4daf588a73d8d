"""The demo's data files (``data/*.yaml``), read once and checked against these models."""

from __future__ import annotations

from importlib.resources import files
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, field_validator, model_validator


class Spec(BaseModel):
    """A data file's entry: read as it stands, no key unknown, never changed."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Trade(Spec):
    """An occupation as a work unit has it: the post, and the industry groups it belongs to."""

    occupation: str
    post: str
    tags: tuple[str, ...] = ()


class UnitSpec(Spec):
    name: str
    nature: str
    trades: tuple[str, ...]


class RecommenderSpec(Spec):
    name: str
    type: str
    district: str  # the employers' region, as records write it
    area: str  # ID number area code of the people who work there
    local: str  # how a local title is named (Liaocheng's 首席技师 of a county or trade)
    units: tuple[UnitSpec, ...]


class RegionSpec(Spec):
    tag: str
    office: str
    region: str
    programs: tuple[str, ...]
    recommenders: tuple[RecommenderSpec, ...]


def _weighted(value: Any) -> Any:
    """``{value: weight}`` as the sequence a uniform choice draws from, each value ``weight``
    times in a row."""
    if isinstance(value, dict):
        return tuple(item for item, weight in value.items() for _ in range(weight))
    return value


def _pairs(text: str) -> tuple[str, ...]:
    """Two-character given names written one after another."""
    return tuple(text[i : i + 2] for i in range(0, len(text), 2))


class Names(Spec):
    surnames: str
    male_given: tuple[str, ...]
    female_given: tuple[str, ...]
    ethnicities: tuple[str, ...]
    political_statuses: tuple[str, ...]
    educations: tuple[str, ...]
    native_provinces: tuple[str, ...]
    telephone_areas: dict[str, str]
    postcodes: dict[str, str]

    _given = field_validator("male_given", "female_given", mode="before")(_pairs)
    _weights = field_validator("ethnicities", "political_statuses", mode="before")(_weighted)


class Accounts(Spec):
    password: str
    office: tuple[str, ...]
    recommender: tuple[str, ...]
    unit: tuple[str, ...]
    usernames: dict[str, str]
    numbered: frozenset[str]
    order: tuple[str, ...]

    @field_validator("office")
    @classmethod
    def _office_staff_first(cls, roles: tuple[str, ...]) -> tuple[str, ...]:
        if roles[:1] != ("office_staff",):
            raise ValueError("the office's first account, opened with it, is office_staff")
        return roles


class ProgramEditions(Spec):
    skill_levels: tuple[str, ...]
    ages: tuple[int, int] = (34, 53)  # leave every programme's age and retirement rules met
    industries: frozenset[str] = frozenset()
    past: tuple[str, ...]
    reapply: str = ""
    objected: bool = False
    closed: bool = False


class Editions(Spec):
    open_days_left: int
    closed_days_ago: int
    applicants_per_unit: int
    current_stop: str
    past_applicants: int
    imported_awardees: int
    names: tuple[str, ...]
    programs: dict[str, ProgramEditions]

    @model_validator(mode="after")
    def _one_closed(self) -> Editions:
        if sum(p.closed for p in self.programs.values()) != 1:
            raise ValueError("exactly one programme's current edition is closed")
        if max(len(p.past) for p in self.programs.values()) > len(self.names):
            raise ValueError("an earlier edition has no name")
        return self


class Objection(Spec):
    text: str
    name: str  # the notices ask for real names (实名), and a contact
    contact: str
    finding: str = ""


class Override(Spec):
    clause: str
    reason: str


class Special(Spec):
    """A candidate of a current edition who shows a particular case to the role that meets it."""

    program: str
    note: str  # printed, with the candidate's name, for the newcomer
    waits_at: str  # the step the candidate is left at
    channel: str = "unit"
    experts: tuple[dict[str, str], ...] = ()  # who co-sign an expert recommendation (BJ6-10)
    ages: tuple[int, int] | None = None
    investigated: bool = False  # the 归口 unit has recorded the external investigation (BJ6-12)
    override: Override | None = None  # the exception the office has accepted


class Objections(Spec):
    pending: Objection  # waits for the publicity's holder
    settled: Objection  # found unfounded


class Cases(Spec):
    opinions: dict[str, str]
    return_reason: str
    investigation: str
    objections: Objections
    specials: tuple[Special, ...]


class Runoff(Spec):
    program: str
    recommender_type: str
    extra: int
    leader: tuple[str, ...]
    tied: tuple[str, ...]
    again: tuple[tuple[str, str], ...]


class Recused(Spec):
    reason_code: str
    reason: str


class Panels(Spec):
    pool_size: int
    extra_members: int
    reserves: int
    levels: tuple[str, ...]
    work_units: tuple[str, ...]
    recusal: Recused
    shares: tuple[str, ...]
    votes: tuple[str, ...]
    comments: tuple[str, ...]
    runoff: Runoff


T = TypeVar("T")


def _load(name: str, shape: TypeAdapter[T]) -> T:
    text = files("skillaward.demo").joinpath("data", name).read_text(encoding="utf-8")
    return shape.validate_python(yaml.safe_load(text))


TRADES = _load("trades.yaml", TypeAdapter(dict[str, Trade]))
REGIONS = _load("regions.yaml", TypeAdapter(tuple[RegionSpec, ...]))
NAMES = _load("people.yaml", TypeAdapter(Names))
ACCOUNTS = _load("accounts.yaml", TypeAdapter(Accounts))
EDITIONS = _load("editions.yaml", TypeAdapter(Editions))
CASES = _load("cases.yaml", TypeAdapter(Cases))
PANELS = _load("panels.yaml", TypeAdapter(Panels))


def _check_references() -> None:
    """Every trade a unit names, and every programme a region or a case names, is described."""
    units = (u for r in REGIONS for c in r.recommenders for u in c.units)
    missing = {t for u in units for t in u.trades} - set(TRADES)
    programs = {p for r in REGIONS for p in r.programs} | {s.program for s in CASES.specials}
    programs.add(PANELS.runoff.program)
    missing |= programs - set(EDITIONS.programs)
    if missing:
        raise ValueError(f"the demo's data files name what they do not describe: {missing}")


_check_references()
