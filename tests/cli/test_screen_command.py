"""`skillaward screen`, `programs`, `schema` and `demo` as interchange.md specifies them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from skillaward.cli import main
from skillaward.cli.site import REPO_EXAMPLES
from tests.builders import applicant, id_number


def write_batch(tmp_path: Path, *records: dict | str, name: str = "batch.jsonl") -> Path:
    path = tmp_path / name
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_screen_valid_batch_exits_0_with_json_report(tmp_path, capsys):
    batch = write_batch(tmp_path, applicant("liaocheng-chief-2019", ref="A-1"))
    status, out, _ = run(capsys, "screen", "--program", "liaocheng-chief-2019", str(batch))
    report = json.loads(out)
    assert status == 0
    assert report["summary"] == {
        "total": 1,
        "eligible": 1,
        "ineligible": 0,
        "warnings": 0,
        "rejected": 0,
    }
    assert report["results"][0]["ref"] == "A-1"
    assert report["as_of"] == "2019-07-31"


def test_screen_rejected_input_exits_3_and_the_rest_is_screened(tmp_path, capsys):
    bad_check = applicant("liaocheng-chief-2019", ref="B-2")
    bad_check["id_number"] = bad_check["id_number"][:-1] + (
        "0" if bad_check["id_number"][-1] != "0" else "1"
    )
    batch = write_batch(
        tmp_path, applicant("liaocheng-chief-2019", ref="A-1"), "{broken", bad_check
    )
    status, out, _ = run(capsys, "screen", "--program", "liaocheng-chief-2019", str(batch))
    report = json.loads(out)
    assert status == 3
    assert report["summary"]["total"] == 1
    assert [(r["ref"], r["line"], r["errors"][0]["field"]) for r in report["rejected"]] == [
        (None, 2, ""),
        ("B-2", 3, "id_number"),
    ]
    assert "校验位" in report["rejected"][1]["errors"][0]["message"]


def test_screen_reads_standard_input_as_json_array(monkeypatch, capsys):
    records = [
        applicant("liaocheng-chief-2019", ref="S-1"),
        applicant("liaocheng-chief-2019", ref="S-2", serial=13),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(records, ensure_ascii=False)))
    status, out, _ = run(capsys, "screen", "--program", "liaocheng-chief-2019", "-")
    assert status == 0
    assert [r["ref"] for r in json.loads(out)["results"]] == ["S-1", "S-2"]


def test_screen_as_of_override_changes_the_age(tmp_path, capsys):
    """LC19-06 judged at another reference date: the 56th birthday decides."""
    batch = write_batch(tmp_path, applicant("liaocheng-chief-2019", born="1964-03-01"))
    _, out, _ = run(
        capsys, "screen", "--program", "liaocheng-chief-2019", "--as-of", "2020-03-01", str(batch)
    )
    findings = {f["clause"]: f for f in json.loads(out)["results"][0]["findings"]}
    assert findings["LC19-06"]["message"] == "年龄56周岁，超过55周岁上限"


def test_screen_registry_file_adds_past_awardees(tmp_path, capsys):
    """BJ24-03: a past State Council allowance known only to the registry bars the applicant."""
    person = applicant("beijing-allowance-2024", ref="R-1")
    batch = write_batch(tmp_path, person)
    registry = write_batch(
        tmp_path,
        {
            "id_number": person["id_number"],
            "title": "享受国务院政府特殊津贴",
            "level": "national",
            "year": 2016,
        },
        name="registry.jsonl",
    )
    _, out, _ = run(
        capsys,
        "screen",
        "--program",
        "beijing-allowance-2024",
        "--registry",
        str(registry),
        str(batch),
    )
    result = json.loads(out)["results"][0]
    assert result["verdict"] == "ineligible"
    assert {f["clause"]: f["outcome"] for f in result["findings"]}["BJ24-03"] == "fail"


def test_screen_table_format_is_readable(tmp_path, capsys):
    batch = write_batch(tmp_path, applicant("liaocheng-chief-2019", ref="T-1", born="1962-01-01"))
    status, out, _ = run(
        capsys, "screen", "--program", "liaocheng-chief-2019", "--format", "table", str(batch)
    )
    assert status == 0
    assert "[T-1] 王建国 — 不符合条件" in out
    assert "✗ 不符合 LC19-06  年龄57周岁，超过55周岁上限" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["screen", "--program", "nowhere", "x.jsonl"], "未知的评选项目“nowhere”"),
        (["screen", "--program", "liaocheng-chief-2019", "/no/such/file.jsonl"], "无法读取文件"),
        (["screen", "--program", "changchun-skills-3", "--award", "gold", "-"], "没有奖项“gold”"),
        (
            ["screen", "--program", "liaocheng-chief-2019", "--registry", "/no/file", "-"],
            "无法读取历届获奖人员文件",
        ),
        (["programs", "show"], "请给出项目 id"),
    ],
)
def test_usage_errors_exit_2_with_chinese_message(capsys, argv, fragment):
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert fragment in err


def test_bad_registry_entry_names_its_line(tmp_path, capsys):
    registry = write_batch(
        tmp_path,
        {"id_number": id_number("1970-01-01"), "title": "x", "level": "moon", "year": 2020},
        name="r.jsonl",
    )
    status, _, err = run(
        capsys, "screen", "--program", "liaocheng-chief-2019", "--registry", str(registry), "-"
    )
    assert status == 2
    assert "第1条：level" in err


def test_programs_lists_the_five_and_shows_one(capsys):
    status, out, _ = run(capsys, "programs")
    assert status == 0
    assert len(out.strip().splitlines()) == 5
    status, out, _ = run(capsys, "programs", "show", "changchun-skills-3")
    assert "CC3-16" in out
    assert "报送申报材料（提前或逾期均不予受理）：2022-10-24 至 2022-10-26（CC3-15）" in out
    assert (
        "  专家综合评审（CC3-10）：评选办公室组织；评审专家不少于5人（通知未规定，按通用规则）；"
        "投票：赞成票达到有表决权专家的2/3以上为通过（通知未规定，按通用规则）；"
        "出席不少于应到人数的2/3（通知未规定，按通用规则）"
    ) in out.splitlines()


def test_schema_applicant_is_a_json_schema_that_lists_code_lists(capsys):
    status, out, _ = run(capsys, "schema", "applicant")
    schema = json.loads(out)
    assert status == 0
    assert schema["additionalProperties"] is False
    assert "work_history" in schema["properties"]
    assert "鄂伦春族" in json.dumps(schema, ensure_ascii=False)


def test_demo_prints_a_report_for_each_of_the_five_programmes(capsys):
    status, out, _ = run(capsys, "demo", "--screen-only", str(REPO_EXAMPLES))
    assert status == 0
    assert out.count("基准日") == 5
    assert "BJ24-12" in out and "CC3-11" in out


def test_screen_starts_without_the_documents_stack_or_django():
    """Issue 15 §4: ``screen`` imports none of what only other commands use."""
    script = (
        "import sys\n"
        "from skillaward.cli import main\n"
        "main(['screen', '--program', 'liaocheng-chief-2019', sys.argv[1]])\n"
        "heavy = ('skillaward.documents', 'docx', 'openpyxl', 'xlsxwriter', 'jinja2', 'django')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
    )
    example = REPO_EXAMPLES / "liaocheng-chief-2019.jsonl"
    done = subprocess.run(
        [sys.executable, "-c", script, str(example)], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"
