"""The one list component of the platform: columns, sort, pages and the Excel download.

Every list (worklists, a campaign's applications, the document index, the registry) is a
queryset, a :class:`Listing` of columns read from ``values()`` rows, and a sort chosen by
column key. A page takes the primary keys of its rows first (an index-only read that sorts
no JSON, however deep the page), then reads those rows' printed columns only; the Excel
download reads the same columns of every row, in the same order, so it holds exactly what
the list shows. Filtering is each list's own form; the template is ``lists/_table.html``
(a table on a desktop, cards on a phone).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import xlsxwriter
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import FileResponse, QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from skillaward.documents.xlsx import formula_safe

Row = Mapping[str, Any]

PAGE_SIZE = 20
# Excel downloads of more rows are built by a background job (``downloads.jobs``).
INLINE_XLSX_ROWS = 2000
# Digits (and the final X) typed into a search: an ID number or a part of one. Only roles
# that see ID numbers in full may search by them: a search is a way to read a masked field.
ID_LIKE = re.compile(r"[0-9]{4,17}[0-9Xx]?")
ID_SEARCH_REFUSED = "您的角色看不到完整的身份证号码，不能按身份证号码查询；请按姓名查询"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column: its label, the ``values()`` fields it reads, and its text from them."""

    key: str
    label: str
    fields: tuple[str, ...]
    text: Callable[[Row], object]
    order: tuple[str, ...] = ()  # the sort when the list is sorted by this column; () unsortable
    width: int = 14  # in the Excel sheet


@dataclass(frozen=True)
class Listing:
    """A list's columns, default sort, and each row's page link (by its ``values()`` row)."""

    columns: tuple[Column, ...]
    default_sort: str
    url: Callable[[Row], str] | None = None
    links: Callable[[Row], list[tuple[str, str]]] | None = None  # extra links under a row

    def fields(self) -> list[str]:
        return list(dict.fromkeys(["pk", *(f for c in self.columns for f in c.fields)]))

    def ordering(self, sort: str) -> list[str]:
        """The ``order_by`` of ``sort`` (a column key, ``-`` for descending)."""
        key = sort.removeprefix("-")
        column = next((c for c in self.columns if c.key == key and c.order), None)
        if column is None:
            return self.ordering(self.default_sort) if sort != self.default_sort else ["pk"]
        return reverse(column.order) if sort.startswith("-") else list(column.order)

    def sort_of(self, raw: str) -> str:
        key = raw.removeprefix("-")
        known = any(c.key == key and c.order for c in self.columns)
        return raw if known else self.default_sort

    def cells(self, row: Row) -> list[object]:
        return [column.text(row) for column in self.columns]


def reverse(ordering: Sequence[str]) -> list[str]:
    """The ``order_by`` fields the other way round (every list's order ends with the key)."""
    return [f[1:] if f.startswith("-") else f"-{f}" for f in ordering]


class CountedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator told its count when it is known, rather than counting the rows again."""

    def __init__(self, object_list: Any, per_page: int, *, count: int | None = None) -> None:
        super().__init__(object_list, per_page)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached property


@dataclass
class ListRow:
    url: str | None
    cells: list[tuple[str, object]]  # (column label, text): a phone's card labels each
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Header:
    label: str
    url: str | None  # sorts by the column (the other way when it sorts already)
    state: str  # "asc", "desc" or ""


@dataclass
class ListPage:
    """What the template shows: headers with sort links, rows, the page and its links."""

    headers: list[Header]
    rows: list[ListRow]
    page: Page[Any]
    params: str  # the filters and the sort, to carry on other links ("a=1&b=2" or "")
    sort: str = ""
    sorts: list[tuple[str, str]] = field(default_factory=list)  # (value, label) both ways
    download: str | None = None  # the list's Excel download (the same filters apply)

    @property
    def count(self) -> int:
        return self.page.paginator.count

    def page_url(self, number: int) -> str:
        return "?" + "&".join(p for p in (self.params, f"page={number}") if p)

    @property
    def previous_url(self) -> str | None:
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else None

    @property
    def last_url(self) -> str:
        return self.page_url(self.page.paginator.num_pages)

    @property
    def xlsx_url(self) -> str | None:
        if self.download is None:
            return None
        joint = "&" if "?" in self.download else "?"
        return self.download + (f"{joint}{self.params}" if self.params else "")


@dataclass(frozen=True)
class FilterField:
    """A filter as the list's form shows it: label, control, and its errors beside it."""

    id: str
    label: str
    control: SafeString
    errors: list[str]
    checkbox: bool


def filter_fields(form: forms.Form) -> list[FilterField]:
    """The form's fields as controls, written here: a select of 200 recommending units
    through Django's widget templates cost more than the rest of the page."""
    shown = []
    for bound in form:
        field = bound.field
        value = bound.value()
        current = "" if value is None else str(value)
        name, id_ = bound.html_name, bound.id_for_label
        if isinstance(field, forms.ChoiceField):
            choices: list[tuple[object, str]] = list(field.choices)  # type: ignore[arg-type]
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((v, " selected" if str(v) == current else "", text) for v, text in choices),
            )
            control = format_html('<select name="{}" id="{}">{}</select>', name, id_, options)
        elif isinstance(field, forms.BooleanField):
            checked = " checked" if value else ""
            control = format_html('<input type="checkbox" name="{}" id="{}"{}>', name, id_, checked)
        else:
            kind = "number" if isinstance(field, forms.IntegerField) else "search"
            control = format_html(
                '<input type="{}" name="{}" id="{}" value="{}">', kind, name, id_, current
            )
        shown.append(
            FilterField(
                id_,
                str(field.label or name),
                control,
                [str(e) for e in bound.errors],
                isinstance(field, forms.BooleanField),
            )
        )
    return shown


def _params(query: QueryDict, **changes: str) -> str:
    kept = {k: v for k, v in query.items() if k not in ("page", "sort") and v}
    kept.update({k: v for k, v in changes.items() if v})
    return urlencode(kept)


def list_page(
    queryset: QuerySet[Any],
    listing: Listing,
    query: QueryDict,
    *,
    per_page: int | None = None,
    download: str | None = None,
    count: int | None = None,
) -> ListPage:
    """One page of ``queryset`` as ``listing`` shows it, sorted and paged by ``query``;
    ``count``: the number of rows when the caller knows it already (the stage counts)."""
    sort = listing.sort_of(query.get("sort", ""))
    ordering = listing.ordering(sort)
    keys = queryset.order_by(*ordering).values_list("pk", flat=True)
    paginator = CountedPaginator(keys, per_page or PAGE_SIZE, count=count)
    page = paginator.get_page(query.get("page"))
    bottom = (page.number - 1) * paginator.per_page
    top = min(bottom + paginator.per_page, paginator.count)
    if bottom > paginator.count // 2:  # a deep page is read from the other end, half as far
        backwards = queryset.order_by(*reverse(ordering)).values_list("pk", flat=True)
        ids = list(backwards[paginator.count - top : paginator.count - bottom])[::-1]
    else:
        ids = list(keys[bottom:top])
    model: type[Model] = queryset.model
    found = {
        r["pk"]: r for r in model._default_manager.filter(pk__in=ids).values(*listing.fields())
    }
    rows = [found[pk] for pk in ids if pk in found]
    page.object_list = rows
    headers = []
    for column in listing.columns:
        state = "asc" if sort == column.key else "desc" if sort == f"-{column.key}" else ""
        url = None
        if column.order:
            url = "?" + _params(query, sort=f"-{column.key}" if state == "asc" else column.key)
        headers.append(Header(column.label, url, state))
    labels = [c.label for c in listing.columns]
    return ListPage(
        headers=headers,
        rows=[
            ListRow(
                listing.url(r) if listing.url else None,
                list(zip(labels, listing.cells(r), strict=True)),
                listing.links(r) if listing.links else [],
            )
            for r in rows
        ],
        page=page,
        params=_params(query, sort=sort if sort != listing.default_sort else ""),
        sort=sort,
        sorts=[
            (f"{way}{c.key}", f"{c.label}{arrow}")
            for c in listing.columns
            if c.order
            for way, arrow in (("", "（升序）"), ("-", "（降序）"))
        ],
        download=download,
    )


def export_rows(queryset: QuerySet[Any], listing: Listing, sort: str) -> Iterator[Row]:
    """Every row of the list, in its order, its printed columns only (read in chunks)."""
    ordered = queryset.order_by(*listing.ordering(listing.sort_of(sort)))
    return ordered.values(*listing.fields()).iterator(chunk_size=2000)


def write_xlsx(
    target: Path,
    title: str,
    listing: Listing,
    rows: Iterable[Row],
    progress: Callable[[int], None] | None = None,
) -> int:
    """The list as one sheet (XlsxWriter, constant memory); returns the number of rows."""
    workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = workbook.add_worksheet(title[:31])
    bold = workbook.add_format({"bold": True})
    for index, column in enumerate(listing.columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, column.label, bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, value in enumerate(listing.cells(row)):
            write_cell(sheet, count, index, value)
        if progress is not None and count % 5000 == 0:
            progress(count)
    workbook.close()
    return count


def xlsx_response(title: str, listing: Listing, rows: Iterable[Row]) -> FileResponse:
    """The list as an Excel attachment named ``title``.xlsx, written in the request."""
    directory = tempfile.TemporaryDirectory(prefix="skillaward-list-")
    target = Path(directory.name) / "list.xlsx"
    write_xlsx(target, title, listing, rows)
    stream = target.open("rb")
    directory.cleanup()  # the open file stays readable until the response closes it
    return FileResponse(stream, as_attachment=True, filename=f"{title}.xlsx", content_type=XLSX)


def write_cell(sheet: Any, row: int, column: int, value: object) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        sheet.write_string(row, column, formula_safe(str(value)))
    else:
        sheet.write_number(row, column, value)


def without_nul(query: QueryDict) -> QueryDict:
    """The query with NUL bytes dropped from the search (PostgreSQL takes none): a search
    that pasted one still finds what it names."""
    search = query.get("q", "")
    if "\x00" not in search:
        return query
    cleaned = query.copy()
    cleaned["q"] = search.replace("\x00", "")
    return cleaned


def rows_by_key(
    model: type[Model], listing: Listing, keys: Sequence[int], chunk: int = 2000
) -> Iterator[Row]:
    """The printed columns of the rows ``keys``, in that order (a background job's list)."""
    for start in range(0, len(keys), chunk):
        part = keys[start : start + chunk]
        found = {
            r["pk"]: r for r in model._default_manager.filter(pk__in=part).values(*listing.fields())
        }
        yield from (found[k] for k in part if k in found)
