"""Operators' own programme files (SKILLAWARD_PROGRAMS), `programs check`, and what a new
programme file can say as data: a cap on titles per occupation, public institutions
(事业单位) as recommenders, a time window per condition.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from skillaward.cli import main
from skillaward.core.engine import screen
from skillaward.core.program import (
    BUNDLED_DIR,
    Program,
    ProgramFileError,
    all_programs,
    find_program,
)
from skillaward.core.record import read_batch
from tests.builders import applicant

LC19 = "liaocheng-chief-2019"


def city_programme(**changes: Any) -> dict[str, Any]:
    """Another city's chief-technician notice, written from the Liaocheng file."""
    data = yaml.safe_load((BUNDLED_DIR / f"{LC19}.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data.update({"id": "test-city-chief", "name": "测试市首席技师选拔", **changes})
    return data


def write(directory: Path, data: dict[str, Any]) -> Path:
    path = directory / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def screened(program: Program, *records: dict[str, Any]) -> Any:
    lines = [json.dumps({**r, "program": program.id}, ensure_ascii=False) for r in records]
    return screen(program, read_batch(lines))


def test_operator_programme_directory_adds_programmes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, city_programme())
    monkeypatch.setenv("SKILLAWARD_PROGRAMS", str(tmp_path))
    assert "test-city-chief" in all_programs()
    assert LC19 in all_programs()
    assert find_program("test-city-chief").name == "测试市首席技师选拔"


def test_operator_programme_may_not_take_a_bundled_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, city_programme(id=LC19))
    monkeypatch.setenv("SKILLAWARD_PROGRAMS", str(tmp_path))
    with pytest.raises(ProgramFileError, match="与内置项目重名：liaocheng-chief-2019"):
        all_programs()


def test_programs_check_accepts_a_valid_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, city_programme())
    assert main(["programs", "check", str(path)]) == 0
    assert "有效" in capsys.readouterr().out


def test_programs_check_reports_an_unknown_title_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = city_programme()
    data["rules"][1]["checks"][0]["match"] = [{"title": "青年突击手"}]
    path = write(tmp_path, data)
    assert main(["programs", "check", str(path)]) == 3
    out = capsys.readouterr().out
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "青年突击手" in text
    )
    assert f"第{line}行 rules.1.checks.0.honour.match.0：称号“青年突击手”不在称号词表" in out
    assert out.count("\n") == 1


def test_occupation_cap_warns_past_the_cap_in_rank_order() -> None:
    data = city_programme()
    data["batch_rules"] = [{"check": "occupation_cap", "clause": "LC19-01", "max": 2}]
    program = Program.model_validate(data)
    people = [applicant(LC19, serial=n) for n in (1, 2, 3)]
    people.append(applicant(LC19, serial=4, occupation="焊工"))
    report = screened(program, *people)
    capped = [[f.message for f in r.findings if f.clause == "LC19-01"] for r in report.results]
    assert capped == [[], [], ["职业（工种）“车工”的第3名候选人，超过每个职业2个称号的上限"], []]
    assert [(f.outcome, f.subject) for f in report.batch_findings] == [
        ("warn", "聊城市首席技师 · 车工")
    ]
    assert report.results[2].verdict == "eligible"


def test_public_institution_as_recommender_type() -> None:
    data = city_programme()
    data["nomination"]["recommender_types"] = ["public_institution"]
    program = Program.model_validate(data)
    nomination = {
        "channel": "unit",
        "recommender": "测试市技师学院",
        "recommender_type": "public_institution",
    }
    report = screened(program, applicant(LC19, nomination=nomination))
    finding = {f.clause: f for f in report.results[0].findings}["LC19-02"]
    assert finding.outcome == "pass"


@pytest.mark.parametrize(("year", "outcome"), [(2017, "pass"), (2016, "fail")])
def test_condition_window_of_its_own(year: int, outcome: str) -> None:
    """A condition's own 近2年 instead of the group's 近4年: 2017 onwards in 2019."""
    data = city_programme()
    rule = next(r for r in data["rules"] if r["clause"] == "LC19-08")
    rule["checks"][0]["conditions"][1]["within_years"] = 2
    program = Program.model_validate(data)
    honours = [
        {"title": "东昌府区首席技师", "level": "county", "year": 2017},
        {"title": "全国技术能手", "level": "national", "year": year},
    ]
    report = screened(program, applicant(LC19, honors=honours))
    finding = {f.clause: f for f in report.results[0].findings}["LC19-08"]
    assert finding.outcome == outcome
    if outcome == "fail":
        assert "“全国技术能手”（2016年）不在近2年内（2017年以来）" in finding.message
