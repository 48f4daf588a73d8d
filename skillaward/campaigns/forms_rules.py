"""Checks of the online form beyond the applicant record: what submission also requires.

The record's own validation (ID number, dates, code lists) is in ``core.record``; these are
the form's rules: the pledge, the photo, the programme's length limits and a continuous work
history. Each problem names the form field it belongs to, so the page shows it there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skillaward.campaigns.models import Application
from skillaward.core.history import work_history_problems
from skillaward.core.program import FieldLimit, Program
from skillaward.core.record import FieldError

# The applicant's field each of the programmes' ``field_limits`` applies to. Limits not
# listed here (the unit's opinion) belong to other people's forms.
LIMITED_FIELDS = {
    "deeds": "deeds",
    "deeds_brief": "deeds_brief",
    "achievements_summary": "deeds_brief",
}


def field_limits(program: Program) -> dict[str, FieldLimit]:
    """The length limit of each record field of the applicant's form, by field."""
    return {
        LIMITED_FIELDS[key]: limit
        for key, limit in program.field_limits.items()
        if key in LIMITED_FIELDS
    }


def data_problems(program: Program, data: Mapping[str, Any]) -> list[FieldError]:
    """Length limits (BJ24-20, XA24-17, CC3-18, LC19-14) and work history (BJ24-16)."""
    problems = []
    for field, limit in field_limits(program).items():
        value = data.get(field)
        if isinstance(value, str) and len(value) > limit.max_chars:
            problems.append(
                FieldError(
                    field,
                    f"{limit.label}限{limit.max_chars}字以内，现有{len(value)}字（{limit.clause}）",
                )
            )
    history = data.get("work_history")
    if isinstance(history, list):
        problems += work_history_problems([p for p in history if isinstance(p, Mapping)])
    return problems


def form_problems(application: Application) -> list[FieldError]:
    program = application.campaign.program
    problems = data_problems(program, application.data)
    if program.photo is not None and not application.photo:
        problems.append(FieldError("photo", f"请上传二寸免冠照片（{program.photo.clause}）"))
    if application.pledged_at is None:
        problems.append(FieldError("pledge", "请阅读并签署真实性承诺"))
    return problems
