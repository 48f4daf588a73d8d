"""The deadline day's three requests cost a fixed, small number of queries (issue 15 §3).

Counted inside the test's transaction, so each atomic block adds its SAVEPOINT and RELEASE:
the form 8 (one session write), the save 12, the submit 21 (with the one-application-per-person
check of issue 11 and the registry check): 41 in all (45 before issue 15).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from skillaward.base.clock import beijing_today
from tests.web.test_application_pages import FormValues, logged_in, open_world
from tests.web.test_applications import ready

pytestmark = pytest.mark.django_db


def test_load_save_and_submit_take_few_queries(client, django_assert_num_queries):
    w = open_world("beijing-allowance-2024")
    application = ready(w, today=beijing_today())
    c = logged_in(client, w)
    edit = reverse("application_edit", args=[application.pk])
    with django_assert_num_queries(8):
        page = c.get(edit)
    form = FormValues()
    form.feed(page.content.decode())
    with django_assert_num_queries(12):
        assert c.post(edit, dict(form.posted)).status_code == 302
    with django_assert_num_queries(21):
        response = c.post(reverse("application_submit", args=[application.pk]))
    assert response["Location"] == reverse("application_detail", args=[application.pk])
