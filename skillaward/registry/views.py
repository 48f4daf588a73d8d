"""Registry pages (XA24-16): the office's list of title holders, its Excel export, and the
import of past editions' awardees."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path

from skillaward.base.errors import ActionRefused
from skillaward.base.forms import Form, refused_with_files
from skillaward.core.codes import HONOUR_LEVEL_NAMES
from skillaward.organisations import permissions
from skillaward.organisations.permissions import (
    masked_id_number,
    office_of,
)
from skillaward.organisations.requests import AccountRequest
from skillaward.registry.export import registry_workbook, source_of
from skillaward.registry.models import Awardee
from skillaward.registry.selectors import office_awardees
from skillaward.registry.services import registry_import

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def office_roles(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Logged in, of the office (staff, experts, approvers); others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: AccountRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not permissions.in_office(request.user):
            raise PermissionDenied("获评人员库只对评选办公室开放")
        return view(request, *args, **kwargs)

    return wrapper


def _awardees(request: AccountRequest) -> QuerySet[Awardee]:
    return office_awardees(
        office_of(request.user),
        request.GET.get("q", ""),
        by_id_number=permissions.handles_personal_data(request.user),
    )


@office_roles
def registry_list(request: AccountRequest) -> HttpResponse:
    user = request.user
    show = permissions.handles_personal_data(user)
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
        "may_manage": permissions.is_office_staff(user),
    }
    return render(request, "registry/list.html", context)


def _office_staff(request: AccountRequest) -> None:
    if not permissions.is_office_staff(request.user):
        raise PermissionDenied("只有评选办公室工作人员可以导出或导入获评人员库")


@office_roles
def registry_export(request: AccountRequest) -> FileResponse:
    _office_staff(request)
    workbook = io.BytesIO(registry_workbook(_awardees(request)))
    return FileResponse(workbook, as_attachment=True, filename="获评人员库.xlsx", content_type=XLSX)


class ImportForm(Form):
    file = forms.FileField(label="往届获评人员名单（JSON Lines 或 JSON 数组，UTF-8）")


@office_roles
def registry_import_page(request: AccountRequest) -> HttpResponse:
    _office_staff(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with TemporaryDirectory() as directory:
            target = Path(directory) / "registry.jsonl"
            target.write_bytes(form.cleaned_data["file"].read())
            try:
                added = registry_import(path=target, actor=request.user)
            except ActionRefused as exc:
                messages.error(request, refused_with_files(str(exc), request.FILES))
            else:
                messages.success(request, f"已导入{added}名获评人员（已在库中的不重复导入）")
                return redirect("registry_list")
    return render(request, "registry/import.html", {"form": form})


urlpatterns = [
    path("registry/", registry_list, name="registry_list"),
    path("registry/export.xlsx", registry_export, name="registry_export"),
    path("registry/import/", registry_import_page, name="registry_import"),
]
