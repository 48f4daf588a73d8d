"""The skeleton: a campaign per programme and a draft that the engine screens."""

from __future__ import annotations

import pytest

from skillaward.core.program import bundled_programs
from tests.web.factories import draft, world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("program_id", sorted(bundled_programs()))
def test_draft_is_screened_with_clause_ids(program_id):
    w = world(program_id)
    application = draft(w)
    assert application.verdict == "eligible", application.findings
    assert all(f["clause"] for f in application.findings)
