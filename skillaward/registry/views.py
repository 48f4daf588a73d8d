"""Registry pages (XA24-16): the office's list of title holders, its Excel export, and the
import of past editions' awardees."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse

from skillaward.base.errors import ActionRefused
from skillaward.base.forms import Form, refused_with_files
from skillaward.base.lists import export_rows, filter_fields, list_page, xlsx_response
from skillaward.organisations import permissions
from skillaward.organisations.requests import AccountRequest
from skillaward.registry.selectors import registry_list
from skillaward.registry.services import registry_import

PAGE_SIZE = 50


def office_roles(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Logged in, of the office (staff, experts, approvers); others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: AccountRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not permissions.in_office(request.user):
            raise PermissionDenied("获评人员库只对评选办公室开放")
        return view(request, *args, **kwargs)

    return wrapper


@office_roles
def registry_list_page(request: AccountRequest) -> HttpResponse:
    found = registry_list(request.user, request.GET)
    may_manage = permissions.is_office_staff(request.user)
    context = {
        "list": list_page(
            found.awardees,
            found.listing,
            request.GET,
            per_page=PAGE_SIZE,
            download=reverse("registry_export") if may_manage else None,
        ),
        "filters": filter_fields(found.form),
        "may_manage": may_manage,
    }
    return render(request, "registry/list.html", context)


def _office_staff(request: AccountRequest) -> None:
    if not permissions.is_office_staff(request.user):
        raise PermissionDenied("只有评选办公室工作人员可以导出或导入获评人员库")


@office_roles
def registry_export(request: AccountRequest) -> FileResponse:
    """The registry as the page's filters and sort show it, as Excel."""
    _office_staff(request)
    found = registry_list(request.user, request.GET)
    rows = export_rows(found.awardees, found.listing, request.GET.get("sort", ""))
    return xlsx_response("获评人员库", found.listing, rows)


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
    path("registry/", registry_list_page, name="registry_list"),
    path("registry/export.xlsx", registry_export, name="registry_export"),
    path("registry/import/", registry_import_page, name="registry_import"),
]
