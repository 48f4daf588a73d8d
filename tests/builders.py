"""Applicant records for tests: valid by default, each test changes only what it is about.

``applicant(program_id, **changes)`` gives an interchange dict that passes every hard rule
of that programme at its reference date; ``findings(...)`` screens it and returns the
findings by clause.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

from skillaward.core.engine import screen
from skillaward.core.idnumber import check_character
from skillaward.core.program import bundled_programs
from skillaward.core.record import read_batch
from skillaward.core.report import Finding, Report


def id_number(
    born: str | date, gender: str = "男", *, area: str = "110105", serial: int = 12
) -> str:
    """A valid 18-digit resident ID number for a birth date (YYYY-MM-DD) and gender."""
    day = born.isoformat() if isinstance(born, date) else born
    sequence = serial * 2 + (1 if gender == "男" else 0)
    first17 = f"{area}{day.replace('-', '')}{sequence % 1000:03d}"
    return first17 + check_character(first17)


def _base(region: str, recommender: str, recommender_type: str, skill: str) -> dict[str, Any]:
    return {
        "name": "王建国",
        "employer": {"name": "某机械有限公司", "region": region, "nature": "国有企业（市属）"},
        "post": {"title": "数控车工", "front_line": True},
        "occupation": "车工",
        "skill_level": skill,
        "nomination": {
            "channel": "unit",
            "recommender": recommender,
            "recommender_type": recommender_type,
        },
    }


# A person who passes every hard rule of each programme at its reference date.
_VALID: dict[str, dict[str, Any]] = {
    "beijing-outstanding-6": {
        **_base("北京市朝阳区", "北京市朝阳区人力资源和社会保障局", "district", "高级技师"),
        "born": "1975-06-15",
        "conditions_claimed": [{"condition": 2, "evidence": "主持数控工艺革新"}],
    },
    "beijing-allowance-2024": {
        **_base("北京市朝阳区", "北京市朝阳区人力资源和社会保障局", "district", "技师"),
        "born": "1978-03-10",
        "conditions_claimed": [{"condition": 1, "evidence": "技术攻关成果"}],
    },
    "xingan-expert-2024": {
        **_base("大兴安岭地区加格达奇区", "加格达奇区人力资源和社会保障局", "county", "高级工"),
        "born": "1980-05-20",
        "conditions_claimed": [{"condition": 1, "evidence": "林区机械维修绝技"}],
    },
    "changchun-skills-3": {
        **_base("长春市朝阳区", "长春市朝阳区人力资源和社会保障局", "county", "高级技师"),
        "born": "1976-08-08",
        "award": "grand-award",
        "honors": [{"title": "长春技术能手", "level": "city", "year": 2018}],
        "conditions_claimed": [{"condition": 2, "evidence": "攻克技术难关"}],
    },
    "liaocheng-chief-2019": {
        **_base("聊城市东昌府区", "东昌府区人力资源和社会保障局", "county", "技师"),
        "born": "1975-02-01",
        "honors": [
            {"title": "东昌府区首席技师", "level": "county", "year": 2017},
            {"title": "山东省技术能手", "level": "provincial", "year": 2017},
        ],
    },
}


def applicant(program_id: str, **changes: Any) -> dict[str, Any]:
    """A valid record of the programme with ``changes`` applied (top-level keys replaced).

    ``born`` and ``gender`` set the ID number consistently; ``serial`` makes another person
    of the same birth date.
    """
    data = copy.deepcopy(_VALID[program_id])
    born = changes.pop("born", data.pop("born"))
    gender = changes.pop("gender", "男")
    serial = changes.pop("serial", 12)
    data.update(program=program_id, id_number=id_number(born, gender, serial=serial))
    data.update(changes)
    return data


def report_for(program_id: str, *records: dict[str, Any], **options: Any) -> Report:
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    return screen(bundled_programs()[program_id], read_batch(lines), **options)


def findings(program_id: str, record: dict[str, Any], **options: Any) -> dict[str, Finding]:
    """The findings of one record by clause (the last finding wins for a repeated clause)."""
    report = report_for(program_id, record, **options)
    assert not report.rejected, report.rejected
    return {finding.clause: finding for finding in report.results[0].findings}
