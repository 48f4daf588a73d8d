"""The tally of a full panel: 40 candidates × 27 experts × 5 criteria (issue 10).

    .venv/bin/python bench/tally.py [--candidates 40] [--experts 27] [--criteria 5] [--runs 20]

Builds a synthetic score sheet (decimal scores, two recusals per candidate, one absent
expert) and a vote sheet of the same panel, as JSON text, then times ``tally_text`` (reading
the JSON exactly and tallying) over several runs and prints the median and the slowest.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from skillaward.core.tally import tally_text


def sheets(candidates: int, experts: int, criteria: int, seed: int = 2026) -> dict[str, str]:
    rng = random.Random(seed)
    members = [f"E{n:02d}" for n in range(1, experts + 1)]
    refs = [f"A-{n:03d}" for n in range(1, candidates + 1)]
    recusals = [
        {"expert": e, "candidate": ref, "reason": "同一工作单位"}
        for ref in refs
        for e in rng.sample(members, 2)
    ]
    recused = {(r["expert"], r["candidate"]) for r in recusals}
    present = members[:-1]
    pairs = [(e, ref) for ref in refs for e in present if (e, ref) not in recused]
    common = {
        "quota": candidates // 4,
        "members": members,
        "present": present,
        "quorum": "2/3",
        "candidates": [{"ref": ref, "name": f"候选人{ref}"} for ref in refs],
        "recusals": recusals,
    }
    score = {
        "method": "score",
        **common,
        "criteria": [
            {"id": f"c{n}", "name": f"评分项{n}", "max": 20, "weight": 1}
            for n in range(1, criteria + 1)
        ],
        "trim": 1,
        "trim_min": 5,
        "scores": [
            {
                "expert": e,
                "candidate": ref,
                # one decimal place, as a JSON number (the tally reads it back exactly)
                "criteria": {f"c{n}": rng.randint(100, 200) / 10 for n in range(1, criteria + 1)},
            }
            for e, ref in pairs
        ],
    }
    vote = {
        "method": "vote",
        **common,
        "threshold": {"at_least": "2/3"},
        "votes": [
            {"expert": e, "candidate": ref, "vote": rng.choice(["yes", "yes", "no", "abstain"])}
            for e, ref in pairs
        ],
    }
    return {
        method: json.dumps(sheet, ensure_ascii=False)
        for method, sheet in (("score", score), ("vote", vote))
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=40)
    parser.add_argument("--experts", type=int, default=27)
    parser.add_argument("--criteria", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    for method, text in sheets(args.candidates, args.experts, args.criteria).items():
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            report = tally_text(text)
            times.append(time.perf_counter() - start)
        assert not report.rejected, report.rejected[:3]
        entries = sum(r.counted or 0 for r in report.results) if method == "score" else None
        shown = f"，{entries}份有效评分" if entries is not None else ""
        print(
            f"{method}: {args.candidates}名候选人 × {args.experts}名专家"
            f"{' × ' + str(args.criteria) + '项' if method == 'score' else ''}{shown}："
            f"中位数 {statistics.median(times) * 1000:.1f} ms，最慢 {max(times) * 1000:.1f} ms"
            f"（{len(text) // 1024} KB JSON，{args.runs}次）"
        )


if __name__ == "__main__":
    main()
