"""`skillaward screen` writes, byte for byte, the reports recorded before it was made faster.

The inputs under ``golden/`` mix valid records of every programme with invalid lines, duplicate
people, recommender quotas and the registry of past awardees; each ``.out`` file is the report
the command wrote for that case before the speed work (issue 15 §4).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skillaward.cli import main, screening

GOLDEN = Path(__file__).parent / "golden"
REGISTRY = "../../../examples/registry.jsonl"  # relative to GOLDEN
PROGRAMS = [
    "beijing-allowance-2024",
    "beijing-outstanding-6",
    "changchun-skills-3",
    "liaocheng-chief-2019",
    "xingan-expert-2024",
]

CASES: dict[str, list[str]] = {
    **{
        f"{program}-{form}": [
            "--program", program, "--registry", REGISTRY, "--format", form,
            f"{program}.jsonl",
        ]
        for program in PROGRAMS
        for form in ("json", "table")
    },
    "two-files": ["--program", "liaocheng-chief-2019", "liaocheng-chief-2019.jsonl",
                  "beijing-allowance-2024.jsonl"],
    "award-as-of": ["--program", "changchun-skills-3", "--award", "grand-award",
                    "--as-of", "2021-01-01", "changchun-skills-3.jsonl"],
    "array": ["--program", "beijing-outstanding-6", "beijing-outstanding-6-array.json"],
}  # fmt: skip


@pytest.mark.parametrize("chunk", [screening.CHUNK, 16], ids=["in-process", "worker-processes"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_screen_report_unchanged_byte_for_byte(case, chunk, capsys, monkeypatch):
    """Judged in this process (inputs shorter than a chunk) or in chunks by worker processes."""
    monkeypatch.chdir(GOLDEN)
    monkeypatch.setattr(screening, "CHUNK", chunk)
    status = main(["screen", *CASES[case]])
    out = capsys.readouterr().out
    expected = (GOLDEN / f"{case}.out").read_text(encoding="utf-8")
    assert f"{status}\n{out}" == expected
