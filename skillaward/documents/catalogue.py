"""The catalogue of documents per programme (``catalogue.yaml``), typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from skillaward.documents.errors import DocumentError

Kind = Literal["form", "list", "report", "notice"]
XLSX_SUFFIX = "-xlsx"
DEFAULT_FOOTER = (
    "联系人：{{ batch.contact }}",
    "联系电话：{{ batch.phone }}",
    "手机：{{ batch.mobile }}",
)


@dataclass(frozen=True)
class Column:
    id: str
    header: str
    width: int
    type: str  # rank, section, text, date, month, skill_or_title, honours
    path: str | None = None
    required: bool = False
    max_chars: int | None = None


@dataclass(frozen=True)
class Document:
    program: str
    name: str
    kind: Kind
    title: str
    description: str
    layout: str | None = None
    vars: dict[str, Any] = field(default_factory=dict)
    columns: tuple[Column, ...] = ()
    paper: Literal["A4", "A3"] = "A4"
    recommender_label: str = "推荐单位"
    sections: str | None = None  # record key whose value splits the list into sections
    footer: tuple[str, ...] = ()
    note: str | None = None
    addressee: str | None = None
    attachments: tuple[str, ...] = ()

    @property
    def per_applicant(self) -> bool:
        return self.kind == "form"

    @property
    def template(self) -> str:
        """File name of the .docx template under ``templates/``."""
        if self.layout:
            return f"{self.layout}.docx"
        return f"{self.program}.{self.name}.docx"


@dataclass(frozen=True)
class Program:
    id: str
    name: str
    honour: str
    authority: str
    publicity_days: int
    awards: dict[str, str]
    documents: dict[str, Document]

    def document(self, name: str) -> Document:
        base = name.removesuffix(XLSX_SUFFIX)
        document = self.documents.get(base)
        if document is None or (name != base and document.kind != "list"):
            raise DocumentError(
                f"项目{self.id}没有名为“{name}”的表格；可用：{'、'.join(self.document_names())}"
            )
        return document

    def document_names(self) -> list[str]:
        names = []
        for document in self.documents.values():
            names.append(document.name)
            if document.kind == "list":
                names.append(document.name + XLSX_SUFFIX)
        return names

    def import_list(self) -> Document:
        """The list that ``skillaward import`` reads for this programme."""
        for document in self.documents.values():
            if document.kind == "list":
                return document
        raise DocumentError(f"项目{self.id}没有可导入的一览表或汇总表")


def _columns(spec: dict[str, Any], ids: list[str], headers: dict[str, str]) -> tuple[Column, ...]:
    columns = []
    for column_id in ids:
        data = dict(spec[column_id])
        if column_id in headers:
            data["header"] = headers[column_id]
        columns.append(Column(id=column_id, **data))
    return tuple(columns)


def _program(program_id: str, data: dict[str, Any], columns: dict[str, Any]) -> Program:
    documents = {}
    for name, entry in data["documents"].items():
        entry = dict(entry)
        column_ids = entry.pop("columns", [])
        headers = entry.pop("headers", {})
        documents[name] = Document(
            program=program_id,
            name=name,
            columns=_columns(columns, column_ids, headers),
            footer=tuple(entry.pop("footer", DEFAULT_FOOTER)),
            attachments=tuple(entry.pop("attachments", ())),
            **entry,
        )
    return Program(
        id=program_id,
        name=data["name"],
        honour=data["honour"],
        authority=data["authority"],
        publicity_days=data["publicity_days"],
        awards=data.get("awards", {}),
        documents=documents,
    )


@cache
def catalogue() -> dict[str, Program]:
    text = resources.files(__package__).joinpath("catalogue.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {pid: _program(pid, entry, data["columns"]) for pid, entry in data["programs"].items()}


def program(program_id: str) -> Program:
    programs = catalogue()
    if program_id not in programs:
        raise DocumentError(f"未知的评选项目“{program_id}”；可用：{'、'.join(programs)}")
    return programs[program_id]
