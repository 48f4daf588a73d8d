"""Checks of the online form beyond the applicant record (filled in by the form work)."""

from __future__ import annotations

from skillaward.campaigns.models import Application
from skillaward.core.record import FieldError


def form_problems(application: Application) -> list[FieldError]:
    problems: list[FieldError] = []
    if application.pledged_at is None:
        problems.append(FieldError("pledge", "请阅读并签署真实性承诺"))
    return problems
