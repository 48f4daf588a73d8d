"""Rules over a whole batch: duplicate and cross submissions, quotas, candidate ceilings.

Each rule reads a small entry per screened record, in one or two passes over a re-iterable
collection (a list in memory, or a spool file for a large batch), and keeps only counters:
what grows with the batch is one integer per person for duplicate detection.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from skillaward.core.idnumber import mask_id_number
from skillaward.core.record import RecommenderType
from skillaward.core.report import BatchFinding, Finding
from skillaward.core.rules import RECOMMENDER_TYPE_NAMES


class BatchEntry(NamedTuple):
    position: int  # order of the record among those screened
    person: str  # the 18-digit ID number: the same person is the same number
    name: str
    award: str | None
    recommender: str
    recommender_type: str | None
    eligible: bool  # the record's verdict before the batch rules
    occupation: str = ""  # the occupation (工种) on the skill certificate


Entries = Iterable[BatchEntry]  # re-iterable: each rule may read it more than once


@dataclass
class BatchOutcome:
    findings: list[BatchFinding] = field(default_factory=list)
    by_record: dict[int, list[Finding]] = field(default_factory=lambda: defaultdict(list))


class _BatchRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    clause: str = Field(pattern=r"^[A-Z][A-Z0-9]*-\d{2}$")

    def evaluate(
        self, entries: Entries, award_names: Mapping[str, str], outcome: BatchOutcome
    ) -> None:
        raise NotImplementedError


def _person_key(person: str) -> int:
    """The first 17 digits decide an ID number (the 18th is their check), as one integer."""
    return int(person[:17])


def _repeated_people(entries: Entries) -> dict[int, list[BatchEntry]]:
    """Entries of the people who occur more than once: a count pass, then a collect pass."""
    counts = Counter(_person_key(entry.person) for entry in entries)
    repeated: dict[int, list[BatchEntry]] = defaultdict(list)
    for entry in entries:
        key = _person_key(entry.person)
        if counts[key] > 1:
            repeated[key].append(entry)
    return repeated


class DuplicatePersonRule(_BatchRule):
    """The same person recommended more than once (or, ``across_awards``, for two awards)."""

    check: Literal["duplicate_person"]
    across_awards: bool = False

    def evaluate(
        self, entries: Entries, award_names: Mapping[str, str], outcome: BatchOutcome
    ) -> None:
        for group in _repeated_people(entries).values():
            subject = f"{group[0].name}（{mask_id_number(group[0].person)}）"
            if self.across_awards:
                applied = {e.award for e in group}
                awards = [name for award, name in award_names.items() if award in applied]
                if len(awards) < 2:
                    continue
                message = f"同一人同时申报{'和'.join(awards)}，不得同时申报"
            else:
                units = "、".join(dict.fromkeys(e.recommender for e in group))
                message = f"同一人被推荐{len(group)}次（{units}），交叉、重复推荐均视为无效"
            outcome.findings.append(BatchFinding(self.clause, "fail", subject, message))
            for entry in group:
                outcome.by_record[entry.position].append(Finding(self.clause, "fail", message))


class QuotaLimit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    recommender_type: RecommenderType
    award: str | None = None
    max: int = Field(ge=0)


class RecommenderQuotaRule(_BatchRule):
    """Each recommending unit puts forward at most its quota (per award where so limited)."""

    check: Literal["recommender_quota"]
    limits: tuple[QuotaLimit, ...] = Field(min_length=1)

    def evaluate(
        self, entries: Entries, award_names: Mapping[str, str], outcome: BatchOutcome
    ) -> None:
        limits: dict[tuple[str, str | None], int] = {
            (limit.recommender_type, limit.award): limit.max for limit in self.limits
        }
        per_award = {limit.recommender_type for limit in self.limits if limit.award is not None}
        counts: dict[tuple[str, str | None], int] = defaultdict(int)
        kinds: dict[str, str | None] = {}
        for entry in entries:
            award = entry.award if entry.recommender_type in per_award else None
            counts[(entry.recommender, award)] += 1
            kinds.setdefault(entry.recommender, entry.recommender_type)
        for (recommender, award), count in counts.items():
            kind = kinds[recommender]
            quota = limits.get((kind, award)) if kind is not None else None
            if quota is None:
                continue
            subject = recommender
            if award is not None:
                subject += f" · {award_names.get(award, award)}"
            kind_name = RECOMMENDER_TYPE_NAMES[kind] if kind else ""
            if count > quota:
                message = f"推荐{count}人，超过{kind_name}{quota}人名额"
                outcome.findings.append(BatchFinding(self.clause, "fail", subject, message))
            else:
                message = f"推荐{count}人，未超过{kind_name}{quota}人名额"
                outcome.findings.append(BatchFinding(self.clause, "pass", subject, message))


class CandidateCeilingRule(_BatchRule):
    """The batch holds at most ``max`` candidates (XA24-12)."""

    check: Literal["candidate_ceiling"]
    max: int = Field(ge=1)
    subject: str = "本批次"

    def evaluate(
        self, entries: Entries, award_names: Mapping[str, str], outcome: BatchOutcome
    ) -> None:
        count = sum(1 for _ in entries)
        if count > self.max:
            finding = BatchFinding(
                self.clause, "fail", self.subject, f"候选人{count}人，超过{self.max}人上限"
            )
        else:
            finding = BatchFinding(
                self.clause, "pass", self.subject, f"候选人{count}人，未超过{self.max}人上限"
            )
        outcome.findings.append(finding)


class OccupationCapRule(_BatchRule):
    """At most ``max`` titles per occupation (per award): a selection cap.

    In a ranked list the candidates are in rank order; those past the cap in their occupation
    can be selected only if someone ranked above them is not, so each is a warning.
    """

    check: Literal["occupation_cap"]
    max: int = Field(ge=1)

    def evaluate(
        self, entries: Entries, award_names: Mapping[str, str], outcome: BatchOutcome
    ) -> None:
        counts: Counter[tuple[str | None, str]] = Counter()
        for entry in entries:
            key = (entry.award, entry.occupation)
            counts[key] += 1
            if counts[key] > self.max:
                message = (
                    f"职业（工种）“{entry.occupation}”的第{counts[key]}名候选人，"
                    f"超过每个职业{self.max}个称号的上限"
                )
                outcome.by_record[entry.position].append(Finding(self.clause, "warn", message))
        for (award, occupation), count in counts.items():
            if count > self.max:
                subject = " · ".join(filter(None, (award_names.get(award or ""), occupation)))
                outcome.findings.append(
                    BatchFinding(self.clause, "warn", subject, self.excess(count))
                )

    def excess(self, count: int) -> str:
        return f"同一职业（工种）{count}人，每个职业至多授予{self.max}个称号"

    def over(self, occupations: Iterable[str]) -> dict[str, int]:
        """The occupations of one award's selected candidates that exceed the cap, by count."""
        counts = Counter(occupations)
        return {occupation: n for occupation, n in counts.items() if n > self.max}


BatchRule = Annotated[
    DuplicatePersonRule | RecommenderQuotaRule | CandidateCeilingRule | OccupationCapRule,
    Field(discriminator="check"),
]
