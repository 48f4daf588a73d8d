"""Programme files: the schema, its error messages, and a new programme without code."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from skillaward.core.engine import screen
from skillaward.core.program import (
    BUNDLED_DIR,
    ProgramFileError,
    bundled_programs,
    find_program,
    load_program_file,
)
from skillaward.core.record import read_batch
from tests.builders import id_number

CLAUSES = Path(__file__).resolve().parents[3] / "shared" / "spec" / "clauses.md"

# A programme written only for this test: a county award with existing rule kinds.
TEST_PROGRAM = textwrap.dedent(
    """
    id: test-county-craftsman
    name: 测试县工匠评选
    short_name: 测试县工匠
    notice: 测试通知
    authority: 测试县人社局
    source: none
    edition: 第一届
    year: 2025
    title_level: county
    region: 测试县
    awards: [{id: craftsman, name: 测试县工匠, title: 测试县工匠, quota: 2}]
    nomination: {clause: TC-01, channels: [unit], recommender_types: [county]}
    quotas: {clause: TC-02, total: 2}
    timeline: [{id: submission, name: 报送, end: 2025-06-30, submission: true}]
    rules:
      - clause: TC-03
        title: 年龄不超过40周岁，技师以上
        checks:
          - {check: max_age, years: 40}
          - {check: skill_level, min: 技师}
    batch_rules:
      - {check: recommender_quota, clause: TC-02, limits: [{recommender_type: county, max: 1}]}
    publicity: [{stage: unit, name: 单位公示, working_days: 3, clause: TC-04}]
    chain:
      - {kind: unit_review, clause: TC-04, exits: [next, returned, rejected]}
      - {kind: publicity, stage: unit, clause: TC-04, exits: [next, rejected]}
      - {kind: recommender_submit, clause: TC-02, exits: [next]}
      - {kind: approval, clause: TC-05, exits: [next]}
      - {kind: announcement, clause: TC-05, exits: [next]}
    """
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "program.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def record(born: str, level: str, serial: int = 12) -> str:
    return json.dumps(
        {
            "program": "test-county-craftsman",
            "name": "测试",
            "id_number": id_number(born, serial=serial),
            "employer": {"name": "厂", "region": "测试县", "nature": "其他"},
            "post": {"title": "木工", "front_line": True},
            "occupation": "木工",
            "skill_level": level,
            "nomination": {
                "channel": "unit",
                "recommender": "县人社局",
                "recommender_type": "county",
            },
        },
        ensure_ascii=False,
    )


def test_new_programme_file_with_existing_rule_kinds_needs_no_code(tmp_path):
    program = load_program_file(write(tmp_path, TEST_PROGRAM))
    report = screen(
        program, read_batch([record("1985-06-30", "技师"), record("1984-06-30", "技师", 13)])
    )
    verdicts = [(r.verdict, r.findings[1].message) for r in report.results]
    assert verdicts == [
        ("eligible", "年龄40周岁，不超过40周岁；职业资格等级技师，达到技师及以上"),
        ("ineligible", "年龄41周岁，超过40周岁上限"),
    ]
    assert [f.message for f in report.batch_findings] == [
        "推荐2人，超过县（市、区）人社部门1人名额"
    ]


def test_find_program_accepts_a_file_path(tmp_path):
    path = write(tmp_path, TEST_PROGRAM)
    assert find_program(str(path)).id == "test-county-craftsman"


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "{check: max_age, years: 40}",
            "{check: max_age, years: forty}",
            "rules.0.checks.0.max_age.years",
        ),
        ("{check: max_age, years: 40}", "{check: max_ages, years: 40}", "rules.0.checks.0"),
        ("clause: TC-03", "clause: T3", "rules.0.clause"),
        ("title_level: county", "title_level: village", "title_level"),
        ("quota: 2}]", "quota: 2, extra: 1}]", "awards.0.extra"),
    ],
)
def test_programme_file_mistake_names_file_path_and_reason(tmp_path, old, new, fragment):
    path = write(tmp_path, TEST_PROGRAM.replace(old, new))
    with pytest.raises(ProgramFileError) as caught:
        load_program_file(path)
    assert str(path) in str(caught.value)
    assert fragment in str(caught.value)


def test_programme_file_rule_for_unknown_award_is_refused(tmp_path):
    text = TEST_PROGRAM.replace(
        "title: 年龄不超过40周岁，技师以上", "title: x\n    awards: [nobody]"
    )
    with pytest.raises(ProgramFileError, match="未定义的奖项：nobody"):
        load_program_file(write(tmp_path, text))


def test_programme_file_that_is_not_yaml_is_refused(tmp_path):
    with pytest.raises(ProgramFileError, match="不是有效的YAML"):
        load_program_file(write(tmp_path, "id: [unclosed"))


def test_unknown_programme_id_lists_the_known_ones():
    with pytest.raises(ProgramFileError, match="beijing-allowance-2024"):
        find_program("shanghai-2030")


def test_bundled_programmes_are_the_five_of_the_seeds():
    assert sorted(bundled_programs()) == [
        "beijing-allowance-2024",
        "beijing-outstanding-6",
        "changchun-skills-3",
        "liaocheng-chief-2019",
        "xingan-expert-2024",
    ]


@pytest.mark.parametrize(
    ("program_id", "as_of"),
    [
        ("beijing-outstanding-6", "2022-02-10"),
        ("beijing-allowance-2024", "2024-04-26"),
        ("xingan-expert-2024", "2024-03-19"),
        ("changchun-skills-3", "2022-10-26"),
        ("liaocheng-chief-2019", "2019-07-31"),
    ],
)
def test_reference_date_defaults_to_end_of_submission(program_id, as_of):
    assert bundled_programs()[program_id].as_of.isoformat() == as_of


@pytest.mark.skipif(not CLAUSES.exists(), reason="shared/spec is beside the repository in CI")
def test_every_rule_and_soft_clause_is_in_a_programme_file():
    """A newcomer finds each rule of each programme from its clause id in one grep."""
    wanted = {
        line.split("|")[1].strip()
        for line in CLAUSES.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and line.split("|")[2].strip() in ("rule", "soft")
    }
    files = " ".join(p.read_text(encoding="utf-8") for p in BUNDLED_DIR.glob("*.yaml"))
    assert sorted(c for c in wanted if c not in files) == []


def test_bundled_files_are_plain_yaml_mappings():
    for path in BUNDLED_DIR.glob("*.yaml"):
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path
