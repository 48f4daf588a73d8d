"""Issue 11 §2: every role's home shows what waits for it, with its deadline and the days
left; new objections show on the publicity holder's home."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from skillaward.base.clock import beijing_today
from skillaward.publicity.services import objection_submit, publicity_open
from tests.web.chain_helpers import at_stage, staff
from tests.web.factories import PASSWORD, world

pytestmark = pytest.mark.django_db


def _home(client, w, role):
    client.login(username=w.account(role).username, password=PASSWORD)
    return client.get(reverse("home")).content.decode()


def _window(days_left):
    today = beijing_today()
    return [
        {
            "id": "submission",
            "start": today - timedelta(days=2),
            "end": today + timedelta(days=days_left),
        }
    ]


def test_cc3_15_applicant_a_day_before_the_window_closes_sees_it(client):
    w = world("changchun-skills-3", phases=_window(1))
    html = _home(client, w, "applicant")
    section = html.split('id="deadlines"', 1)[1].split("</section>", 1)[0]
    assert "还剩1天" in section
    assert "CC3-15" in section
    assert f"{beijing_today() + timedelta(days=1):%Y年%-m月%-d日}截止" in section


def test_cc3_15_the_last_day_reads_today(client):
    w = world("changchun-skills-3", phases=_window(0))
    assert "今天截止" in _home(client, w, "applicant")


@pytest.mark.parametrize("role", ["unit_staff", "recommender_staff"])
def test_units_see_the_submission_deadline_of_their_steps(client, role):
    w = world(
        "beijing-allowance-2024",
        phases=[{"id": "submission", "end": beijing_today() + timedelta(days=9)}],
    )
    section = _home(client, w, role).split('id="deadlines"', 1)[1].split("</section>", 1)[0]
    assert "还剩9天" in section
    assert "BJ24-11" in section


def test_the_office_sees_no_deadline_the_timeline_does_not_give_it(client):
    w = world(
        "beijing-allowance-2024",
        phases=[{"id": "submission", "end": beijing_today() + timedelta(days=9)}],
    )
    assert 'id="deadlines"' not in _home(client, w, "office_staff")


def test_xa24_09_the_expert_sees_the_panel_round(client):
    today = beijing_today()
    w = world(
        "xingan-expert-2024",
        phases=[{"id": "expert-review", "start": today, "end": today + timedelta(days=4)}],
    )
    section = _home(client, w, "expert").split('id="deadlines"', 1)[1].split("</section>", 1)[0]
    assert "专家评审" in section
    assert "还剩4天" in section


def test_the_publicity_holder_sees_its_end_and_new_objections(client):
    w = world("beijing-allowance-2024")
    application = at_stage(w, "publicity_recommender")
    holder = staff(w, application, "recommender_staff")
    today = beijing_today()
    publicity = publicity_open(
        campaign=w.campaign, step_id="publicity_recommender", actor=holder, start=today
    )
    before = _home(client, w, "recommender_staff")
    assert publicity.title in before
    assert f"还剩{(publicity.end_date - today).days}天" in before
    assert "件异议待处理" not in before
    objection_submit(
        publicity=publicity,
        application=application,
        text="该同志业绩材料存在夸大",
        name="张三",
        contact="13900000000",
    )
    assert "收到1件异议待处理" in _home(client, w, "recommender_staff")
    assert "件异议待处理" not in _home(client, w, "unit_staff")
