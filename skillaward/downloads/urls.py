from django.urls import path, register_converter

from skillaward.downloads import lists
from skillaward.downloads import views as web


class FormatConverter:
    regex = "docx|xlsx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PanelDocumentConverter(FormatConverter):
    regex = "summary|statistics"


register_converter(FormatConverter, "docfmt")
register_converter(PanelDocumentConverter, "paneldoc")

urlpatterns = [
    path(
        "applications/<int:pk>/documents/<slug:name>.<docfmt:fmt>",
        web.document_application,
        name="document_application",
    ),
    path(
        "campaigns/<int:pk>/documents/<slug:name>.<docfmt:fmt>",
        web.document_batch,
        name="document_batch",
    ),
    path("campaigns/<int:pk>/documents/", web.document_index, name="document_index"),
    path(
        "campaigns/<int:pk>/documents/<slug:name>/all.pdf",
        web.document_bulk,
        name="document_bulk",
    ),
    path("document-jobs/<int:pk>/", web.document_job, name="document_job"),
    path("document-jobs/<int:pk>/status", web.document_job_status, name="document_job_status"),
    path("document-jobs/<int:pk>/zip", web.document_job_download, name="document_job_download"),
    path(
        "panel-rounds/<int:pk>/documents/<paneldoc:kind>.<docfmt:fmt>",
        web.panel_document,
        name="panel_document",
    ),
    path(
        "panel-rounds/<int:pk>/my-sheet.<docfmt:fmt>",
        web.panel_own_sheet,
        name="panel_own_sheet",
    ),
    *lists.urlpatterns,
]
