"""Past awardees, so that a later edition knows who already holds a title.

A registry file is JSON Lines or a JSON array of entries, each either an applicant record
(an awardee of that record's programme and award) or ``{id_number, title, level, year,
term_end}``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable

from pydantic import BaseModel, ConfigDict, StrictStr, ValidationError

from skillaward.core.idnumber import IdNumberError, parse_id_number
from skillaward.core.program import Program
from skillaward.core.record import (
    Honor,
    HonourLevel,
    IsoDate,
    RecordInvalid,
    Year,
    field_errors,
    validate_record,
)


class RegistryError(ValueError):
    """A registry entry that cannot be read; the message names the line and the reason."""


class RegistryEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id_number: StrictStr
    title: StrictStr
    level: HonourLevel
    year: Year
    term_end: IsoDate | None = None


def registry_honours(
    values: Iterable[tuple[int, object]], find_program: Callable[[str], Program]
) -> dict[str, list[Honor]]:
    """Honours by 18-digit ID number from parsed entries, each with its 1-based line."""
    honours: dict[str, list[Honor]] = defaultdict(list)
    for line, value in values:
        person, honour = _entry(value, line, find_program)
        honours[person].append(honour)
    return dict(honours)


def _entry(value: object, line: int, find_program: Callable[[str], Program]) -> tuple[str, Honor]:
    if isinstance(value, dict) and "program" in value:
        try:
            record = validate_record(value)
        except RecordInvalid as exc:
            raise RegistryError(f"第{line}条：{exc}") from None
        program = find_program(record.program)
        award = program.award(record.award)
        honour = Honor(title=award.title, level=program.title_level, year=program.year)
        return record.identity.number, honour
    try:
        entry = RegistryEntry.model_validate(value)
        person = parse_id_number(entry.id_number).number
    except ValidationError as exc:
        problems = "；".join(f"{e.field}：{e.message}" for e in field_errors(exc))
        raise RegistryError(f"第{line}条：{problems}") from None
    except IdNumberError as exc:
        raise RegistryError(f"第{line}条：id_number：{exc}") from None
    honour = Honor(title=entry.title, level=entry.level, year=entry.year, term_end=entry.term_end)
    return person, honour


def parse_json_values(text: str) -> list[tuple[int, object]]:
    """The values of a JSON array or of JSON Lines, each with its 1-based line."""
    stripped = text.lstrip()
    try:
        if stripped.startswith("["):
            return list(enumerate(json.loads(text), start=1))
        return [
            (n, json.loads(line)) for n, line in enumerate(text.splitlines(), 1) if line.strip()
        ]
    except json.JSONDecodeError as exc:
        raise RegistryError(f"JSON格式错误（第{exc.lineno}行第{exc.colno}列）：{exc.msg}") from None
    except RecursionError:
        raise RegistryError("JSON嵌套层数过多，不是获评人员名单") from None
