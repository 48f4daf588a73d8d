"""Registry pages (XA24-16): the office's list of title holders, its Excel export, and the
import of past editions' awardees."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from tempfile import TemporaryDirectory

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from skillaward.core.codes import HONOUR_LEVEL_NAMES
from skillaward.organisations.models import Account
from skillaward.organisations.permissions import (
    OFFICE_ROLES,
    PERSONAL_DATA_ROLES,
    masked_id_number,
    office_of,
)
from skillaward.registry.export import registry_workbook, source_of
from skillaward.registry.models import Awardee
from skillaward.registry.services import registry_import
from skillaward.review.workflow import ActionRefused
from skillaward.web.forms import Form

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def office_roles(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, of the office (staff, experts, approvers); others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.role not in OFFICE_ROLES:  # type: ignore[union-attr]
            raise PermissionDenied("获评人员库只对评选办公室开放")
        return view(request, *args, **kwargs)

    return wrapper


def _awardees(request: HttpRequest) -> QuerySet[Awardee]:
    """The office's awardees, filtered by the search box (name, unit or title; the ID number
    only for roles that see it in full: a search is a way to read a masked field)."""
    awardees = Awardee.objects.filter(office=office_of(request.user)).select_related("campaign")  # type: ignore[arg-type]
    query = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL takes no NUL
    if query:
        matches = Q(name__contains=query) | Q(unit_name__contains=query) | Q(title__contains=query)
        if request.user.role in PERSONAL_DATA_ROLES:  # type: ignore[union-attr]
            matches |= Q(id_number__contains=query.upper())
        awardees = awardees.filter(matches)
    return awardees.order_by("-year", "name", "pk")


@office_roles
def registry_list(request: HttpRequest) -> HttpResponse:
    user: Account = request.user  # type: ignore[assignment]
    show = user.role in PERSONAL_DATA_ROLES
    page = Paginator(_awardees(request), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "awardee": awardee,
            "id_number": awardee.id_number if show else masked_id_number(awardee.id_number),
            "level": HONOUR_LEVEL_NAMES.get(awardee.level, awardee.level),
            "source": source_of(awardee),
        }
        for awardee in page
    ]
    context = {
        "page": page,
        "rows": rows,
        "query": request.GET.get("q", ""),
        "may_manage": user.role == "office_staff",
    }
    return render(request, "registry/list.html", context)


def _office_staff(request: HttpRequest) -> None:
    if request.user.role != "office_staff":  # type: ignore[union-attr]
        raise PermissionDenied("只有评选办公室工作人员可以导出或导入获评人员库")


@office_roles
def registry_export(request: HttpRequest) -> HttpResponse:
    _office_staff(request)
    workbook = io.BytesIO(registry_workbook(_awardees(request)))
    return FileResponse(workbook, as_attachment=True, filename="获评人员库.xlsx", content_type=XLSX)


class ImportForm(Form):
    file = forms.FileField(label="往届获评人员名单（JSON Lines 或 JSON 数组，UTF-8）")


@office_roles
def registry_import_page(request: HttpRequest) -> HttpResponse:
    _office_staff(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with TemporaryDirectory() as directory:
            target = Path(directory) / "registry.jsonl"
            target.write_bytes(form.cleaned_data["file"].read())
            try:
                added = registry_import(path=target, actor=request.user)  # type: ignore[arg-type]
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已导入{added}名获评人员（已在库中的不重复导入）")
                return redirect("registry_list")
    return render(request, "registry/import.html", {"form": form})


urlpatterns = [
    path("registry/", registry_list, name="registry_list"),
    path("registry/export.xlsx", registry_export, name="registry_export"),
    path("registry/import/", registry_import_page, name="registry_import"),
]
