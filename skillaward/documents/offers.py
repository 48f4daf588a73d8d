"""Which official documents a programme offers for download, and in which formats."""

from __future__ import annotations

from dataclasses import dataclass

from skillaward.documents.catalogue import Document, program
from skillaward.documents.errors import DocumentError

FORMAT_NAMES = {"docx": "Word", "xlsx": "Excel", "pdf": "PDF"}


@dataclass(frozen=True)
class Offered:
    """One downloadable document: its catalogue name, title and formats."""

    name: str
    title: str
    kind: str
    formats: tuple[str, ...]

    def format_links(self) -> list[tuple[str, str]]:
        return [(fmt, FORMAT_NAMES[fmt]) for fmt in self.formats]


def _offered(document: Document) -> Offered:
    formats = ("docx", "xlsx", "pdf") if document.kind == "list" else ("docx", "pdf")
    return Offered(document.name, document.title, document.kind, formats)


def _documents(program_id: str) -> list[Document]:
    try:
        return list(program(program_id).documents.values())
    except DocumentError:  # a programme without official documents in the catalogue
        return []


def form_documents(program_id: str) -> list[Offered]:
    """The programme's per-applicant forms (申报表, 推荐表, 审批表, 档案袋封面, 承诺书 …)."""
    return [_offered(d) for d in _documents(program_id) if d.per_applicant]


def batch_documents(program_id: str) -> list[Offered]:
    """The programme's lists, recommendation report and publicity notice."""
    return [_offered(d) for d in _documents(program_id) if not d.per_applicant]
