"""Screening: every rule of a programme against each record, then the batch rules.

One path serves every caller: :class:`Screening` takes records one at a time and keeps only
a small entry per record for the batch rules — in a list, or in an :class:`EntrySpool` on disk
so that the command line can stream a batch of any size — while :func:`screen` collects a
whole :class:`Report` for the web and the tests.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Hashable, Iterable, Iterator, Mapping, MutableSequence, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from skillaward.core.batch_rules import BatchEntry, BatchOutcome
from skillaward.core.facts import Facts
from skillaward.core.program import Program, Rule
from skillaward.core.record import ApplicantRecord, BatchItem, FieldError, Honor
from skillaward.core.report import (
    OUTCOME_SEVERITY,
    Finding,
    Outcome,
    RecordResult,
    Rejection,
    Report,
    Summary,
)
from skillaward.core.rules import Status

Registry = Mapping[str, Sequence[Honor]]  # 18-digit ID number → honours of past awardees
MEMO_SIZE = 8192  # findings remembered per rule (by what its checks read)


class Judged(NamedTuple):
    """A record's result as the command line writes it, and what the batch needs of it."""

    text: str  # the result's JSON
    warned: bool  # it has a warning
    entry: BatchEntry


def judge(rule: Rule, facts: Facts) -> Finding:
    """One finding for a clause: the most serious outcome of its checks, with their reasons."""
    if len(rule.checks) == 1:
        status, message = rule.checks[0].evaluate(facts)
        return Finding(rule.clause, _outcome(status, rule), message)
    judged = [check.evaluate(facts) for check in rule.checks]
    outcomes = [_outcome(status, rule) for status, _ in judged]
    worst = max(outcomes, key=OUTCOME_SEVERITY.__getitem__)
    message = "；".join(
        m for (_, m), outcome in zip(judged, outcomes, strict=True) if outcome == worst
    )
    return Finding(rule.clause, worst, message)


def _outcome(status: Status, rule: Rule) -> Outcome:
    if status is Status.UNMET:
        return rule.on_failure
    return "review" if status is Status.REVIEW else "pass"


class Screener:
    """Judges single records against one programme at one reference date."""

    def __init__(
        self,
        program: Program,
        *,
        as_of: date | None = None,
        award: str | None = None,
        registry: Registry | None = None,
    ) -> None:
        if award is not None and award not in program.award_ids:
            raise ValueError(
                f"项目{program.id}没有奖项“{award}”，可选：{'、'.join(program.award_ids)}"
            )
        self.program = program
        self.as_of = as_of or program.as_of
        self.award = award
        self.registry: Registry = registry or {}
        self._rules: dict[str, list[tuple[Rule, dict[Hashable, Finding]]]] = {
            award_id: [(rule, {}) for rule in program.rules_for(award_id)]
            for award_id in program.award_ids
        }

    def award_of(self, record: ApplicantRecord) -> str | FieldError:
        """The award a record is screened for, or why it cannot be screened."""
        program = self.program
        if record.program != program.id:
            return FieldError(
                "program", f"记录属于项目“{record.program}”，与本次筛查的“{program.id}”不符"
            )
        chosen = record.award if self.award is None else self.award
        if record.award is not None and self.award is not None and record.award != self.award:
            return FieldError("award", f"记录申报“{record.award}”，与指定奖项“{self.award}”不符")
        if chosen is None:
            if len(program.awards) == 1:
                return program.awards[0].id
            return FieldError("award", f"本项目有多个奖项，须注明：{'、'.join(program.award_ids)}")
        if chosen not in program.award_ids:
            return FieldError(
                "award", f"奖项“{chosen}”不在本项目中，可选：{'、'.join(program.award_ids)}"
            )
        return chosen

    def assess(self, item: BatchItem) -> tuple[RecordResult, BatchEntry] | Rejection:
        """One item judged on its own: its result and its batch entry (not yet numbered)."""
        line, ref, parsed = item
        if not isinstance(parsed, ApplicantRecord):
            return Rejection(ref, line, parsed)
        award = self.award_of(parsed)
        if isinstance(award, FieldError):
            return Rejection(ref, line, [award])
        result = RecordResult(ref, parsed.name, self.judge(parsed, award), line)
        nomination = parsed.nomination
        entry = BatchEntry(
            -1,
            parsed.identity.number,
            parsed.name,
            award,
            nomination.recommender,
            nomination.recommender_type,
            result.verdict == "eligible",
            parsed.occupation,
        )
        return result, entry

    def judged(self, item: BatchItem) -> Judged | Rejection:
        """:meth:`assess` in the compact form a worker process sends back."""
        assessed = self.assess(item)
        if isinstance(assessed, Rejection):
            return assessed
        result, entry = assessed
        return Judged(result.to_json(), result.has_warnings, entry)

    def judge(self, record: ApplicantRecord, award: str) -> list[Finding]:
        """The findings of every rule; a rule is judged once for each distinct thing it reads."""
        facts = Facts(record, self.as_of, self.registry.get(record.identity.number, ()))
        findings = []
        for rule, known in self._rules[award]:
            key = tuple(check.reads(facts) for check in rule.checks)
            finding = known.get(key)
            if finding is None:
                if len(known) >= MEMO_SIZE:  # memory stays flat however varied the batch
                    known.clear()
                finding = known[key] = judge(rule, facts)
            findings.append(finding)
        return findings


class EntrySpool:
    """Batch entries kept in a temporary file: appendable, and re-read from the start."""

    def __init__(self) -> None:
        # Lives as long as the spool; close() ends it.
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def append(self, entry: BatchEntry) -> None:
        self._file.write(f"{json.dumps(entry, ensure_ascii=False)}\n")

    def __iter__(self) -> Iterator[BatchEntry]:
        self._file.seek(0)
        for line in self._file:
            yield BatchEntry(*json.loads(line))
        self._file.seek(0, 2)

    def close(self) -> None:
        self._file.close()


@dataclass
class Screening:
    """A batch being screened: feed it items, then ask for the batch conclusion."""

    screener: Screener
    entries: MutableSequence[BatchEntry] | EntrySpool = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    screened: int = 0

    def add(self, item: BatchItem) -> RecordResult | Rejection:
        assessed = self.screener.assess(item)
        if isinstance(assessed, Rejection):
            self.take(assessed)
            return assessed
        result, entry = assessed
        self._count(entry, result.has_warnings)
        return result

    def take(self, judged: Judged | Rejection) -> None:
        """Count an item judged elsewhere (:meth:`Screener.judged`) as the next of the batch."""
        if isinstance(judged, Rejection):
            self.summary.rejected += 1
        else:
            self._count(judged.entry, judged.warned)

    def _count(self, entry: BatchEntry, warned: bool) -> None:
        self.entries.append(entry._replace(position=self.screened))
        self.screened += 1
        self.summary.tally(entry.eligible, warned)

    def conclude(self) -> BatchOutcome:
        """Run the batch rules; afterwards :attr:`summary` counts their effect on verdicts."""
        outcome = BatchOutcome()
        program = self.screener.program
        for rule in program.batch_rules:
            rule.evaluate(self.entries, program.award_names, outcome)
        failed = {
            position
            for position, findings in outcome.by_record.items()
            if any(f.outcome == "fail" for f in findings)
        }
        if failed:
            newly_failed = sum(1 for e in self.entries if e.position in failed and e.eligible)
            self.summary.eligible -= newly_failed
            self.summary.ineligible += newly_failed
        return outcome


def screen(
    program: Program,
    items: Iterable[BatchItem],
    *,
    as_of: date | None = None,
    award: str | None = None,
    registry: Registry | None = None,
) -> Report:
    """Screen a whole batch in memory and return the full report."""
    screener = Screener(program, as_of=as_of, award=award, registry=registry)
    screening = Screening(screener)
    report = Report(program.id, award, screener.as_of)
    for item in items:
        outcome = screening.add(item)
        if isinstance(outcome, Rejection):
            report.rejected.append(outcome)
        else:
            report.results.append(outcome)
    concluded = screening.conclude()
    for index, findings in concluded.by_record.items():
        report.results[index].findings.extend(findings)
    report.batch_findings.extend(concluded.findings)
    return report


def screen_records(
    program: Program,
    records: Iterable[ApplicantRecord],
    *,
    as_of: date | None = None,
    award: str | None = None,
    registry: Registry | None = None,
) -> Report:
    """:func:`screen` for records already validated (the web platform's path)."""
    items = ((line, record.ref, record) for line, record in enumerate(records, start=1))
    return screen(program, items, as_of=as_of, award=award, registry=registry)
