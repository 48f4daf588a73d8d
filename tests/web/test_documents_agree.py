"""Issue 11 §6: documents that agree with the platform.

A publicity notice is one round with its own dates; a list holds only those who passed the
step before it (the recommending unit's publicity); the office's list is grouped by
recommending unit, each with its own ranks.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from docx import Document as Docx
from docx.oxml.ns import qn

from skillaward.publicity.services import publicity_close, publicity_open
from tests.builders import applicant
from tests.web.chain_helpers import advance, at_stage
from tests.web.factories import world

pytestmark = pytest.mark.django_db

BJ24 = "beijing-allowance-2024"


def _text(response) -> str:
    assert response.status_code == 200, response.content.decode()[:300]
    body = Docx(io.BytesIO(response.content)).element.body
    return "".join(t.text or "" for t in body.iter(qn("w:t")))


def _person(w, serial, name, stage, who="applicant"):
    data = applicant(w.program_id, serial=serial, name=name)
    return at_stage(w, stage, who=who, serial=serial, data=data)


def _cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_a_publicity_notice_is_one_round_with_its_own_dates(client):
    w = world(BJ24)
    actor = w.account("recommender_staff")
    first = _person(w, 12, "赵一", "publicity_recommender")
    one = publicity_open(
        campaign=w.campaign, step_id="publicity_recommender", actor=actor, applications=[first]
    )
    publicity_close(publicity=one, actor=actor, today=one.end_date + timedelta(days=1))
    second = _person(w, 13, "钱二", "publicity_recommender")
    two = publicity_open(
        campaign=w.campaign,
        step_id="publicity_recommender",
        actor=actor,
        start=one.end_date + timedelta(days=3),
        applications=[second],
    )
    client.force_login(actor)
    url = reverse("document_batch", args=[w.campaign.pk, "publicity", "docx"])
    text = _text(client.get(f"{url}?publicity={two.pk}"))
    assert "钱二" in text and "赵一" not in text
    assert _cn(two.start_date) in text and _cn(one.start_date) not in text
    text = _text(client.get(f"{url}?publicity={one.pk}"))
    assert "赵一" in text and "钱二" not in text
    assert _cn(one.start_date) in text
    index = client.get(reverse("document_index", args=[w.campaign.pk])).content.decode()
    assert f"?publicity={one.pk}" in index and f"?publicity={two.pk}" in index


def test_a_round_of_another_unit_is_not_downloadable(client):
    w = world(BJ24)
    actor = w.account("recommender_staff")
    first = _person(w, 12, "赵一", "publicity_recommender")
    one = publicity_open(
        campaign=w.campaign, step_id="publicity_recommender", actor=actor, applications=[first]
    )
    client.force_login(w.account("other_recommender_staff"))
    url = reverse("document_batch", args=[w.campaign.pk, "publicity", "docx"])
    assert client.get(f"{url}?publicity={one.pk}").status_code == 404
    client.force_login(w.account("office_staff"))
    assert client.get(f"{url}?publicity={one.pk}").status_code == 200


def test_a_list_holds_only_those_past_the_recommending_units_publicity(client):
    w = world(BJ24)
    _person(w, 12, "赵一", "recommender_submit")
    _person(w, 13, "钱二", "publicity_recommender")  # still waiting for / in publicity
    _person(w, 14, "孙三", "recommender_review")
    client.force_login(w.account("recommender_staff"))
    text = _text(client.get(reverse("document_batch", args=[w.campaign.pk, "list", "docx"])))
    assert "赵一" in text
    assert "钱二" not in text and "孙三" not in text


def test_the_offices_list_groups_units_each_with_its_own_ranks(client):
    w = world(BJ24)
    a = _person(w, 12, "赵一", "recommender_submit")
    advance(w, a)
    b = _person(w, 13, "钱二", "recommender_submit", who="other_applicant")
    advance(w, b)
    client.force_login(w.account("office_staff"))
    response = client.get(reverse("document_batch", args=[w.campaign.pk, "list", "docx"]))
    table = Docx(io.BytesIO(response.content)).tables[0]
    rows = [[c.text.strip() for c in row.cells][:2] for row in table.rows]
    assert rows[1:-1] == [
        [f"归口单位：{w.recommender.name}"] * 2,
        ["1", "赵一"],
        ["归口单位：另一推荐单位"] * 2,
        ["1", "钱二"],
    ]
