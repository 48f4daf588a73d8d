"""The screening report of ``interchange.md``: findings, results, and their two renderings."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from skillaward.core.record import FieldError

Outcome = Literal["pass", "fail", "warn", "review"]
Verdict = Literal["eligible", "ineligible"]

# Which outcome speaks for a clause that several checks judged: the most serious.
OUTCOME_SEVERITY: dict[Outcome, int] = {"pass": 0, "review": 1, "warn": 2, "fail": 3}
OUTCOME_NAMES: dict[Outcome, str] = {
    "pass": "符合",
    "fail": "不符合",
    "warn": "提示",
    "review": "待核实",
}


@dataclass(frozen=True, slots=True)
class Finding:
    clause: str
    outcome: Outcome
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"clause": self.clause, "outcome": self.outcome, "message": self.message}


@dataclass(frozen=True, slots=True)
class BatchFinding:
    clause: str
    outcome: Outcome
    subject: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {
            "clause": self.clause,
            "outcome": self.outcome,
            "subject": self.subject,
            "message": self.message,
        }


def verdict_of(findings: list[Finding], overridden: Collection[str] = ()) -> Verdict:
    """Ineligible when any finding fails; warnings and review items never decide alone.

    ``overridden`` are clauses the selection office accepted despite a failing finding.
    """
    failing = any(f.outcome == "fail" and f.clause not in overridden for f in findings)
    return "ineligible" if failing else "eligible"


@dataclass(slots=True)
class RecordResult:
    ref: str | None
    name: str
    findings: list[Finding]
    line: int | None = None

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.findings)

    @property
    def has_warnings(self) -> bool:
        return any(f.outcome == "warn" for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "name": self.name,
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_json(self) -> str:
        """The text of ``json.dumps(self.to_dict(), ensure_ascii=False)``, built faster."""
        findings = ", ".join(map(_finding_json, self.findings))
        return (
            f'{{"ref": {_dumps(self.ref)}, "name": {_dumps(self.name)}, '
            f'"verdict": "{self.verdict}", "findings": [{findings}]}}'
        )


def _dumps(value: str | None) -> str:
    return json.dumps(value, ensure_ascii=False)


@lru_cache(maxsize=8192)
def _finding_json(finding: Finding) -> str:
    return json.dumps(finding.to_dict(), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Rejection:
    ref: str | None
    line: int | None
    errors: list[FieldError]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "line": self.line,
            "errors": [{"field": e.field, "message": e.message} for e in self.errors],
        }


@dataclass(slots=True)
class Summary:
    total: int = 0
    eligible: int = 0
    ineligible: int = 0
    warnings: int = 0  # records with at least one warning
    rejected: int = 0  # input entries that were not valid records (not screened)

    def count(self, result: RecordResult) -> None:
        self.tally(result.verdict == "eligible", result.has_warnings)

    def tally(self, eligible: bool, warned: bool) -> None:
        self.total += 1
        if eligible:
            self.eligible += 1
        else:
            self.ineligible += 1
        self.warnings += warned

    def to_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "eligible": self.eligible,
            "ineligible": self.ineligible,
            "warnings": self.warnings,
            "rejected": self.rejected,
        }


@dataclass(slots=True)
class Report:
    program: str
    award: str | None
    as_of: date
    results: list[RecordResult] = field(default_factory=list)
    batch_findings: list[BatchFinding] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def summary(self) -> Summary:
        summary = Summary(rejected=len(self.rejected))
        for result in self.results:
            summary.count(result)
        return summary

    def header(self) -> dict[str, Any]:
        return {"program": self.program, "award": self.award, "as_of": self.as_of.isoformat()}

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.header(),
            "summary": self.summary.to_dict(),
            "results": [r.to_dict() for r in self.results],
            "batch_findings": [f.to_dict() for f in self.batch_findings],
            "rejected": [r.to_dict() for r in self.rejected],
        }


_MARKS: dict[str, str] = {"pass": "✓", "fail": "✗", "warn": "!", "review": "?"}


def _label(outcome: Outcome) -> str:
    return f"{_MARKS[outcome]} {OUTCOME_NAMES[outcome].ljust(3, chr(0x3000))}"


def table_header(program_name: str, header: dict[str, Any], summary: dict[str, int]) -> list[str]:
    """The opening lines of the human-readable report (its parts take the JSON forms)."""
    award = f" · {header['award']}" if header["award"] else ""
    return [
        f"{program_name}（{header['program']}{award}）  基准日 {header['as_of']}",
        f"共筛查{summary['total']}人：符合{summary['eligible']}人，不符合{summary['ineligible']}人，"
        f"有提示{summary['warnings']}人；无效记录{summary['rejected']}条",
        "",
    ]


def table_result(result: dict[str, Any]) -> list[str]:
    ref = f"[{result['ref']}] " if result["ref"] else ""
    verdict = "符合条件" if result["verdict"] == "eligible" else "不符合条件"
    lines = [f"{ref}{result['name']} — {verdict}"]
    for finding in result["findings"]:
        lines.append(f"  {_label(finding['outcome'])} {finding['clause']:<8} {finding['message']}")
    lines.append("")
    return lines


def table_tail(batch_findings: list[dict[str, Any]], rejected: list[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    if batch_findings:
        lines.append("批次检查：")
        for f in batch_findings:
            lines.append(
                f"  {_label(f['outcome'])} {f['clause']:<8} {f['subject']}：{f['message']}"
            )
        lines.append("")
    if rejected:
        lines.append("无效记录（未筛查）：")
        for rejection in rejected:
            where = (
                f"{rejection.get('file', '')}第{rejection['line']}行" if rejection["line"] else ""
            )
            ref = f" [{rejection['ref']}]" if rejection["ref"] else ""
            for error in rejection["errors"]:
                name = f"{error['field']}：" if error["field"] else ""
                lines.append(f"  {where}{ref} {name}{error['message']}")
        lines.append("")
    return lines
