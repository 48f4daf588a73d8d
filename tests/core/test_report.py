"""The verdict of a record's findings (clauses.md: the office overrides a failing finding)."""

from __future__ import annotations

from skillaward.core.report import Finding, verdict_of

FINDINGS = [
    Finding("LC19-06", "fail", "年龄超过55周岁"),
    Finding("LC19-07", "warn", "原则上……"),
    Finding("LC19-08", "review", "待核实"),
]


def test_a_failing_finding_makes_the_record_ineligible():
    assert verdict_of(FINDINGS) == "ineligible"


def test_warnings_and_review_items_never_decide_alone():
    assert verdict_of(FINDINGS[1:]) == "eligible"


def test_lc19_06_an_overridden_failing_clause_counts_as_passed():
    assert verdict_of(FINDINGS, overridden={"LC19-06"}) == "eligible"


def test_overriding_another_clause_leaves_the_failure():
    assert verdict_of(FINDINGS, overridden={"LC19-07"}) == "ineligible"
