"""The application form picks the employer's division from the GB/T 2260 list (LC19-03)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.builders import applicant
from tests.web.factories import draft, world
from tests.web.test_application_pages import as_post, logged_in, page_form

pytestmark = pytest.mark.django_db
LC19 = "liaocheng-chief-2019"


def test_lc19_03_form_offers_the_county_level_city_and_keeps_its_code(client):
    w = world(LC19)
    employer = {"name": "某厂", "region": "临清市", "nature": "其他", "region_code": "371581"}
    application = draft(w, data=applicant(LC19, employer=employer))
    page = logged_in(client, w).get(reverse("application_edit", args=[application.pk]))
    text = page.content.decode()
    assert '<option value="371581" selected>山东省聊城市临清市</option>' in text
    assert 'value="370102"' not in text  # 济南市历下区 is outside the programme's area
    form = page_form(client, application)
    client.post(reverse("application_edit", args=[application.pk]), as_post(form.posted))
    application.refresh_from_db()
    assert application.data["employer"] == employer
