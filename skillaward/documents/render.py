"""Filling the .docx templates: one form per applicant, or one document per batch."""

from __future__ import annotations

import io
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from docx import Document as open_docx
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import ChainableUndefined, Environment, Template, Undefined
from PIL import Image, UnidentifiedImageError

from skillaward.documents.catalogue import Document, Program
from skillaward.documents.context import ApplicantContext, DocumentContext
from skillaward.documents.errors import DocumentError
from skillaward.documents.view import applicant_view, batch_view, cn_date, sign_date

PHOTO_BOX_MM = (33.0, 48.0)  # 2-inch photo (35 × 49 mm) inside its cell


def _finalize(value: Any) -> Any:
    return "" if value is None or isinstance(value, Undefined) else value


def _sign(value: Any) -> str:
    return sign_date(value if isinstance(value, str) and value else None)


def _cn_date(value: Any) -> str:
    return cn_date(value) if isinstance(value, str | date) and value else ""


def pad(items: Any, minimum: int) -> list[Any]:
    """The items, then empty rows up to ``minimum``: blank lines of the printed form."""
    rows: list[Any] = list(items or [])
    return rows + [{}] * (minimum - len(rows))


def choose(value: Any, options: Sequence[str]) -> str:
    """Tick-box line: ``☑`` before the option the value names, ``□`` before the others.

    An option matches when the value starts with the option's name before its bracket; the
    ticked option shows the value itself (``国有企业（市属）`` ticks the ``国有企业`` option).
    """
    text = value if isinstance(value, str) else ""
    marks = []
    for option in options:
        stem = option.split("（")[0]
        chosen = bool(text) and text.startswith(stem)
        marks.append(f"☑{text}" if chosen else f"□{option}")
    return "　".join(marks)


# A template's parts are the same for every applicant: docxtpl's clean-up of their XML and its
# compilation to Jinja are done once per part (a few parts per template), not once per form.
KEPT_PARTS = 64


class _Environment(Environment):
    """Jinja's environment, each source compiled once (docxtpl compiles every part per form)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Template] = {}

    def from_string(  # type: ignore[override]
        self,
        source: str,
        globals: MutableMapping[str, Any] | None = None,
        template_class: None = None,
    ) -> Template:
        if globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= KEPT_PARTS:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, each part's XML cleaned up for Jinja once."""

    _patched: ClassVar[dict[str, str]] = {}

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            if len(self._patched) >= KEPT_PARTS:
                self._patched.clear()
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return patched


@cache
def jinja_env() -> Environment:
    env = _Environment(autoescape=True, finalize=_finalize, undefined=ChainableUndefined)
    env.filters["sign"] = _sign
    env.filters["cn_date"] = _cn_date
    env.globals["pad"] = pad
    env.globals["choose"] = choose
    return env


@cache
def template_bytes(name: str) -> bytes:
    path = resources.files(__package__).joinpath("templates").joinpath(name)
    try:
        return path.read_bytes()
    except OSError:
        raise DocumentError(f"缺少模板文件{name}，请重新安装或运行模板生成脚本") from None


def _photo(template: DocxTemplate, path: str | None) -> InlineImage | str:
    if not path:
        return ""
    try:
        with Image.open(path) as image:
            width, height = image.size
            kind = image.format
    except (OSError, UnidentifiedImageError):
        raise DocumentError(f"照片文件“{path}”无法读取，应为JPG或PNG图片") from None
    if kind not in ("JPEG", "PNG"):
        raise DocumentError(f"照片文件“{path}”是{kind}格式，应为JPG或PNG图片")
    box_w, box_h = PHOTO_BOX_MM
    scale = min(box_w / width, box_h / height)
    return InlineImage(template, path, width=Mm(width * scale), height=Mm(height * scale))


@dataclass(frozen=True)
class Publicity:
    start: str
    end: str
    days: int


def publicity_period(program: Program, context: DocumentContext) -> Publicity | None:
    """The publicity period in working days (BJ6-13, BJ24-08, XA24-14, CC3-08, LC19-11)."""
    batch = context.batch
    if not batch.publicity_start:
        return None
    from skillaward.core.workdays import CalendarDataMissing, WorkCalendar

    days = batch.publicity_days or program.publicity_days
    start = date.fromisoformat(batch.publicity_start)
    if batch.publicity_end:  # the platform's stored end date (its uploaded holiday schedules)
        return Publicity(
            start=cn_date(start), end=cn_date(date.fromisoformat(batch.publicity_end)), days=days
        )
    try:
        end = WorkCalendar().publicity_end(start, days)
    except CalendarDataMissing as error:
        raise DocumentError(f"无法计算公示截止日期：{error}") from None
    return Publicity(start=cn_date(start), end=cn_date(end), days=days)


def _common(program: Program, document: Document) -> dict[str, Any]:
    return {
        "program": {
            "name": program.name,
            "honour": program.honour,
            "authority": program.authority,
        },
        "doc": {"title": document.title},
        "vars": document.vars,
    }


def _render(template_name: str, build: Any) -> bytes:
    template = _Template(io.BytesIO(template_bytes(template_name)))
    template.render(build(template), jinja_env(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def fill_template(template_name: str, values: dict[str, Any]) -> bytes:
    """A template filled with ready values (.docx bytes)."""
    return _render(template_name, lambda _template: values)


def render_form(
    program: Program,
    document: Document,
    record: Mapping[str, Any],
    context: DocumentContext,
    *,
    batch_records: Sequence[Mapping[str, Any]] = (),
) -> bytes:
    """One applicant's form (.docx bytes)."""
    applicant: ApplicantContext = context.for_record(record)

    def build(template: DocxTemplate) -> dict[str, Any]:
        values = applicant_view(record, applicant, awards=program.awards)
        values.update(_common(program, document))
        values["batch"] = batch_view(context.batch, batch_records or [record])
        values["photo"] = _photo(template, applicant.photo)
        return values

    return _render(document.template, build)


def _unit_of(record: Mapping[str, Any]) -> str:
    nomination = record.get("nomination")
    return str(nomination.get("recommender") or "") if isinstance(nomination, Mapping) else ""


def ordered_groups(
    program: Program, document: Document, records: Sequence[Mapping[str, Any]]
) -> list[tuple[str, str | None, list[Mapping[str, Any]]]]:
    """(recommending unit heading, award section, records) in the order a list lays them out.

    A batch of several recommending units (the office's list) is grouped by unit, in the
    batch's order, each unit ranked on its own; within a unit, by award section (CC3-18).
    """
    units = list(dict.fromkeys(_unit_of(r) for r in records))
    grouped = len(units) > 1
    order = list(program.awards) if document.sections else [None]
    groups = []
    for unit in units if grouped else [None]:
        for section in order:
            members = [
                r
                for r in records
                if (unit is None or _unit_of(r) == unit)
                and (section is None or r.get(document.sections or "") == section)
            ]
            if members:
                heading = f"{document.recommender_label}：{unit}" if unit is not None else ""
                groups.append((heading, section, members))
    return groups


def list_sections(
    program: Program,
    document: Document,
    records: Sequence[Mapping[str, Any]],
    context: DocumentContext,
) -> list[dict[str, Any]]:
    """The rows of a batch document by group, each numbered from 1 in the batch's order.

    ``heading`` names the recommending unit when the batch holds several (else it is empty);
    ``title`` the award section (CC3-18).
    """
    sections = []
    for heading, section, members in ordered_groups(program, document, records):
        rows = []
        for rank, record in enumerate(members, start=1):
            view = applicant_view(record, context.for_record(record), awards=program.awards)
            row = {column.id: view.get(column.id, "") for column in document.columns}
            row["rank"] = row["seq"] = str(rank)
            if section is not None:
                row["section"] = f"{program.awards[section]}候选人"
            rows.append(row)
        sections.append({"heading": heading, "title": rows[0].get("section", ""), "rows": rows})
    return sections


def require_sections(
    program: Program, document: Document, records: Sequence[Mapping[str, Any]]
) -> None:
    """A list divided by award must be able to place every record (no or unknown award)."""
    if not document.sections:
        return
    missing = [
        str(r.get("name", "")) for r in records if r.get(document.sections) not in program.awards
    ]
    if missing:
        raise DocumentError(
            f"{document.title}按奖项分栏，以下人员缺少或填错推荐奖项（award）：{'、'.join(missing)}"
        )


def render_batch(
    program: Program,
    document: Document,
    records: Sequence[Mapping[str, Any]],
    context: DocumentContext,
) -> bytes:
    """A list, report or publicity notice of the whole batch (.docx bytes)."""
    require_sections(program, document, records)
    publicity = publicity_period(program, context)
    if document.kind == "notice" and publicity is None:
        raise DocumentError(
            "生成公示需要公示开始日期：请在表单补充信息的 batch 中填写 publicity_start"
        )

    def build(template: DocxTemplate) -> dict[str, Any]:
        values = _common(program, document)
        values["batch"] = batch_view(context.batch, records)
        values["sections"] = list_sections(program, document, records, context)
        values["rows"] = [row for section in values["sections"] for row in section["rows"]]
        values["publicity"] = publicity
        return values

    return _keep_with_what_follows(
        _render(document.template, build), trailer=document.kind == "list"
    )


def _keep_with_what_follows(data: bytes, *, trailer: bool) -> bytes:
    """The table's last candidate row keeps with what follows it (a list's contact row, a
    notice's period and contact line), so a page break never leaves those alone."""
    docx = open_docx(io.BytesIO(data))
    if not docx.tables:
        return data
    rows = docx.tables[-1].rows
    last = rows[-2] if trailer and len(rows) > 2 else rows[-1]
    for cell in last.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def write_bytes(path: Path, data: bytes) -> Path:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise DocumentError(f"无法写入文件{path}：{error.strerror}") from None
    return path
