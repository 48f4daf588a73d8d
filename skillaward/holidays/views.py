"""The office's page of holiday schedules: which years are known, and the upload form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from skillaward.base.errors import ActionRefused
from skillaward.base.forms import Form, refused_with_files
from skillaward.holidays import services
from skillaward.holidays.models import HolidayYear
from skillaward.organisations import permissions

EXAMPLE = """year: 2027
holidays:
  - 2027-01-01
  - 2027-02-06..2027-02-12
workdays:
  - 2027-02-14"""


class UploadForm(Form):
    file = forms.FileField(label="放假安排文件（YAML）")


@login_required
def holiday_list(request: HttpRequest) -> HttpResponse:
    """Every uploaded year; office staff upload a year's schedule here."""
    actor = request.user
    if not permissions.in_office(actor):
        raise PermissionDenied
    may_upload = permissions.is_office_staff(actor)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_upload:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                stored = services.schedule_import(
                    actor=actor,  # type: ignore[arg-type]
                    content=upload.read(services.MAX_SCHEDULE_BYTES + 1),
                    name=upload.name,
                )
            except ActionRefused as exc:
                form.add_error("file", refused_with_files(str(exc), request.FILES))
            else:
                messages.success(request, f"已导入{stored.year}年放假安排")
                return redirect("holiday_list")
    context = {
        "years": HolidayYear.objects.select_related("uploaded_by"),
        "form": form if may_upload else None,
        "example": EXAMPLE,
    }
    return render(request, "holidays/list.html", context)


urlpatterns = [path("holidays/", holiday_list, name="holiday_list")]
