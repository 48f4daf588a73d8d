"""The office's list of experts (评审专家名单, .xlsx) read into rows for the pool.

The first sheet has a header row with the columns 姓名, 职业（工种）/专业领域, 技能等级/职称,
工作单位, 地区, 手机号 (spaces and half-width brackets or slashes tolerated); the rows below it
are experts, blank rows skipped. Every problem is reported by row and column in Chinese, and
the caller imports nothing when there is any (all or nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO, Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from skillaward.core.regions import region_code
from skillaward.documents.errors import DocumentError
from skillaward.documents.importer import RowError

COLUMNS = {
    "name": "姓名",
    "occupations": "职业（工种）/专业领域",
    "level": "技能等级/职称",
    "work_unit": "工作单位",
    "region": "地区",
    "phone": "手机号",
}
REQUIRED = ("name", "occupations", "phone")
MOBILE = re.compile(r"1\d{10}")
SEPARATORS = re.compile(r"[、，,;；/\s]+")
LIMITS = {"name": 30, "level": 40, "work_unit": 100}


@dataclass(frozen=True)
class ExpertRow:
    row: int
    name: str
    occupations: tuple[str, ...]
    level: str
    work_unit: str
    region_code: str
    phone: str


@dataclass
class ExpertList:
    rows: list[ExpertRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _header(text: Any) -> str:
    value = re.sub(r"\s+", "", str(text or ""))
    return value.replace("(", "（").replace(")", "）").replace("／", "/")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_expert_list(source: IO[bytes]) -> ExpertList:
    """The rows and the problems of an uploaded expert list."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, BadZipFile, OSError):
        raise DocumentError("无法读取专家名单：不是有效的.xlsx文件") from None
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    wanted = {header: key for key, header in COLUMNS.items()}
    headed = [
        (index, {i: wanted[_header(v)] for i, v in enumerate(row) if _header(v) in wanted})
        for index, row in enumerate(rows, start=1)
    ]
    index, found = next(((i, f) for i, f in headed if "name" in f.values()), (0, {}))
    if not found:
        raise DocumentError(f"专家名单中没有表头行（须有列：{'、'.join(COLUMNS.values())}）")
    missing = [COLUMNS[k] for k in REQUIRED if k not in found.values()]
    if missing:
        raise DocumentError(f"专家名单第{index}行的表头缺少列：{'、'.join(missing)}")
    result = ExpertList()
    columns = {key: i for i, key in found.items()}
    phones: dict[str, int] = {}
    for number, row in enumerate(rows[index:], start=index + 1):
        values = {key: _cell(row[i]) if i < len(row) else "" for key, i in columns.items()}
        if not any(values.values()):
            continue
        errors_before = len(result.errors)

        def error(key: str, message: str, number: int = number) -> None:
            letter = get_column_letter(columns[key] + 1)
            result.errors.append(RowError(number, letter, COLUMNS[key], message))

        for key in REQUIRED:
            if not values.get(key):
                error(key, "不能为空")
        for key, limit in LIMITS.items():
            if len(values.get(key, "")) > limit:
                error(key, f"不超过{limit}字")
        phone = values.get("phone", "")
        if phone and not MOBILE.fullmatch(phone):
            error("phone", f"“{phone}”不是11位手机号码")
        elif phone in phones:
            error("phone", f"与第{phones[phone]}行的手机号重复")
        elif phone:
            phones[phone] = number
        region = values.get("region", "")
        code = ""
        if region:
            code = region if re.fullmatch(r"\d{6}", region) else (region_code(region) or "")
            if not code:
                error("region", f"无法识别的地区“{region}”（请写行政区划名称，如“聊城市”）")
        if len(result.errors) == errors_before:
            result.rows.append(
                ExpertRow(
                    row=number,
                    name=values["name"],
                    occupations=tuple(o for o in SEPARATORS.split(values["occupations"]) if o),
                    level=values.get("level", ""),
                    work_unit=values.get("work_unit", ""),
                    region_code=code,
                    phone=phone,
                )
            )
    if not result.rows and not result.errors:
        raise DocumentError("专家名单中没有专家")
    return result
