"""The web side of rule fidelity: the employer's division from the GB/T 2260 list (LC19-03), and
operators' own programme files offered for new campaigns."""

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


def test_campaign_new_offers_the_operators_own_programmes(client, tmp_path, monkeypatch):
    """Programme files in SKILLAWARD_PROGRAMS stand beside the bundled ones (issue 12, §6)."""
    from tests.core.test_operator_programs import city_programme, write

    write(tmp_path, city_programme())
    monkeypatch.setenv("SKILLAWARD_PROGRAMS", str(tmp_path))
    w = world(LC19, campaign=False)
    client.force_login(w.account("office_staff"))
    text = client.get(reverse("campaign_new")).content.decode()
    assert "测试市首席技师选拔" in text and "2019年度聊城市首席技师选拔推荐" in text
    page = client.get(reverse("campaign_new"), {"program": "test-city-chief"})
    assert page.status_code == 200


def test_faulty_operator_programme_file_is_reported_not_a_server_error(
    client, tmp_path, monkeypatch
):
    from tests.core.test_operator_programs import city_programme, write

    data = city_programme()
    data["rules"][1]["checks"][0]["match"] = [{"title": "青年突击手"}]
    write(tmp_path, data)
    monkeypatch.setenv("SKILLAWARD_PROGRAMS", str(tmp_path))
    w = world(LC19)
    client.force_login(w.account("office_staff"))
    page = client.get(reverse("campaign_new"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "称号“青年突击手”不在称号词表" in text
    assert "2019年度聊城市首席技师选拔推荐" in text
    assert w.campaign.program.id == LC19  # bundled campaigns go on working
