"""Screening throughput and memory, through the command line's own code path.

    .venv/bin/python bench/screen.py [--n 100000] [--program liaocheng-chief-2019]

Generates N synthetic applicants as JSON Lines, then, in a fresh process for each size
(N/10 and N, so the two peaks can be compared), screens them exactly as ``skillaward
screen`` does with the report written to /dev/null. Prints records/s, the ratio to plain
``json.loads`` of the same lines in the same process, and the peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from skillaward.core.idnumber import check_character

REGIONS = {
    "liaocheng-chief-2019": ("聊城市东昌府区", "county", "371502"),
    "beijing-allowance-2024": ("北京市朝阳区", "district", "110105"),
    "beijing-outstanding-6": ("北京市海淀区", "district", "110108"),
    "xingan-expert-2024": ("大兴安岭地区加格达奇区", "county", "232701"),
    "changchun-skills-3": ("长春市朝阳区", "county", "220104"),
}
LEVELS = ["高级工", "技师", "高级技师", "二级", "一级"]


def synthetic(program: str, n: int, seed: int = 2026) -> list[str]:
    """N distinct applicants of varied age, level, honours and competition results."""
    rng = random.Random(seed)
    region, kind, area = REGIONS[program]
    lines = []
    for i in range(n):
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 35))
        first17 = f"{area}{born:%Y%m%d}{i % 1000:03d}"
        # i // 1000 varies the area's last digits so that every applicant is a distinct person
        first17 = f"{area[:2]}{(i // 1000) % 10000:04d}{first17[6:]}"
        record = {
            "ref": f"S-{i}",
            "program": program,
            "name": f"申报人{i}",
            "id_number": first17 + check_character(first17),
            "employer": {"name": f"单位{i % 500}", "region": region, "nature": "国有企业（市属）"},
            "post": {"title": "车工", "front_line": rng.random() > 0.05},
            "occupation": "车工",
            "skill_level": rng.choice(LEVELS),
            "honors": [
                {"title": "县首席技师", "level": "county", "year": 2010 + rng.randrange(10)},
                {"title": "省技术能手", "level": "provincial", "year": 2012 + rng.randrange(12)},
            ][: rng.randrange(3)],
            "competitions": [
                {
                    "name": "职业技能竞赛",
                    "level": "provincial",
                    "class": 1,
                    "year": 2016 + rng.randrange(8),
                    "rank": 1 + rng.randrange(8),
                }
            ][: rng.randrange(2)],
            "conditions_claimed": [{"condition": 1, "evidence": "技术攻关"}][: rng.randrange(2)],
            "nomination": {
                "channel": "unit",
                "recommender": f"推荐单位{i % 40}",
                "recommender_type": kind,
            },
        }
        if program == "changchun-skills-3":
            record["award"] = rng.choice(["grand-award", "technical-expert"])
        lines.append(json.dumps(record, ensure_ascii=False))
    return lines


def measure(path: str, program: str) -> dict[str, float]:
    """Run in a child process: screen the file as the CLI does, then time json.loads alone."""
    from skillaward.cli.screening import write_screening
    from skillaward.core.engine import Screener
    from skillaward.core.program import find_program

    screener = Screener(find_program(program))
    started = time.perf_counter()
    with open(path, encoding="utf-8") as stream, open(os.devnull, "w", encoding="utf-8") as out:
        write_screening(screener, [(path, stream)], out, "json")
    screening = time.perf_counter() - started
    # VmHWM, not ru_maxrss: on Linux ru_maxrss carries the parent's peak across exec.
    status = Path("/proc/self/status").read_text()
    peak_kib = int(status.split("VmHWM:")[1].split()[0])
    with open(path, encoding="utf-8") as stream:
        started = time.perf_counter()
        for line in stream:
            json.loads(line)
        parsing = time.perf_counter() - started
    return {"screening_s": screening, "json_loads_s": parsing, "peak_rss_mib": peak_kib / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--program", default="liaocheng-chief-2019", choices=sorted(REGIONS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.program)))
        return
    print(f"programme {args.program}; python {sys.version.split()[0]}; {os.cpu_count()} cores")
    for n in (max(args.n // 10, 1), args.n):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
            handle.write("\n".join(synthetic(args.program, n)) + "\n")
        try:
            child = subprocess.run(
                [sys.executable, __file__, "--program", args.program, "--child", handle.name],
                check=True,
                capture_output=True,
                text=True,
            )
        finally:
            os.unlink(handle.name)
        figures = json.loads(child.stdout)
        rate = n / figures["screening_s"]
        ratio = figures["screening_s"] / figures["json_loads_s"]
        print(
            f"N={n:>7}: {figures['screening_s']:6.2f} s, {rate:8.0f} records/s, "
            f"{ratio:5.1f}× json.loads of the same lines, "
            f"peak RSS {figures['peak_rss_mib']:.0f} MiB"
        )


if __name__ == "__main__":
    main()
