"""`skillaward panel tally FILE` as interchange.md specifies it: the report, exit 0 / 3 / 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from skillaward.cli import main

SHEET = {
    "method": "vote",
    "quota": 1,
    "members": ["E1", "E2", "E3"],
    "candidates": [{"ref": "A-1", "name": "张三"}, {"ref": "A-2", "name": "李四"}],
    "threshold": {"more_than": "1/2"},
    "votes": [
        {"expert": "E1", "candidate": "A-1", "vote": "yes"},
        {"expert": "E2", "candidate": "A-1", "vote": "yes"},
        {"expert": "E3", "candidate": "A-1", "vote": "no"},
        {"expert": "E1", "candidate": "A-2", "vote": "no"},
    ],
}


def write(tmp_path: Path, sheet: object) -> str:
    path = tmp_path / "sheet.json"
    text = sheet if isinstance(sheet, str) else json.dumps(sheet, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_panel_tally_prints_the_report_and_exits_0(tmp_path, capsys):
    status, out, err = run(capsys, "panel", "tally", write(tmp_path, SHEET))
    report = json.loads(out)
    assert (status, err) == (0, "")
    assert [(r["ref"], r["rank"], r["selected"]) for r in report["results"]] == [
        ("A-1", 1, True),
        ("A-2", None, False),
    ]
    assert (report["runoff"], report["rejected"]) == ([], [])
    assert "张三" in out  # Chinese printed as is, not escaped


def test_panel_tally_reads_standard_input(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(SHEET)))
    status, out, _ = run(capsys, "panel", "tally", "-")
    assert status == 0
    assert json.loads(out)["results"][0]["votes"] == {"yes": 2, "no": 1, "abstain": 0}


def test_panel_tally_rejected_input_exits_3_and_the_rest_is_tallied(tmp_path, capsys):
    text = json.dumps(SHEET).replace(
        '"no"}]', '"no"}, {"expert": "E2", "candidate": "A-1", "vote": "yes"}]'
    )
    status, out, _ = run(capsys, "panel", "tally", write(tmp_path, text))
    report = json.loads(out)
    assert status == 3
    assert report["rejected"] == [
        {"position": "votes[4]", "message": "评审专家“E2”对候选人“A-1”的投票重复，以第一份为准"}
    ]
    assert report["results"][0]["selected"] is True


def test_panel_tally_nan_score_exits_3(tmp_path, capsys):
    sheet = (
        '{"method": "score", "quota": 1, "members": ["E1"],'
        ' "candidates": [{"ref": "A", "name": "甲"}],'
        ' "criteria": [{"id": "x", "name": "技能", "max": 100}],'
        ' "scores": [{"expert": "E1", "candidate": "A", "criteria": {"x": NaN}}]}'
    )
    status, out, _ = run(capsys, "panel", "tally", write(tmp_path, sheet))
    report = json.loads(out)
    assert status == 3
    assert report["rejected"][0]["message"] == "评分项“技能”：“NaN”不是有限数值"
    assert (
        report["results"][0] | {"total": None, "rank": None, "selected": False}
        == (report["results"][0])
    )


def test_panel_tally_sheet_that_cannot_be_tallied_exits_2(tmp_path, capsys):
    status, out, err = run(capsys, "panel", "tally", write(tmp_path, {**SHEET, "threshold": None}))
    assert (status, out) == (2, "")
    assert "评审表无法计票" in err and "投票方式须写明通过标准（threshold）" in err


def test_panel_tally_broken_json_exits_2(tmp_path, capsys):
    status, out, err = run(capsys, "panel", "tally", write(tmp_path, "{broken"))
    assert (status, out) == (2, "")
    assert "不是有效的JSON" in err


def test_panel_tally_unreadable_file_exits_2(tmp_path, capsys):
    missing = str(tmp_path / "missing.json")
    assert run(capsys, "panel", "tally", missing) == (
        2,
        "",
        f"skillaward: {missing}：无法读取（No such file or directory）\n",
    )


def test_panel_tally_does_not_load_django(tmp_path):
    script = (
        "import sys\n"
        "from skillaward.cli import main\n"
        f"status = main(['panel', 'tally', {write(tmp_path, SHEET)!r}])\n"
        "assert status == 0, status\n"
        "assert 'django' not in sys.modules, 'django loaded'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
