"""Reading applicant records for the documents: whole or partial, checked on what is given.

A form prints what the record gives and leaves the rest blank for hand-filling, so a record
that lacks required keys (an imported list row, a draft) still renders; a value that is given
must be valid by the applicant record's own rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from skillaward.core.record import FieldError, RecordInvalid, validate_record


@dataclass(frozen=True)
class RecordProblem:
    line: int
    ref: str | None
    errors: list[FieldError]

    def __str__(self) -> str:
        where = f"第{self.line}行" + (f"（{self.ref}）" if self.ref else "")
        return where + "：" + "；".join(f"{e.field or '记录'}：{e.message}" for e in self.errors)


def _given(obj: Any, path: str) -> bool:
    """Whether the dotted ``path`` names a value present in ``obj``."""
    for part in path.split("."):
        if isinstance(obj, dict) and part in obj:
            obj = obj[part]
        elif isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        else:
            return False
    return True


def check_given(obj: object) -> list[FieldError]:
    """The record's errors about values that are given; missing keys are not errors here."""
    if not isinstance(obj, dict):
        return [FieldError("", "应为JSON对象")]
    try:
        validate_record(obj)
    except RecordInvalid as invalid:
        return [e for e in invalid.errors if e.field and _given(obj, e.field)]
    return []


def _objects(text: str) -> Iterator[tuple[int, object]]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        first = text[: len(text) - len(stripped)].count("\n") + 1
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            yield error.lineno, error
            return
        for offset, value in enumerate(values):
            yield first + offset, value
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                yield number, error


def read_records(texts: Iterable[str]) -> tuple[list[dict[str, Any]], list[RecordProblem]]:
    """Records of JSON Lines or JSON array texts, in order; problems by line."""
    records: list[dict[str, Any]] = []
    problems: list[RecordProblem] = []
    for text in texts:
        for line, value in _objects(text):
            if isinstance(value, json.JSONDecodeError):
                problems.append(
                    RecordProblem(line, None, [FieldError("", f"JSON格式错误：{value.msg}")])
                )
                continue
            ref = value.get("ref") if isinstance(value, dict) else None
            errors = check_given(value)
            if errors:
                problems.append(RecordProblem(line, ref if isinstance(ref, str) else None, errors))
            else:
                assert isinstance(value, dict)
                records.append(value)
    return records, problems
