"""A filled 一览表 / 汇总表 (.xlsx) back into applicant records.

Units fill the programme's list offline and send it back. Each data row becomes an applicant
record holding the keys the list carries (plus ``program``, ``ref`` = ``row-N`` and, for a list
split by award, ``award``); columns that are not record keys (bank account, phone, remarks)
go into the form context. The records are partial by nature — a list has no employer region
or post — so only the carried keys are checked, with the applicant record's own validators.
Every problem is reported by row and column, in Chinese; the good rows still import.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from skillaward.core.codes import HONOUR_LEVEL_NAMES, normalize_skill_level
from skillaward.core.record import RecordInvalid, validate_record
from skillaward.documents.catalogue import Column, Document, Program
from skillaward.documents.context import ApplicantContext, BatchContext, DocumentContext
from skillaward.documents.errors import DocumentError

BATCH_LABELS = {
    "归口单位": "recommender",
    "推荐单位": "recommender",
    "联系人": "contact",
    "联系电话": "phone",
    "手机": "mobile",
    "填表人": "filler",
    "填表日期": "date",
}
LEVEL_BY_NAME = {name: key for key, name in HONOUR_LEVEL_NAMES.items()}
HONOUR_LINE = re.compile(r"^(\d{4})年 ?(.+?)（(县级|市级|省级|国家级|行业)(?:，(.+))?）$")
TITLE = re.compile(r"^(初级|中级|副高级|正高级)(?:（(.+)）)?$")


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based spreadsheet row
    column: str  # spreadsheet column letter, "" for the whole row
    header: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行"
        if self.column:
            where += f"{self.column}列“{self.header}”"
        return f"{where}：{self.message}"


@dataclass
class ImportResult:
    records: list[dict[str, Any]] = field(default_factory=list)
    context: DocumentContext = field(default_factory=DocumentContext)
    errors: list[RowError] = field(default_factory=list)


def _normal(text: Any) -> str:
    return re.sub(r"\s+", "", str(text)) if text is not None else ""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def parse_date(value: Any, *, month_only: bool = False) -> str:
    """A date cell as ISO text: Excel dates, 1980-05-12, 1980/5/12, 1980.5.12, 1980年5月12日."""
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return day.isoformat()[:7] if month_only else day.isoformat()
    text = str(value).strip()
    numbers = re.findall(r"\d+", text)
    if (month_only and len(numbers) == 2) or (not month_only and len(numbers) == 3):
        try:
            day = date(int(numbers[0]), int(numbers[1]), int(numbers[2]) if len(numbers) > 2 else 1)
        except ValueError:
            pass
        else:
            return day.isoformat()[:7] if month_only else day.isoformat()
    if not month_only and re.fullmatch(r"\d{8}", text):
        return parse_date(f"{text[:4]}-{text[4:6]}-{text[6:]}")
    expected = "年月（如1999年7月）" if month_only else "日期（如1980年5月12日）"
    raise ValueError(f"“{text}”不是有效的{expected}")


def _skill_or_title(text: str) -> dict[str, Any]:
    """技能等级或专业技术职务: ``高级技师；中级（新职业）`` → skill level and title."""
    out: dict[str, Any] = {}
    for part in re.split(r"[；;]", text):
        part = part.strip()
        title = TITLE.match(part)
        if title:
            out["professional_title"] = {"level": title.group(1)}
            if title.group(2):
                out["professional_title"]["field"] = title.group(2)
        elif part:
            level = normalize_skill_level(part)
            if level is None:
                raise ValueError(
                    f"“{part}”既不是技能等级，也不是专业技术职务（初级/中级/副高级/正高级）"
                )
            out["skill_level"] = level
    return out


def _honours(text: str) -> list[dict[str, Any]]:
    honours = []
    for part in re.split(r"[；;]", text):
        match = HONOUR_LINE.match(part.strip())
        if not match:
            raise ValueError(f"“{part}”应写作“2018年 东昌府区首席技师（县级）”")
        honour: dict[str, Any] = {
            "title": match.group(2),
            "level": LEVEL_BY_NAME[match.group(3)],
            "year": int(match.group(1)),
        }
        if match.group(4):
            honour["authority"] = match.group(4)
        honours.append(honour)
    return honours


def _set(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[leaf] = value


def _cell_value(column: Column, value: Any, program: Program) -> dict[str, Any]:
    """The record (and ``context.``) keys one cell gives; raises ValueError in Chinese."""
    if column.type == "date":
        return {column.path or "": parse_date(value)}
    if column.type == "month":
        return {column.path or "": parse_date(value, month_only=True)}
    text = _text(value) or ""
    if column.type == "skill_or_title":
        return _skill_or_title(text)
    if column.type == "honours":
        return {column.path or "": _honours(text)}
    if column.max_chars and len(text) > column.max_chars:
        raise ValueError(f"共{len(text)}字，超过{column.max_chars}字")
    return {column.path or "": text}


def _section(value: Any, program: Program) -> str:
    text = _normal(value).removesuffix("候选人")
    for award, title in program.awards.items():
        if _normal(title) == text or award == text:
            return award
    raise ValueError(f"“{value}”不是本项目的奖项：{'、'.join(program.awards.values())}")


def _rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise DocumentError(f"无法读取Excel文件{path}：{error.strerror}") from None
    except (InvalidFileException, KeyError, ValueError, BadZipFile):
        raise DocumentError(f"无法读取Excel文件{path}：不是有效的.xlsx文件") from None
    sheet = workbook.worksheets[0]
    yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    workbook.close()


def _header_map(row: Sequence[Any], document: Document) -> dict[int, Column] | None:
    headers = {_normal(c.header): c for c in document.columns}
    found = {i: headers[_normal(v)] for i, v in enumerate(row) if _normal(v) in headers}
    return found if len(found) >= max(3, len(document.columns) // 2) else None


def _batch_fields(row: Sequence[Any], batch: dict[str, Any]) -> None:
    for value in row:
        text = _text(value)
        if not text:
            continue
        for match in re.finditer(r"(\S+?)：(\S*)", text):
            key = BATCH_LABELS.get(match.group(1))
            content = match.group(2).removesuffix("（盖章）")
            if key and content:
                batch[key] = parse_date(content) if key == "date" else content
        if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", text):
            batch["date"] = parse_date(text)


def import_list(path: Path, program: Program, document: Document | None = None) -> ImportResult:
    """Read a filled list; see the module docstring."""
    document = document or program.import_list()
    result = ImportResult()
    batch: dict[str, Any] = {}
    applicants: dict[str, ApplicantContext] = {}
    columns: dict[int, Column] | None = None
    section: str | None = None
    ranked: list[tuple[str, int, int, dict[str, Any]]] = []
    for number, row in _rows(path):
        if columns is None:
            columns = _header_map(row, document)
            if columns is None:
                _batch_fields(row, batch)
            else:
                missing = [c.header for c in document.columns if c not in columns.values()]
                if missing:
                    result.errors.append(RowError(number, "", "", f"缺少列：{'、'.join(missing)}"))
            continue
        if not any(_text(v) for v in row):
            continue
        first = _text(row[0]) or ""
        if first.startswith(("联系人", "填表人", "注：", "注:")):
            _batch_fields(row, batch)
            continue
        if first.startswith(f"{document.recommender_label}："):
            continue  # a recommending unit's heading in the office's list
        record, context, rank, section = _read_row(number, row, columns, program, section, result)
        if record is None:
            continue
        ranked.append((section or "", rank, number, record))
        if context:
            applicants[record["ref"]] = ApplicantContext.model_validate(context)
    if columns is None:
        names = "、".join(c.header for c in document.columns)
        raise DocumentError(f"{path}中找不到《{document.title}》的表头（{names}）")
    order = list(program.awards) if document.sections else [""]
    ranked.sort(
        key=lambda item: (order.index(item[0]) if item[0] in order else 99, item[1], item[2])
    )
    result.records = [record for *_, record in ranked]
    result.context = DocumentContext(
        batch=BatchContext.model_validate(batch), applicants=applicants
    )
    return result


def _read_row(
    number: int,
    row: Sequence[Any],
    columns: dict[int, Column],
    program: Program,
    section: str | None,
    result: ImportResult,
) -> tuple[dict[str, Any] | None, dict[str, Any], int, str | None]:
    record: dict[str, Any] = {"ref": f"row-{number}", "program": program.id}
    context: dict[str, Any] = {}
    errors: list[RowError] = []
    carried: dict[str, tuple[str, Column]] = {}
    rank = 0
    for index, column in columns.items():
        value = row[index] if index < len(row) else None
        letter = get_column_letter(index + 1)
        try:
            if column.type == "section":
                if _text(value):
                    section = _section(value, program)
                if section is None:
                    raise ValueError("缺少奖项")
                record["award"] = section
                continue
            if column.type == "rank":
                if _text(value) is None:
                    raise ValueError("缺少排序号")
                text = _text(value) or ""
                if not text.isdigit() or int(text) < 1:
                    raise ValueError(f"“{text}”不是正整数")
                rank = int(text)
                continue
            if _text(value) is None:
                if column.required:
                    raise ValueError("不能为空")
                continue
            for path, item in _cell_value(column, value, program).items():
                carried[path] = (letter, column)
                if path.startswith("context."):
                    context[path.removeprefix("context.")] = item
                else:
                    _set(record, path, item)
        except ValueError as error:
            errors.append(RowError(number, letter, column.header, str(error)))
    errors += _record_errors(number, record, carried)
    result.errors += errors
    if errors:
        return None, {}, rank, section
    return record, context, rank, section


def _owner(field: str, carried: dict[str, tuple[str, Column]]) -> str | None:
    """The carried path an error is about (``honors.0.year`` is about ``honors``), if any."""
    for path in carried:
        if field == path or field.startswith(path + "."):
            return path
    return None


def _record_errors(
    number: int, record: dict[str, Any], carried: dict[str, tuple[str, Column]]
) -> list[RowError]:
    """The applicant record's own checks, on the keys this list carries."""
    try:
        validate_record(record)
    except RecordInvalid as invalid:
        errors = []
        for item in invalid.errors:
            owner = _owner(item.field, carried)
            if owner is not None:
                letter, column = carried[owner]
                errors.append(RowError(number, letter, column.header, item.message))
        return errors
    return []
