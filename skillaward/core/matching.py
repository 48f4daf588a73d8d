"""Does a recorded honour, competition result or award meet what a clause names?

A programme file describes each thing a clause names with a matcher. Honours are compared by
meaning through the vocabulary of titles (:mod:`skillaward.core.titles`): a canonical title,
or a family of titles (技术能手) conferred by a given issuer (山东省) or inside an area, at the
listed levels. Competitions are compared by level, class, the named event, the province
represented and the placing — a rank, or the medal that implies it. Each matcher also says
why a recorded item does not count, for the finding's message.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from skillaward.core.codes import (
    AWARD_GRADE_RANK,
    COMPETITION_LEVEL_NAMES,
    HONOUR_LEVEL_NAMES,
    MEDAL_RANK,
)
from skillaward.core.record import Award, Competition, CompetitionLevel, Honor, HonourLevel, Medal
from skillaward.core.regions import divisions, region_code
from skillaward.core.titles import DECORATION, VOCABULARY, Issuer, lexicon, plain, read_title

MEDAL_PLACE = {"金牌": 1, "银牌": 2, "铜牌": 3}  # the rank a medal implies (前N名)


@lru_cache(maxsize=4096)
def core_title(title: str) -> str:
    """A title without quotation marks and spaces, as people write it in many ways."""
    return title.translate(DECORATION)


class Window(NamedTuple):
    """近N年: from the reference year minus N (clauses.md) up to the reference date itself."""

    as_of: date
    years: int | None = None

    def place(self, year: int, day: str | None = None) -> Literal["in", "before", "after"]:
        if (date.fromisoformat(day) > self.as_of) if day else year > self.as_of.year:
            return "after"
        if self.years is not None and year < self.as_of.year - self.years:
            return "before"
        return "in"

    def why_not(self, year: int, day: str | None = None) -> str | None:
        """Why an item of that date does not count, or None when it does."""
        place = self.place(year, day)
        if place == "after":
            return f"晚于基准日{self.as_of.isoformat()}，不计入"
        if place == "before":
            return f"不在近{self.years}年内（{self.as_of.year - (self.years or 0)}年以来）"
        return None


class Miss(NamedTuple):
    """Why a recorded item does not meet a matcher; ``depth`` counts the aspects it did meet."""

    depth: int
    reason: str


class _Matcher(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    def describe(self) -> str:
        """The thing matched, in words for a finding's message."""
        raise NotImplementedError


def _levels(levels: tuple[str, ...], names: dict[str, str]) -> str:
    return "或".join(names[level] for level in levels)


@lru_cache(maxsize=256)
def _national_or_division(name: str) -> Issuer:
    issuer = lexicon().issuer(name)
    if not issuer.national and (issuer.code is None or issuer.body):
        raise ValueError(f"“{name}”不是全国，也不是行政区划名称")
    return issuer


class HonourMatcher(_Matcher):
    """An honorary title: a canonical title, or a family of titles by issuer or area."""

    title: str = Field(min_length=1)
    issuer: str | None = None  # 全国 or a division: conferred by it itself (a family only)
    issued_within: str | None = None  # a division: conferred by any body inside it
    levels: tuple[HonourLevel, ...] | None = None

    @model_validator(mode="after")
    def _in_vocabulary(self) -> HonourMatcher:
        words = lexicon()
        if self.title not in words.titles and self.title not in words.families:
            raise ValueError(f"称号“{self.title}”不在称号词表（{VOCABULARY.name}）中")
        if self.title in words.titles and (self.issuer or self.issued_within):
            raise ValueError(f"“{self.title}”是具体称号，不能再给 issuer 或 issued_within")
        if self.issuer is not None:
            _national_or_division(self.issuer)
        if self.issued_within is not None and region_code(self.issued_within) is None:
            raise ValueError(f"“{self.issued_within}”不是行政区划名称")
        return self

    @property
    def family(self) -> str:
        canonical = lexicon().titles.get(self.title)
        return canonical.family if canonical else self.title

    def matches(self, honour: Honor) -> bool:
        return self.miss(honour) is None

    def related(self, honour: Honor) -> bool:
        """The recorded title is of this family, or looks like it (青年技术能手)."""
        read = read_title(honour.title, honour.authority)
        if read.family is None:
            return False
        families = lexicon().families
        return self.family in (read.family, families[read.family].look_alike_of)

    def miss(self, honour: Honor) -> Miss | None:
        read = read_title(honour.title, honour.authority)
        shown = f"“{honour.title}”"
        if self.title in lexicon().titles:
            if read.canonical != self.title:
                return Miss(0, f"{shown}不是所列称号")
        elif read.family != self.title:
            return Miss(0, f"{shown}不是所列称号")
        elif self.issuer is not None and read.issuer != _national_or_division(self.issuer):
            return Miss(1, f"{shown}不是所列称号（须为{self.describe()}）")
        elif self.issued_within is not None and not (
            read.issuer is not None
            and read.issuer.code is not None
            and divisions().within(read.issuer.code, region_code(self.issued_within) or "")
        ):
            return Miss(1, f"{shown}不是{self.issued_within}授予的称号")
        if self.levels is not None and honour.level not in self.levels:
            level = HONOUR_LEVEL_NAMES[honour.level]
            return Miss(2, f"{shown}为{level}，须为{_levels(self.levels, HONOUR_LEVEL_NAMES)}")
        return None

    def describe(self) -> str:
        words = lexicon()
        if self.issuer is not None:
            issuer = _national_or_division(self.issuer)
            name = f"“{words.issuer_name(issuer, self.title)}{self.title}”"
        elif self.issued_within is not None:
            name = f"{self.issued_within}的“{self.title}”"
        else:
            name = f"“{self.title}”"
        if self.levels is None:
            return name
        return f"{_levels(self.levels, HONOUR_LEVEL_NAMES)}{name}"


def _same_region(recorded: str, wanted: str) -> bool:
    code = region_code(recorded)
    return (code is not None and code == region_code(wanted)) or plain(recorded) == plain(wanted)


class CompetitionMatcher(_Matcher):
    """A skills-competition result, compared by rank or by medal as the clause words it.

    ``max_rank`` (前N名) also accepts the medal that implies the rank (金牌 1, 银牌 2, 铜牌 3).
    """

    event: str | None = None  # a canonical competition of the vocabulary
    levels: tuple[CompetitionLevel, ...]
    class_: Literal[1, 2] | None = Field(default=None, alias="class")
    max_rank: int | None = Field(default=None, ge=1)
    min_medal: Medal | None = None
    placed: bool = False
    represented: str | None = None

    @model_validator(mode="after")
    def _known_event(self) -> CompetitionMatcher:
        if self.event is not None and self.event not in lexicon().competitions:
            raise ValueError(f"竞赛“{self.event}”不在称号词表（{VOCABULARY.name}）中")
        return self

    def matches(self, result: Competition) -> bool:
        return self.miss(result) is None

    def miss(self, result: Competition) -> Miss | None:
        kind = COMPETITION_LEVEL_NAMES[result.level] + f"{'一' if result.class_ == 1 else '二'}类"
        if result.level not in self.levels or (
            self.class_ is not None and result.class_ != self.class_
        ):
            return Miss(0, f"{result.name}为{kind}竞赛，不是所列竞赛")
        if self.event is not None and lexicon().event(result.name) != self.event:
            return Miss(1, f"{result.name}不是{self.event}")
        if self.represented is not None and not (
            result.represented and _same_region(result.represented, self.represented)
        ):
            was = f"代表{result.represented}参加" if result.represented else "未记录代表省份"
            return Miss(2, f"{result.name}{was}，须代表{self.represented}")
        placing = self._placing_miss(result)
        return Miss(3, f"{result.name}{placing}") if placing else None

    def _placing_miss(self, result: Competition) -> str | None:
        got = result.medal or f"第{result.rank}名"
        if self.max_rank is not None:
            places = [p for p in (result.rank, MEDAL_PLACE.get(result.medal or "")) if p]
            if places and min(places) <= self.max_rank:
                return None
            return f"{got}，须前{self.max_rank}名"
        if self.min_medal is not None:
            if result.medal is not None and MEDAL_RANK[result.medal] <= MEDAL_RANK[self.min_medal]:
                return None
            return f"{got}，须{self.min_medal}及以上"
        if self.placed and result.rank is None and result.medal == "优胜奖":
            return "优胜奖，不是名次"
        return None

    def describe(self) -> str:
        levels = _levels(self.levels, COMPETITION_LEVEL_NAMES)
        kind = f"{'一' if self.class_ == 1 else '二'}类" if self.class_ else ""
        name = f"“{self.event}”" if self.event else "职业技能竞赛"
        where = f"代表{self.represented}参加" if self.represented else ""
        if self.max_rank is not None:
            result = "第一名" if self.max_rank == 1 else f"前{self.max_rank}名"
        elif self.min_medal is not None:
            result = f"{self.min_medal}及以上"
        else:
            result = "名次"
        return f"{where}{levels}{kind}{name}{result}"


class AwardMatcher(_Matcher):
    """A technical-achievement or science award: one of its names, level, grade or better."""

    names: tuple[str, ...] = Field(min_length=1)
    levels: tuple[HonourLevel, ...]
    min_grade: Literal["特等奖", "一等奖", "二等奖", "三等奖"] | None = None

    def matches(self, award: Award) -> bool:
        return self.miss(award) is None

    def miss(self, award: Award) -> Miss | None:
        title = core_title(award.award)
        if not any(core_title(name) in title for name in self.names):
            return Miss(0, f"“{award.award}”不是所列奖项")
        if award.level not in self.levels:
            level = HONOUR_LEVEL_NAMES[award.level]
            return Miss(
                1, f"“{award.award}”为{level}，须为{_levels(self.levels, HONOUR_LEVEL_NAMES)}"
            )
        if (
            self.min_grade is not None
            and AWARD_GRADE_RANK.get(award.grade, len(AWARD_GRADE_RANK))
            > AWARD_GRADE_RANK[self.min_grade]
        ):
            return Miss(2, f"“{award.award}”{award.grade}，须{self.min_grade}及以上")
        return None

    def describe(self) -> str:
        levels = _levels(self.levels, HONOUR_LEVEL_NAMES)
        grade = f"{self.min_grade}及以上" if self.min_grade else ""
        return f"{levels}“{'/'.join(self.names)}”{grade}"
