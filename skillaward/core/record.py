"""The applicant record of ``interchange.md``: validation, Chinese errors, batch reading.

Dates stay the strings the caller gave (checked, not converted), so a record exported with
:meth:`ApplicantRecord.to_json_dict` is the record that came in, key for key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from skillaward.core.codes import (
    EDUCATION_LEVELS,
    ETHNIC_GROUPS,
    POLITICAL_STATUSES,
    SKILL_LEVELS,
    UNIT_NATURES,
    normalize_skill_level,
)
from skillaward.core.idnumber import IdNumber, IdNumberError, parse_id_number
from skillaward.core.regions import divisions
from skillaward.core.text import normalise_digits, text_problem


class FieldError(NamedTuple):
    field: str
    message: str


class RecordInvalid(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("；".join(f"{e.field}：{e.message}" for e in errors))
        self.errors = errors


@lru_cache(maxsize=1024)
def parsed_id_number(raw: str) -> IdNumber:
    """Cached parse: one record asks for its ID number several times while it is validated."""
    return parse_id_number(raw)


# Years a date in a skilled worker's record can fall in (birth, work, awards).
YEARS = (1900, 2100)


def _ascii_digits(value: Any) -> Any:
    """Full-width digits and dashes typed on a Chinese keyboard, as ASCII (２０２４ → 2024)."""
    return normalise_digits(value) if isinstance(value, str) else value


def _plausible_year(value: str, year: int) -> None:
    low, high = YEARS
    if not low <= year <= high:
        raise ValueError(f"“{value}”的年份应在{low}年至{high}年之间")


def _real_date(value: str) -> str:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"“{value}”不是有效日期，应为YYYY-MM-DD") from None
    if len(value) != 10:
        raise ValueError(f"“{value}”格式不对，应为YYYY-MM-DD")
    _plausible_year(value, day.year)
    return value


def _year_month(value: str) -> str:
    year, dash, month = value.partition("-")
    if not (
        dash
        and len(year) == 4
        and year.isascii()
        and year.isdigit()
        and len(month) == 2
        and month.isascii()
        and month.isdigit()
    ):
        raise ValueError(f"“{value}”格式不对，应为YYYY-MM")
    if not 1 <= int(month) <= 12:
        raise ValueError(f"“{value}”的月份应在01至12之间")
    _plausible_year(value, int(year))
    return value


def _acceptable_text(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _skill_level(value: Any) -> Any:
    if isinstance(value, str):
        return normalize_skill_level(value) or value
    return value


Text = Annotated[StrictStr, Field(min_length=1), AfterValidator(_acceptable_text)]
# A person's name: longer than any Chinese or minority name written in Chinese characters.
Name = Annotated[StrictStr, Field(min_length=1, max_length=50), AfterValidator(_acceptable_text)]
IsoDate = Annotated[StrictStr, BeforeValidator(_ascii_digits), AfterValidator(_real_date)]
YearMonth = Annotated[StrictStr, BeforeValidator(_ascii_digits), AfterValidator(_year_month)]
Year = Annotated[StrictInt, Field(ge=1900, le=2100)]
# Code lists are Literal types: checked inside pydantic-core, and listed in the JSON Schema.
Ethnicity = Literal[ETHNIC_GROUPS]  # type: ignore[valid-type]
PoliticalStatus = Literal[POLITICAL_STATUSES]  # type: ignore[valid-type]
Education = Literal[EDUCATION_LEVELS]  # type: ignore[valid-type]
UnitNature = Literal[UNIT_NATURES]  # type: ignore[valid-type]
SkillLevel = Annotated[
    Literal[SKILL_LEVELS],  # type: ignore[valid-type]
    BeforeValidator(_skill_level),
    WithJsonSchema({"type": "string", "description": "技能等级；五级…一级亦可"}),
]
HonourLevel = Literal["national", "provincial", "city", "county", "industry"]
CompetitionLevel = Literal["national", "provincial", "regional", "city"]
TitleLevel = Literal["初级", "中级", "副高级", "正高级"]
Medal = Literal["金牌", "银牌", "铜牌", "优胜奖"]
Channel = Literal["unit", "expert", "self"]
RecommenderType = Literal[
    "district",
    "city_bureau",
    "federation",
    "private_association",
    "county",
    "city_department",
    "technical_school",
    "soe",
    "large_enterprise",
    "sme",
    "trade_association",
    "public_institution",
]
RetirementCategory = Literal["male", "female_cadre", "female_worker"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


def _region_code(value: str) -> str:
    if divisions().current(value) is None:
        raise ValueError(f"行政区划代码“{value}”不在GB/T 2260代码表中")
    return value


RegionCode = Annotated[StrictStr, Field(pattern=r"^\d{6}$"), AfterValidator(_region_code)]


class Employer(_Part):
    name: Text
    region: Text
    region_code: RegionCode | None = None  # GB/T 2260 code of the division (county level)
    nature: UnitNature
    address: StrictStr | None = None


class Post(_Part):
    title: Text
    front_line: StrictBool
    unit_head: StrictBool = False


class ProfessionalTitle(_Part):
    level: TitleLevel
    field: StrictStr | None = None


class _Dated(_Part):
    """An achievement of a year; ``date``, when given, is the day and must fall in that year."""

    @model_validator(mode="after")
    def _date_in_year(self) -> _Dated:
        day, year = getattr(self, "date", None), getattr(self, "year", None)
        if day is not None and year is not None and int(day[:4]) != year:
            raise ValueError(f"日期{day}与年份{year}不一致")
        return self


class Honor(_Dated):
    title: Text
    level: HonourLevel
    year: Year
    authority: StrictStr | None = None
    certificate_no: StrictStr | None = None
    term_end: IsoDate | None = None
    date: IsoDate | None = None  # the day it was conferred, when known (else the year decides)


class Competition(_Dated):
    name: Text
    level: CompetitionLevel
    class_: Literal[1, 2] = Field(alias="class")
    year: Year
    rank: Annotated[StrictInt, Field(ge=1)] | None = None
    medal: Medal | None = None
    represented: StrictStr | None = None
    date: IsoDate | None = None

    @model_validator(mode="after")
    def _has_result(self) -> Competition:
        if self.rank is None and self.medal is None:
            raise ValueError("应填写名次（rank）或奖牌（medal）")
        return self


class Award(_Dated):
    project: Text
    award: Text
    level: HonourLevel
    grade: Text
    rank: Annotated[StrictInt, Field(ge=1)]
    year: Year
    category: StrictStr | None = None
    certificate_no: StrictStr | None = None
    collaborators: StrictStr | None = None
    date: IsoDate | None = None


class Patent(_Part):
    title: Text
    number: Text
    year: Year


class WorkPeriod(_Part):
    from_: YearMonth = Field(alias="from")
    to: YearMonth | None = None
    unit: Text
    department: StrictStr | None = None
    occupation: StrictStr | None = None
    post: StrictStr | None = None
    level: StrictStr | None = None


class ConditionClaim(_Part):
    condition: Annotated[StrictInt, Field(ge=1)]
    evidence: Text


class Declarations(_Part):
    criminal_punishment: StrictBool = False
    ip_infringement: StrictBool = False
    serious_violation: StrictBool = False


def _title_object(value: Any) -> Any:
    """An expert's title in the applicant's shape; a bare level (the earlier form) still reads."""
    return {"level": value} if isinstance(value, str) else value


class Expert(_Part):
    name: Text
    skill_level: SkillLevel | None = None
    professional_title: Annotated[ProfessionalTitle, BeforeValidator(_title_object)] | None = None
    occupation: StrictStr | None = None
    signed: StrictBool = False


class Nomination(_Part):
    channel: Channel
    recommender: Text
    recommender_type: RecommenderType | None = None
    experts: list[Expert] = Field(default_factory=list)


class ApplicantRecord(_Part):
    """One nomination of one person, as ``interchange.md`` defines it."""

    ref: StrictStr | None = None
    program: Text
    award: StrictStr | None = None
    name: Name
    id_number: StrictStr
    gender: Literal["男", "女"] | None = None
    birth_date: IsoDate | None = None
    ethnicity: Ethnicity | None = None
    political_status: PoliticalStatus | None = None
    education: Education | None = None
    work_start: YearMonth | None = None
    retirement_category: RetirementCategory | None = None
    retired: StrictBool = False
    freelancer: StrictBool = False
    employer: Employer
    post: Post
    occupation: Text
    skill_level: SkillLevel
    professional_title: ProfessionalTitle | None = None
    industry_tags: list[StrictStr] = Field(default_factory=list)
    honors: list[Honor] = Field(default_factory=list)
    competitions: list[Competition] = Field(default_factory=list)
    awards: list[Award] = Field(default_factory=list)
    patents: list[Patent] = Field(default_factory=list)
    work_history: list[WorkPeriod] = Field(default_factory=list)
    conditions_claimed: list[ConditionClaim] = Field(default_factory=list)
    declarations: Declarations = Field(default_factory=Declarations)
    nomination: Nomination
    deeds: StrictStr | None = None
    deeds_brief: StrictStr | None = None

    @field_validator("id_number")
    @classmethod
    def _valid_id_number(cls, value: str) -> str:
        try:
            parsed_id_number(value)
        except IdNumberError as exc:
            raise ValueError(str(exc)) from None
        return value

    @field_validator("gender")
    @classmethod
    def _gender_agrees(cls, value: str | None, info: Any) -> str | None:
        identity = _identity(info.data)
        if value is not None and identity is not None and identity.gender != value:
            raise ValueError(f"性别“{value}”与身份证号码（{identity.gender}）不一致")
        return value

    @field_validator("birth_date")
    @classmethod
    def _birth_date_agrees(cls, value: str | None, info: Any) -> str | None:
        identity = _identity(info.data)
        if value is not None and identity is not None:
            expected = identity.birth_date.isoformat()
            if value != expected:
                raise ValueError(f"出生日期{value}与身份证号码（{expected}）不一致")
        return value

    @property
    def identity(self) -> IdNumber:
        return parsed_id_number(self.id_number)

    def to_json_dict(self) -> dict[str, Any]:
        """The interchange object: exactly the keys that were given, under their JSON names."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


def _identity(data: dict[str, Any]) -> IdNumber | None:
    raw = data.get("id_number")
    return parsed_id_number(raw) if raw is not None else None


_CODE_LISTS = {
    "ethnicity": "民族",
    "political_status": "政治面貌",
    "education": "文化程度",
    "nature": "单位性质",
}
_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "未知字段（字段名见 skillaward schema applicant）",
    "string_type": "应为文本",
    "bool_type": "应为 true 或 false",
    "int_type": "应为整数",
    "list_type": "应为列表",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "dict_type": "应为对象",
    "string_too_short": "不能为空",
}


NESTED_TOO_DEEP = "JSON嵌套层数过多，不是申报人记录"


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind == "literal_error":
        field = error["loc"][-1] if error["loc"] else ""
        if field in _CODE_LISTS:
            return f"{_CODE_LISTS[field]}“{error['input']}”不在国家标准列表中"
        return f"取值“{error['input']}”不在允许范围内：{error['ctx']['expected']}"
    if kind == "string_too_long":
        return f"长度超过{error['ctx']['max_length']}个字符的上限"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"取值{error['input']}超出允许范围"
    if kind == "json_invalid":
        if "recursion limit" in str(error["ctx"]["error"]):
            return NESTED_TOO_DEEP
        return f"JSON格式错误：{error['ctx']['error']}"
    return _MESSAGES.get(kind, error["msg"])


def _path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc if part not in ("function-after", "list"))


def field_errors(exc: ValidationError) -> list[FieldError]:
    """Chinese, field-by-field explanation of a pydantic validation error."""
    return [FieldError(_path(e["loc"]), _message(e)) for e in exc.errors(include_url=False)]


def validate_record(obj: object) -> ApplicantRecord:
    """An applicant record from a parsed JSON value; :class:`RecordInvalid` says what is wrong."""
    try:
        return ApplicantRecord.model_validate(obj)
    except ValidationError as exc:
        raise RecordInvalid(field_errors(exc)) from None


BatchItem = tuple[int, str | None, ApplicantRecord | list[FieldError]]


def read_batch(lines: Iterable[str], *, start: int = 1) -> Iterator[BatchItem]:
    """Records of a JSON Lines or JSON array input, each with its 1-based line and its ref.

    A line that is not a valid record yields its errors instead; reading goes on. ``start`` is
    the number of the first line (for a part of a longer input).
    """
    iterator = iter(lines)
    for number, line in enumerate(iterator, start=start):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("["):
            text = line + "".join(iterator)
            yield from _read_array(text, first_line=number)
            return
        yield _read_json_line(stripped, number)


def _read_json_line(text: str, number: int) -> BatchItem:
    try:
        record = ApplicantRecord.model_validate_json(text)
    except ValidationError as exc:
        return number, _ref_of(text), field_errors(exc)
    return number, record.ref, record


def _ref_of(text: str) -> str | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    ref = value.get("ref") if isinstance(value, dict) else None
    return ref if isinstance(ref, str) else None


def _read_array(text: str, *, first_line: int) -> Iterator[BatchItem]:
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    line = first_line
    counted_to = 0
    while True:
        position = _skip(text, position, " \t\r\n")
        if position >= len(text):
            yield line, None, [FieldError("", "JSON数组没有以“]”结束")]
            return
        if text[position] == "]":
            return
        line += text.count("\n", counted_to, position)
        counted_to = position
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            yield line, None, [FieldError("", f"JSON格式错误：{exc.msg}")]
            return
        except RecursionError:
            yield line, None, [FieldError("", NESTED_TOO_DEEP)]
            return
        yield _validated(value, line)
        position = _skip(text, position, " \t\r\n")
        if position < len(text) and text[position] == ",":
            position += 1


def _skip(text: str, position: int, characters: str) -> int:
    while position < len(text) and text[position] in characters:
        position += 1
    return position


def _validated(value: object, line: int) -> BatchItem:
    ref = value.get("ref") if isinstance(value, dict) else None
    ref = ref if isinstance(ref, str) else None
    try:
        return line, ref, validate_record(value)
    except RecordInvalid as exc:
        return line, ref, exc.errors
