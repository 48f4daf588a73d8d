"""Rules over a whole batch: duplicate and cross submissions, quotas, candidate ceilings.

Each rule sees only a small entry per screened record, so a batch of any size costs a few
dozen bytes a record here, whatever the records hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
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


@dataclass
class BatchOutcome:
    findings: list[BatchFinding] = field(default_factory=list)
    by_record: dict[int, list[Finding]] = field(default_factory=lambda: defaultdict(list))


class _BatchRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    clause: str = Field(pattern=r"^[A-Z][A-Z0-9]*-\d{2}$")

    def evaluate(
        self, entries: Sequence[BatchEntry], award_names: Mapping[str, str], outcome: BatchOutcome
    ) -> None:
        raise NotImplementedError


def _people(entries: Sequence[BatchEntry]) -> dict[str, list[BatchEntry]]:
    by_person: dict[str, list[BatchEntry]] = defaultdict(list)
    for entry in entries:
        by_person[entry.person].append(entry)
    return by_person


class DuplicatePersonRule(_BatchRule):
    """The same person recommended more than once (or, ``across_awards``, for two awards)."""

    check: Literal["duplicate_person"]
    across_awards: bool = False

    def evaluate(
        self, entries: Sequence[BatchEntry], award_names: Mapping[str, str], outcome: BatchOutcome
    ) -> None:
        for person, group in _people(entries).items():
            if len(group) < 2:
                continue
            subject = f"{group[0].name}（{mask_id_number(person)}）"
            if self.across_awards:
                awards = sorted({award_names.get(e.award or "", e.award or "") for e in group})
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
    model_config = ConfigDict(extra="forbid", frozen=True)
    recommender_type: RecommenderType
    award: str | None = None
    max: int = Field(ge=0)


class RecommenderQuotaRule(_BatchRule):
    """Each recommending unit puts forward at most its quota (per award where so limited)."""

    check: Literal["recommender_quota"]
    limits: tuple[QuotaLimit, ...] = Field(min_length=1)

    def evaluate(
        self, entries: Sequence[BatchEntry], award_names: Mapping[str, str], outcome: BatchOutcome
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
        self, entries: Sequence[BatchEntry], award_names: Mapping[str, str], outcome: BatchOutcome
    ) -> None:
        count = len(entries)
        if count > self.max:
            finding = BatchFinding(
                self.clause, "fail", self.subject, f"候选人{count}人，超过{self.max}人上限"
            )
        else:
            finding = BatchFinding(
                self.clause, "pass", self.subject, f"候选人{count}人，未超过{self.max}人上限"
            )
        outcome.findings.append(finding)


BatchRule = Annotated[
    DuplicatePersonRule | RecommenderQuotaRule | CandidateCeilingRule,
    Field(discriminator="check"),
]
