"""The online application form: one definition over the applicant record, shaped by the programme.

Every input is named by its path in the interchange record (``employer.name``,
``work_history.0.from``), so a record maps to the form and back without a translation table,
and a field error of the record lands next to the input it names. The programme file decides
what else the form shows: its performance conditions (BJ24-06, BJ6-06 …), encouraged
industries (BJ6-05, BJ24-02), length limits (BJ24-20, XA24-17, CC3-18), declarations
(XA24-07), retirement questions (XA24-04, CC3-02), and the expert co-signers of an expert
recommendation (BJ6-10). Input is kept exactly as typed, valid or not: checking is the
record's and the rules engine's work, never the parser's.

The official forms also print what the record has no key for (mobile, household
registration, bank account …): those inputs are named ``details.<field>`` after the fields
of ``documents.context.ApplicantContext``, shown only where the programme's own documents
print them (``documents/layouts.yaml`` and the list columns of ``catalogue.yaml``), and kept
apart from the record (:func:`split_details`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import yaml
from django.http import QueryDict

from skillaward.campaigns.forms_rules import field_limits
from skillaward.core.codes import (
    COMPETITION_LEVEL_NAMES,
    EDUCATION_LEVELS,
    ETHNIC_GROUPS,
    HONOUR_LEVEL_NAMES,
    MEDALS,
    POLITICAL_STATUSES,
    PROFESSIONAL_TITLE_LEVELS,
    SKILL_LEVELS,
    UNIT_NATURES,
)
from skillaward.core.idnumber import mask_id_number
from skillaward.core.program import Program
from skillaward.core.record import FieldError
from skillaward.core.regions import divisions, region_code
from skillaward.core.rules import Condition, RegionCheck
from skillaward.documents.catalogue import program as document_program

Choices = tuple[tuple[str, str], ...]


def _same(values: Iterable[str]) -> Choices:
    return tuple((v, v) for v in values)


HONOUR_LEVELS = tuple(HONOUR_LEVEL_NAMES.items())
RETIREMENT = (("male", "男职工"), ("female_cadre", "女干部"), ("female_worker", "女工人"))


@dataclass(frozen=True)
class Field:
    """One input: ``key`` is its path in the record (inside a row, in the row)."""

    key: str
    label: str
    widget: str = "text"  # text, textarea, lines, select, checkbox, date, month, year, number
    choices: Choices = ()
    required: bool = False
    hint: str = ""
    max_chars: int | None = None


@dataclass(frozen=True)
class Rows:
    """A repeated group: a list of objects in the record, one row of inputs each."""

    key: str
    label: str  # what one row is, e.g. 工作经历
    fields: tuple[Field, ...]
    hint: str = ""
    blank_row: bool = False  # offer an empty row at once (groups most applicants fill)


@dataclass(frozen=True)
class Tags:
    """A set of checkboxes for a list of strings (``industry_tags``)."""

    key: str
    label: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Claims:
    """The programme's numbered performance conditions, each with the evidence claimed."""

    key: str
    conditions: tuple[Condition, ...]


Item = Field | Rows | Tags | Claims


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]
    hint: str = ""


def _checks(program: Program) -> dict[str, Any]:
    """The programme's checks by kind (the first of each kind)."""
    found: dict[str, Any] = {}
    for rule in program.rules:
        for check in rule.checks:
            found.setdefault(check.check, check)
    return found


def _month(key: str, label: str, **options: Any) -> Field:
    return Field(
        key, label, "month", hint=options.pop("hint", "格式：YYYY-MM，如2005-07"), **options
    )


def _region_code_field(region: RegionCheck | None) -> list[Field]:
    """The county-level division, chosen from the GB/T 2260 list of the programme's area."""
    if region is None:
        return []
    choices = [
        (division.code, divisions().full_name(division.code))
        for name in region.areas
        for division in divisions().inside(region_code(name) or "")
    ]
    hint = "按国家行政区划代码选择，区县级市（如临清市）亦在其所属地市之内"
    return [Field("employer.region_code", "所在地行政区划", "select", tuple(choices), hint=hint)]


def sections(program: Program, channel: str) -> list[Section]:
    """The form of ``program`` for an application of ``channel``, section by section."""
    checks = _checks(program)
    limits = field_limits(program)
    front_line = checks.get("front_line")
    basic: list[Item] = [
        Field("name", "姓名", required=True, hint="与身份证一致"),
        Field("id_number", "身份证号码", required=True, hint="18位，末位可为X"),
        Field("gender", "性别", "select", _same(("男", "女"))),
        Field("birth_date", "出生日期", "date", hint="须与身份证号码一致"),
        Field("ethnicity", "民族", "select", _same(ETHNIC_GROUPS)),
        Field("political_status", "政治面貌", "select", _same(POLITICAL_STATUSES)),
        Field("education", "文化程度", "select", _same(EDUCATION_LEVELS)),
        _month("work_start", "参加工作时间"),
    ]
    if "retirement_distance" in checks:
        basic.append(
            Field(
                "retirement_category",
                "退休类别",
                "select",
                RETIREMENT,
                hint="女职工请选择干部或工人，用于计算法定退休年龄",
            )
        )
    if "not_retired" in checks:
        basic.append(Field("retired", "已办理退休", "checkbox"))
    if front_line is not None and getattr(front_line, "freelancers", False):
        basic.append(Field("freelancer", "灵活就业人员（自由职业者）", "checkbox"))
    work: list[Item] = [
        Field("employer.name", "工作单位", required=True, hint="与单位公章一致"),
        Field(
            "employer.region", "单位所在地", required=True, hint=f"如：{program.region}…区（县）"
        ),
        *_region_code_field(checks.get("region")),
        Field("employer.nature", "单位性质", "select", _same(UNIT_NATURES), required=True),
        Field("employer.address", "单位地址"),
        Field("post.title", "工作岗位", required=True),
        Field("post.front_line", "在生产、服务一线岗位直接从事技能工作", "checkbox"),
    ]
    if "not_unit_head" in checks:
        work.append(Field("post.unit_head", "现任企事业单位负责人", "checkbox"))
    skill: list[Item] = [
        Field("occupation", "职业（工种）", required=True, hint="与职业资格证书一致"),
        Field("skill_level", "职业资格等级", "select", _same(SKILL_LEVELS), required=True),
        Field(
            "professional_title.level", "专业技术职称", "select", _same(PROFESSIONAL_TITLE_LEVELS)
        ),
        Field("professional_title.field", "职称所属领域", hint="如：乡村振兴、新职业"),
    ]
    if "industry_tags" in checks:
        tags = checks["industry_tags"]
        skill.append(Tags("industry_tags", tags.label, tags.tags))
    result = [
        Section("basic", "基本情况", tuple(basic)),
        Section("work", "工作单位和岗位", tuple(work)),
        Section("skill", "职业和技能等级", tuple(skill)),
        Section(
            "history",
            "主要工作经历",
            (
                Rows(
                    "work_history",
                    "工作经历",
                    WORK_PERIOD,
                    hint="截止年月留空表示至今",
                    blank_row=True,
                ),
            ),
            hint="按时间顺序填写，各段经历应前后衔接，不能有空档或重叠（BJ24-16）",
        ),
    ]
    if "performance_conditions" in checks:
        conditions = checks["performance_conditions"].conditions
        result.append(
            Section(
                "conditions",
                "符合的业绩条件",
                (Claims("conditions_claimed", conditions),),
                hint="请在符合的条件下写明具体事实（不符合的条件留空），并上传证明材料",
            )
        )
    result.append(
        Section(
            "achievements",
            "工作业绩",
            (
                Rows("awards", "技术成果获奖", AWARD),
                Rows("honors", "荣誉称号", HONOUR),
                Rows("competitions", "技能竞赛获奖", COMPETITION),
                Rows("patents", "专利", PATENT),
            ),
            hint="限填写县级及以上或本行业的重要奖项和荣誉，按时间顺序",
        )
    )
    deeds = [_limited("deeds", "主要事迹", limits)]
    if "deeds_brief" in limits:
        deeds.append(_limited("deeds_brief", "简要事迹", limits))
    result.append(Section("deeds", "主要事迹", tuple(deeds)))
    if "declarations" in checks:
        result.append(
            Section(
                "declarations",
                "本人声明",
                tuple(Field(f"declarations.{key}", label, "checkbox") for key, label in DECLARE),
                hint="如有下列情形请勾选，如实声明",
            )
        )
    details = detail_items(program.id)
    if details:
        result.append(
            Section(
                "details",
                "申报表其他信息",
                details,
                hint="以下栏目打印在本项目的申报表（推荐表）上，不影响资格初筛；"
                "手机号码和银行账号只向经办单位显示",
            )
        )
    if channel == "expert":
        result.append(
            Section(
                "experts",
                "推荐专家",
                (Rows("nomination.experts", "推荐专家", EXPERT, blank_row=True),),
                hint="专家推荐须由3名相关职业的高级技师或具有副高级及以上职称的专家联名推荐，"
                "并分别签署推荐意见（BJ6-10）",
            )
        )
    return result


def _limited(key: str, label: str, limits: Mapping[str, Any]) -> Field:
    limit = limits.get(key)
    if limit is None:
        return Field(key, label, "textarea")
    return Field(
        key,
        limit.label,
        "textarea",
        hint=f"{limit.max_chars}字以内（{limit.clause}）",
        max_chars=limit.max_chars,
    )


WORK_PERIOD = (
    _month("from", "起始年月", required=True),
    _month("to", "截止年月"),
    Field("unit", "工作单位", required=True),
    Field("department", "部门"),
    Field("occupation", "从事职业"),
    Field("post", "工作岗位"),
    Field("level", "职业资格等级"),
)
AWARD = (
    Field("project", "成果（项目）名称", required=True),
    Field("award", "奖项名称", required=True),
    Field("level", "级别", "select", HONOUR_LEVELS, required=True),
    Field("grade", "等级", required=True, hint="如：二等奖"),
    Field("rank", "排名", "number", required=True),
    Field("year", "年份", "year", required=True),
    Field("category", "类别"),
    Field("certificate_no", "证书编号"),
    Field("collaborators", "主要合作者"),
)
HONOUR = (
    Field("title", "荣誉称号", required=True),
    Field("level", "级别", "select", HONOUR_LEVELS, required=True),
    Field("year", "年份", "year", required=True),
    Field("authority", "批准机关"),
    Field("certificate_no", "证书编号"),
    Field("term_end", "称号有效期至", "date"),
)
COMPETITION = (
    Field("name", "竞赛名称", required=True),
    Field("level", "级别", "select", tuple(COMPETITION_LEVEL_NAMES.items()), required=True),
    Field("class", "类别", "select", (("1", "一类"), ("2", "二类")), required=True),
    Field("year", "年份", "year", required=True),
    Field("rank", "名次", "number", hint="名次或奖牌填一项"),
    Field("medal", "奖牌", "select", _same(MEDALS)),
    Field("represented", "代表省份", hint="如：吉林省"),
)
PATENT = (
    Field("title", "专利名称", required=True),
    Field("number", "专利号", required=True),
    Field("year", "年份", "year", required=True),
)
EXPERT = (
    Field("name", "专家姓名", required=True),
    Field("skill_level", "职业资格等级", "select", _same(SKILL_LEVELS)),
    Field("professional_title.level", "专业技术职称", "select", _same(PROFESSIONAL_TITLE_LEVELS)),
    Field("professional_title.field", "职称所属领域"),
    Field("occupation", "职业（专业）"),
    Field("signed", "已签署推荐意见", "checkbox"),
)
DECLARE = (
    ("criminal_punishment", "曾受过刑事处罚"),
    ("ip_infringement", "存在侵犯他人知识产权行为"),
    ("serious_violation", "有其他严重违法违纪或违背社会公德、造成恶劣影响的行为"),
)
TRAINEE = (
    Field(
        "level",
        "培养层次",
        "select",
        (("junior", "初级工、中级工"), ("senior", "高级工"), ("technician", "技师、高级技师")),
        required=True,
    ),
    Field("occupation", "职业名称", required=True),
    Field("count", "累计人数", "number", required=True),
)
DETAILS = "details"
# The inputs of ``ApplicantContext``'s fields (photo and opinions come from elsewhere), each
# with the name its value has where the documents print it.
DETAIL_ITEMS: tuple[tuple[Field | Rows | Tags, str], ...] = (
    (
        Field("details.household_registration", "户籍所在地", hint="基本情况栏（BJ24-15）"),
        "household_registration",
    ),
    (Field("details.native_place", "籍贯", hint="XA24-17"), "native_place"),
    (Field("details.mobile", "本人手机号码", hint="11位手机号码"), "mobile"),
    (Field("details.phone", "联系电话（座机）", hint="如：0431-88888888"), "phone"),
    (Field("details.email", "电子邮箱"), "email"),
    (Field("details.postcode", "邮政编码", hint="6位数字"), "postcode"),
    (Field("details.address", "通讯地址"), "address"),
    (
        Field(
            "details.bank_account",
            "吉林银行一类账户账号",
            hint="用于发放奖励资金，只填数字（CC3-14、CC3-17）",
        ),
        "bank_account",
    ),
    (_month("details.occupation_since", "从事本职业（工种）时间"), "occupation_since"),
    (Field("details.unit_contact", "单位联系人", hint="基本情况栏（BJ24-15）"), "unit_contact"),
    (Field("details.unit_phone", "单位电话", hint="基本情况栏（BJ24-15）"), "unit_phone"),
    (
        Rows(
            "details.trainees",
            "培养技能人才",
            TRAINEE,
            hint="按培养层次和职业分别填写累计人数（BJ24-19）",
        ),
        "trainees",
    ),
    (
        Field("details.trainee_awards_national", "所培养人员获国家级奖项累计人数", "number"),
        "award_national",
    ),
    (
        Field("details.trainee_awards_city", "所培养人员获市级奖项累计人数", "number"),
        "award_city",
    ),
    (
        Field(
            "details.cv",
            "个人简历",
            "textarea",
            hint="不填则按主要工作经历和荣誉称号生成；有县级及以上奖励的，标注何时何地受到何种奖励（XA24-17）",
        ),
        "cv",
    ),
    (
        Field(
            "details.witnesses",
            "工作经历证明人",
            "lines",
            hint="每行一人，依次对应主要工作经历的各段（CC3-17）",
        ),
        "witness",
    ),
    (Field("details.innovations", "技术革新情况", "textarea"), "innovations"),
    (Field("details.unique_skills", "其他绝招绝技或突出贡献", "textarea"), "unique_skills"),
    (Field("details.other_awards", "其他获奖情况", "textarea"), "other_awards"),
    (Field("details.remarks", "备注", hint="印在一览表备注栏（BJ24-22）"), "remarks"),
    (Field("details.filled_date", "填表日期", "date", hint="打印在承诺书上"), "filled_date"),
)


@cache
def printed_names(program_id: str) -> frozenset[str]:
    """The names the programme's documents print: layouts' tags and the lists' context columns."""
    documents = document_program(program_id).documents.values()
    text = resources.files("skillaward.documents").joinpath("layouts.yaml").read_text("utf-8")
    layouts = yaml.safe_load(text)
    used = " ".join(
        json.dumps(layouts[d.layout], ensure_ascii=False) for d in documents if d.layout
    )
    columns = {c.path for d in documents for c in d.columns if c.path}
    return frozenset(re.findall(r"[a-z_]+", used)) | {
        path.removeprefix("context.") for path in columns if path.startswith("context.")
    }


def detail_items(program_id: str) -> tuple[Field | Rows | Tags, ...]:
    """The inputs of the details the programme's own documents print (no bank account in
    Beijing, no native place outside Xing'an …)."""
    printed = printed_names(program_id)
    return tuple(item for item, name in DETAIL_ITEMS if name in printed)


def details_shown(program_id: str, details: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """The filled details as (label, text, field) for the application's page, in form order."""
    shown = []
    for item in detail_items(program_id):
        key = item.key.removeprefix(DETAILS + ".")
        value = details.get(key)
        if isinstance(item, Rows) and isinstance(value, list):
            levels: dict[Any, str] = dict(item.fields[0].choices)
            text = "\n".join(
                f"{levels.get(row.get('level'), row.get('level', ''))} "
                f"{row.get('occupation', '')} {row.get('count', '')}人"
                for row in value
                if isinstance(row, Mapping)
            )
        elif isinstance(value, list):
            text = "\n".join(str(line) for line in value)
        else:
            text = "" if value is None else str(value)
        if text:
            shown.append((item.label, text, key))
    return shown


def split_details(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Posted form data as the record's data and the details beside it."""
    record = dict(data)
    details = record.pop(DETAILS, None)
    return record, details if isinstance(details, dict) else {}


# Numbers in the record; the form's inputs give text.
INTEGER_WIDGETS = frozenset({"number", "year"})
INTEGER_SELECTS = frozenset({"class"})
# Checkboxes the record requires: unticked means false, not absent.
REQUIRED_BOOLEANS = frozenset({"post.front_line"})


# --- from the request to the record ----------------------------------------------------------


def _typed(field: Field, raw: str) -> Any:
    if field.widget in INTEGER_WIDGETS or field.key in INTEGER_SELECTS:
        digits = raw.lstrip("-")
        return int(raw) if digits.isdigit() else raw  # kept as typed; the record says why
    return raw


def _read(field: Field, post: QueryDict, name: str, path: str) -> Any:
    if field.widget == "checkbox":
        ticked = post.get(name) in ("on", "1", "true")
        return ticked if ticked or path in REQUIRED_BOOLEANS else None
    raw = post.get(name, "").strip()
    if field.widget == "lines":  # one list item per line; blank lines inside keep their place
        return [line.strip() for line in raw.splitlines()] if raw else None
    return _typed(field, raw) if raw else None


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def _row_indices(post: QueryDict, prefix: str) -> list[int]:
    indices = set()
    for name in post:
        if name.startswith(prefix):
            head = name[len(prefix) :].split(".", 1)[0]
            if head.isdigit():
                indices.add(int(head))
    return sorted(indices)


def parse(form: Sequence[Section], post: QueryDict, existing: Mapping[str, Any]) -> dict[str, Any]:
    """The record data the posted form says, over ``existing`` for keys the form lacks."""
    data: dict[str, Any] = {}
    for item in _items(form):
        if isinstance(item, Field):
            value = _read(item, post, item.key, item.key)
            if value is not None:
                _put(data, item.key, value)
        elif isinstance(item, Rows):
            rows = []
            for index in _row_indices(post, item.key + "."):
                row: dict[str, Any] = {}
                for column in item.fields:
                    value = _read(column, post, f"{item.key}.{index}.{column.key}", column.key)
                    if value is not None:
                        _put(row, column.key, value)
                if any(v is not False for v in row.values()):
                    rows.append(row)
            if rows:
                _put(data, item.key, rows)
        elif isinstance(item, Tags):
            chosen = [tag for tag in item.choices if tag in post.getlist(item.key)]
            if chosen:
                data[item.key] = chosen
        else:
            claims = []
            for condition in item.conditions:
                evidence = post.get(f"{item.key}.{condition.number}", "").strip()
                if evidence:
                    claims.append({"condition": condition.number, "evidence": evidence})
            if claims:
                data[item.key] = claims
    covered = {item.key.split(".")[0] for item in _items(form)}
    kept = {k: v for k, v in existing.items() if k not in covered}
    return kept | data


def _items(form: Sequence[Section]) -> Iterable[Item]:
    for section in form:
        yield from section.items


# --- from the record to the page -------------------------------------------------------------


@dataclass
class Bound:
    """An input on the page: its name (the record path), id, label, value and error."""

    field: Field
    name: str
    value: Any
    error: str = ""
    label_prefix: str = ""  # inside repeated rows: which row, for screen readers and tests
    kind: ClassVar[str] = "field"

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-")

    @property
    def text(self) -> str:
        if self.value is None or self.value is False or self.value is True:
            return ""
        if isinstance(self.value, list):
            return "\n".join(str(line) for line in self.value)
        return str(self.value)

    @property
    def checked(self) -> bool:
        return self.value is True

    @property
    def shown(self) -> str:
        """What a reader is shown: a choice's name, never its key (``city`` → 市级)."""
        return str(dict(self.field.choices).get(self.text, self.text))

    @property
    def options(self) -> Choices:
        """The choices, plus the value itself when it is not one of them (never lost)."""
        known = {value for value, _ in self.field.choices}
        if self.text and self.text not in known:
            return ((self.text, self.text), *self.field.choices)
        return self.field.choices

    @property
    def count(self) -> int:
        return len(self.text)


@dataclass
class BoundRows:
    rows: Rows
    rows_bound: list[list[Bound]]
    template: list[Bound]  # the blank row the page clones; its index is __i__
    error: str = ""
    kind: ClassVar[str] = "rows"

    @property
    def id(self) -> str:
        return "f-" + self.rows.key.replace(".", "-")


@dataclass
class BoundTags:
    tags: Tags
    chosen: list[str]
    error: str = ""
    kind: ClassVar[str] = "tags"

    @property
    def id(self) -> str:
        return "f-" + self.tags.key


@dataclass
class BoundClaim:
    condition: Condition
    name: str
    value: str
    error: str = ""

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-")


@dataclass
class BoundClaims:
    claims: list[BoundClaim]
    kind: ClassVar[str] = "claims"


@dataclass
class BoundSection:
    section: Section
    items: list[Any] = field(default_factory=list)

    def required(self) -> list[Bound]:
        """The section's required inputs, in its repeated rows too: the rows begun (or, if
        none is, the first row), not the blank row offered for one more."""
        found: list[Bound] = []
        for item in self.items:
            if isinstance(item, Bound):
                found.append(item)
            elif isinstance(item, BoundRows):
                begun = [r for r in item.rows_bound if any(b.text or b.checked for b in r)]
                found += [b for row in begun or item.rows_bound[:1] for b in row]
        return [b for b in found if b.field.required]

    @property
    def filled(self) -> int:
        return sum(1 for b in self.required() if b.text or b.checked)

    @property
    def total(self) -> int:
        return len(self.required())


@dataclass(frozen=True)
class Progress:
    """How far the form is filled: its required inputs filled, of all."""

    filled: int
    total: int

    @property
    def percent(self) -> int:
        return 100 * self.filled // self.total if self.total else 100


def progress(bound: Sequence[BoundSection]) -> Progress:
    return Progress(sum(s.filled for s in bound), sum(s.total for s in bound))


def _get(data: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(data, Mapping):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def bind(
    form: Sequence[Section], data: Mapping[str, Any], errors: Iterable[FieldError] = ()
) -> tuple[list[BoundSection], list[FieldError]]:
    """The form filled with ``data``, each error beside its input; errors no input takes."""
    bound: list[BoundSection] = []
    inputs: dict[str, Any] = {}  # name → the bound object that shows its error
    for section in form:
        part = BoundSection(section)
        for item in section.items:
            part.items.append(_bind_item(item, data, inputs))
        bound.append(part)
    claims = data.get("conditions_claimed")
    left: list[FieldError] = []
    for error in errors:
        target = _target(error.field, inputs, claims)
        if target is None:
            left.append(error)
        elif not target.error:
            target.error = error.message
    return bound, left


def _bind_item(item: Item, data: Mapping[str, Any], inputs: dict[str, Any]) -> Any:
    if isinstance(item, Field):
        bound = Bound(item, item.key, _get(data, item.key))
        inputs[item.key] = bound
        return bound
    if isinstance(item, Rows):
        present = _get(data, item.key)
        values = present if isinstance(present, list) else []
        rows = [
            _bind_row(item, index, value, inputs)
            for index, value in enumerate([*values, *([{}] if item.blank_row else [])])
        ]
        group = BoundRows(item, rows, _bind_row(item, "__i__", {}, {}))
        inputs[item.key] = group
        return group
    if isinstance(item, Tags):
        chosen = _get(data, item.key)
        tags = BoundTags(item, chosen if isinstance(chosen, list) else [])
        inputs[item.key] = tags
        return tags
    claimed = _get(data, item.key)
    evidence = {
        c.get("condition"): c.get("evidence", "")
        for c in (claimed if isinstance(claimed, list) else [])
        if isinstance(c, Mapping)
    }
    result = []
    for condition in item.conditions:
        claim = BoundClaim(
            condition, f"{item.key}.{condition.number}", evidence.get(condition.number) or ""
        )
        inputs[claim.name] = claim
        result.append(claim)
    return BoundClaims(result)


def _bind_row(item: Rows, index: int | str, value: Any, inputs: dict[str, Any]) -> list[Bound]:
    number = index + 1 if isinstance(index, int) else "__n__"
    row = []
    for column in item.fields:
        name = f"{item.key}.{index}.{column.key}"
        bound = Bound(column, name, _get(value, column.key), label_prefix=f"{item.label}{number}")
        inputs[name] = bound
        row.append(bound)
    return row


def _target(path: str, inputs: Mapping[str, Any], claims: Any) -> Any:
    """The bound input an error at ``path`` belongs to: itself, else the first under it."""
    if path.startswith("conditions_claimed.") and isinstance(claims, list):
        index = path.split(".")[1]
        if index.isdigit() and int(index) < len(claims) and isinstance(claims[int(index)], dict):
            path = f"conditions_claimed.{claims[int(index)].get('condition')}"
    while path:
        if path in inputs:
            return inputs[path]
        under = next((inputs[name] for name in inputs if name.startswith(path + ".")), None)
        if under is not None:
            return under
        path = path.rpartition(".")[0]
    return None


def error_map(bound: Sequence[BoundSection]) -> dict[str, str]:
    """Each input's (or group's) error by the id of the element that shows it."""
    found: dict[str, str] = {}
    for section in bound:
        for item in section.items:
            for part in item.claims if isinstance(item, BoundClaims) else [item]:
                found[part.id] = part.error
                if isinstance(part, BoundRows):
                    for row in part.rows_bound:
                        found.update({b.id: b.error for b in row})
    return {key: message for key, message in found.items() if message}


def read_only(application: Any, *, personal: bool) -> list[BoundSection]:
    """The application's record in its form's sections, for reading (reviewers, applicant).

    Details are shown apart, masked per role; here the ID number is masked unless
    ``personal``.
    """
    data = dict(application.data)
    if not personal and data.get("id_number"):
        data["id_number"] = mask_id_number(str(data["id_number"]))
    bound, _ = bind(sections(application.campaign.program, application.channel), data)
    for part in bound:
        for item in part.items:
            if isinstance(item, BoundRows):  # drop the blank row offered for typing
                item.rows_bound = [
                    r for r in item.rows_bound if any(b.text or b.checked for b in r)
                ]
    return bound
