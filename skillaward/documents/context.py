"""The form context: what a form prints that the applicant record does not carry.

The applicant record (``interchange.md``) is what the rules engine needs. The official forms
also ask for household registration, phone numbers, a bank account, the photo, the opinions
of the units that sign the form, and so on. Those live here, typed and optional, beside the
record, keyed by the record's ``ref`` (or its ID number, or its name when neither is given).

A context file (YAML or JSON) has two parts, both optional::

    batch:                       # the recommending unit's own data, printed on lists and reports
      recommender: 北京市朝阳区人力资源和社会保障局
      contact: 王五
      phone: 010-12345678
      date: 2024-04-20
      publicity_start: 2024-04-08
    applicants:
      A-1:                       # the record's ref (else ID number, else name)
        photo: photos/a1.jpg
        household_registration: 北京市东城区
        opinions:
          unit: {text: 同意推荐。, date: 2024-04-01}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from skillaward.core.record import IsoDate, YearMonth
from skillaward.documents.errors import DocumentError

Count = Annotated[int, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Opinion(_Model):
    """One signed opinion box of a form (推荐意见, 审核意见 …)."""

    text: str | None = None
    signer: str | None = None
    date: IsoDate | None = None


class Trainees(_Model):
    """Talent cultivation (BJ24-19): people trained up to one level in one occupation."""

    level: Literal["junior", "senior", "technician"]  # 初级工/中级工, 高级工, 技师/高级技师
    occupation: str
    count: Count


class ApplicantContext(_Model):
    """Per-applicant fields the forms print and the applicant record lacks."""

    photo: str | None = None  # path of the 2-inch photo (JPEG/PNG); relative to the context file
    household_registration: str | None = None  # 户籍所在地 (BJ24-15)
    native_place: str | None = None  # 籍贯 (XA24-17)
    mobile: str | None = None  # 本人手机号码 / 手机
    phone: str | None = None  # 联系电话（座机）
    email: str | None = None
    postcode: str | None = None
    address: str | None = None  # 通讯地址
    bank_account: str | None = None  # 吉林银行一类账户账号 (CC3-14, CC3-17, CC3-18)
    occupation_since: YearMonth | None = None  # 从事本职业（工种）时间 (CC3-17)
    unit_contact: str | None = None  # 单位联系人 (BJ24-15)
    unit_phone: str | None = None  # 单位电话 (BJ24-15)
    trainees: list[Trainees] = []
    trainee_awards_national: Count | None = None  # 获奖累计人数 国家级
    trainee_awards_city: Count | None = None  # 获奖累计人数 市级
    cv: str | None = None  # 个人简历 (XA24-17); built from the work history when absent
    witnesses: list[str] = []  # 证明人, one per work-history entry (CC3-17)
    innovations: str | None = None  # 技术革新情况 (CC3-17)
    unique_skills: str | None = None  # 其他绝招绝技或突出贡献 (CC3-17)
    other_awards: str | None = None  # 其他获奖情况 (CC3-17)
    remarks: str | None = None  # 备注 (BJ24-22)
    opinions: dict[str, Opinion] = {}  # keyed by the opinion box's id in the catalogue
    filled_date: IsoDate | None = None  # the date on the cover


class BatchContext(_Model):
    """The recommending unit's data for lists, reports and publicity notices."""

    recommender: str | None = None  # 归口单位 / 推荐单位; else the records' nomination.recommender
    contact: str | None = None
    phone: str | None = None
    mobile: str | None = None
    filler: str | None = None  # 填表人 (CC3-18)
    date: IsoDate | None = None  # date of the list or report
    publicity_start: IsoDate | None = None
    publicity_place: str | None = None  # where the publicity is posted
    publicity_days: Annotated[int, Field(ge=1)] | None = None  # else the programme's
    publicity_end: IsoDate | None = None  # else counted in working days from the start
    objection_contact: str | None = None  # who receives objections during publicity
    work_summary: str | None = None  # 推荐工作情况 (report)
    expert_review: str | None = None  # 专家评议情况 (CC3-13, LC19-10)
    classified_note: str | None = None  # 涉密人员说明 (LC19-14); default: none classified


class DocumentContext(_Model):
    batch: BatchContext = BatchContext()
    applicants: dict[str, ApplicantContext] = {}

    def for_record(self, record: Mapping[str, Any]) -> ApplicantContext:
        """The context of one applicant: by ref, else ID number, else name; empty if none."""
        for key in ("ref", "id_number", "name"):
            value = record.get(key)
            if isinstance(value, str) and value in self.applicants:
                return self.applicants[value]
        return ApplicantContext()


def record_key(record: Mapping[str, Any]) -> str:
    """The key under which a record's context is stored (ref, else ID number, else name)."""
    for key in ("ref", "id_number", "name"):
        value = record.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _explain(error: ValidationError) -> str:
    parts = []
    for item in error.errors(include_url=False):
        where = ".".join(str(p) for p in item["loc"])
        if item["type"] == "extra_forbidden":
            message = "未知字段"
        elif item["type"] == "missing":
            message = "缺少必填项"
        elif item["type"] == "value_error":
            message = str(item["ctx"]["error"])
        elif item["type"] == "literal_error":
            message = f"取值“{item['input']}”不在允许范围内：{item['ctx']['expected']}"
        else:
            message = f"取值“{item['input']}”无效"
        parts.append(f"{where}：{message}")
    return "；".join(parts)


def parse_context(data: object, *, base_dir: Path | None = None) -> DocumentContext:
    """A :class:`DocumentContext` from parsed YAML/JSON; photo paths become absolute."""
    try:
        context = DocumentContext.model_validate(data if data is not None else {})
    except ValidationError as error:
        raise DocumentError(f"表单补充信息有误：{_explain(error)}") from None
    if base_dir is None:
        return context
    applicants = {
        key: entry.model_copy(update={"photo": str(base_dir / entry.photo)})
        if entry.photo and not Path(entry.photo).is_absolute()
        else entry
        for key, entry in context.applicants.items()
    }
    return context.model_copy(update={"applicants": applicants})


def load_context(path: Path) -> DocumentContext:
    """Read a context file (YAML or JSON)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DocumentError(f"无法读取表单补充信息文件{path}：{error.strerror}") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise DocumentError(f"表单补充信息文件{path}格式错误：{error}") from None
    return parse_context(data, base_dir=path.parent.resolve())


def dump_context(context: DocumentContext) -> str:
    """YAML text of a context, only the fields that are set."""
    data = context.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
