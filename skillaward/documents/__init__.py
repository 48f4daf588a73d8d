"""Official documents: Word forms and lists, Excel lists out and in, PDF via LibreOffice.

Built on applicant records (``interchange.md``) plus a typed form context
(:mod:`skillaward.documents.context`); the catalogue (``catalogue.yaml``) says which documents
each programme has. Entry points: :func:`render_documents` and :func:`import_list`.
"""

from skillaward.documents.api import render_documents
from skillaward.documents.catalogue import catalogue, program
from skillaward.documents.context import DocumentContext, load_context, parse_context
from skillaward.documents.errors import DocumentError
from skillaward.documents.importer import ImportResult, import_list
from skillaward.documents.pdf import convert_to_pdf

__all__ = [
    "DocumentContext",
    "DocumentError",
    "ImportResult",
    "catalogue",
    "convert_to_pdf",
    "import_list",
    "load_context",
    "parse_context",
    "program",
    "render_documents",
]
