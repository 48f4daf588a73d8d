"""Does a recorded honour, competition result or award meet what a clause names?

A programme file describes each thing a clause names with a matcher; the matcher compares
titles by their core words (``全国五一劳动奖章`` is a ``五一劳动奖章`` at national level),
levels as the clause lists them, and ranks or medals exactly as the clause says.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from skillaward.core.codes import (
    AWARD_GRADE_RANK,
    COMPETITION_LEVEL_NAMES,
    HONOUR_LEVEL_NAMES,
    MEDAL_RANK,
)
from skillaward.core.record import Award, Competition, CompetitionLevel, Honor, HonourLevel, Medal

_DECORATION = str.maketrans("", "", "“”\"'‘’《》「」 \u3000")


@lru_cache(maxsize=4096)
def core_title(title: str) -> str:
    """A title without quotation marks and spaces, as people write it in many ways."""
    return title.translate(_DECORATION)


def within_window(year: int, *, reference_year: int, years: int | None) -> bool:
    """近N年: a year counts when it is at least the reference year minus N (clauses.md)."""
    return years is None or year >= reference_year - years


class _Matcher(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def describe(self) -> str:
        """The thing matched, in words for a finding's message."""
        raise NotImplementedError


class HonourMatcher(_Matcher):
    """An honorary title: its core words, at one of the listed levels."""

    title: str = Field(min_length=1)
    levels: tuple[HonourLevel, ...] | None = None

    def matches(self, honour: Honor) -> bool:
        return core_title(self.title) in core_title(honour.title) and (
            self.levels is None or honour.level in self.levels
        )

    def describe(self) -> str:
        if self.levels is None:
            return f"“{self.title}”"
        levels = "或".join(HONOUR_LEVEL_NAMES[level] for level in self.levels)
        return f"{levels}“{self.title}”"


class CompetitionMatcher(_Matcher):
    """A skills-competition result, compared by rank or by medal as the clause words it."""

    name: str | None = None
    levels: tuple[CompetitionLevel, ...]
    class_: Literal[1, 2] | None = Field(default=None, alias="class")
    max_rank: int | None = Field(default=None, ge=1)
    min_medal: Medal | None = None
    placed: bool = False
    represented: str | None = None

    def matches(self, result: Competition) -> bool:
        return (
            result.level in self.levels
            and (self.class_ is None or result.class_ == self.class_)
            and (self.name is None or core_title(self.name) in core_title(result.name))
            and (self.represented is None or result.represented == self.represented)
            and self._placing_counts(result)
        )

    def _placing_counts(self, result: Competition) -> bool:
        if self.max_rank is not None:
            return result.rank is not None and result.rank <= self.max_rank
        if self.min_medal is not None:
            return (
                result.medal is not None and MEDAL_RANK[result.medal] <= MEDAL_RANK[self.min_medal]
            )
        if self.placed:
            return result.rank is not None or (
                result.medal is not None and result.medal != "优胜奖"
            )
        return True

    def describe(self) -> str:
        levels = "或".join(COMPETITION_LEVEL_NAMES[level] for level in self.levels)
        kind = f"{'一' if self.class_ == 1 else '二'}类" if self.class_ else ""
        name = f"“{self.name}”" if self.name else "职业技能竞赛"
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
        title = core_title(award.award)
        return (
            award.level in self.levels
            and any(core_title(name) in title for name in self.names)
            and (
                self.min_grade is None
                or AWARD_GRADE_RANK.get(award.grade, len(AWARD_GRADE_RANK))
                <= AWARD_GRADE_RANK[self.min_grade]
            )
        )

    def describe(self) -> str:
        levels = "或".join(HONOUR_LEVEL_NAMES[level] for level in self.levels)
        grade = f"{self.min_grade}及以上" if self.min_grade else ""
        return f"{levels}“{'/'.join(self.names)}”{grade}"
