"""The publicity pages: public list and notice (anyone), the holder's page; permissions per
role and query counts with 1 and 3 rows (BJ24-08, CC3-10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from skillaward.campaigns.models import Application
from skillaward.core.idnumber import mask_id_number
from skillaward.publicity.models import Objection, Publicity
from skillaward.publicity.services import objection_submit, publicity_open
from tests.builders import applicant
from tests.web.factories import PASSWORD, World, world
from tests.web.test_publicity import MONDAY, at_stage, stage_of

pytestmark = pytest.mark.django_db

STEP = "publicity_recommender"
ROLES = [
    "applicant",
    "unit_staff",
    "recommender_staff",
    "other_recommender_staff",
    "office_staff",
    "expert",
    "approver",
]


def candidates(w: World, count: int) -> list[Application]:
    """``count`` more people waiting at the step (each a new ID number)."""
    first = Application.objects.count()
    return [
        at_stage(w, STEP, data=applicant(w.program_id, serial=10 + 2 * (first + n)))
        for n in range(count)
    ]


def publicised(w: World, count: int = 1, *, days_left: int = 0) -> Publicity:
    """A publicity of ``count`` candidates, running today and ending in ``days_left`` days.

    It is opened for real; its dates are then moved around today so the pages, which read
    today's Beijing date, see it running (or, with negative ``days_left``, over).
    """
    candidates(w, count)
    publicity = publicity_open(
        campaign=w.campaign,
        step_id=STEP,
        actor=w.account("recommender_staff"),
        start=MONDAY,
        today=MONDAY,
    )
    today = timezone.localdate()
    Publicity.objects.filter(pk=publicity.pk).update(
        start_date=today - timedelta(days=7), end_date=today + timedelta(days=days_left)
    )
    publicity.refresh_from_db()
    return publicity


def login(client, w: World, role: str) -> None:
    assert client.login(username=w.account(role).username, password=PASSWORD)


def manage_url(w: World) -> str:
    return reverse("publicity_manage", args=[w.campaign.pk, STEP])


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- public pages -------------------------------------------------------------------------------


def test_BJ24_08_the_public_index_lists_running_publicities_without_login(client):
    w = world("beijing-allowance-2024")
    running = publicised(w)
    response = client.get(reverse("publicity_index"))
    assert response.status_code == 200
    assert list(response.context["publicities"]) == [running]
    Publicity.objects.filter(pk=running.pk).update(end_date=timezone.localdate() - timedelta(1))
    assert list(client.get(reverse("publicity_index")).context["publicities"]) == []


def test_BJ24_08_the_public_notice_masks_personal_data(client):
    w = world("beijing-allowance-2024")
    publicity = publicised(w)
    application = publicity.applications.get()
    response = client.get(reverse("publicity_public", args=[publicity.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert application.name in page
    assert application.data["employer"]["name"] in page
    assert application.data["occupation"] in page
    assert mask_id_number(application.id_number) in page
    assert application.id_number not in page
    assert "提交异议" in page


def test_public_notice_form_labels_end_without_an_ascii_colon(client):
    """Django's zh-hans catalogue keeps ":" as the label suffix; the platform's forms drop it."""
    w = world("beijing-allowance-2024")
    publicity = publicised(w)
    page = client.get(reverse("publicity_public", args=[publicity.pk])).content.decode()
    assert '<label for="id_application">异议对象</label>' in page
    assert ":</label>" not in page


def test_BJ24_08_anyone_objects_on_the_public_notice_while_it_runs(client):
    w = world("beijing-allowance-2024")
    publicity = publicised(w)
    application = publicity.applications.get()
    url = reverse("publicity_public", args=[publicity.pk])
    response = client.post(
        url,
        {
            "application": application.pk,
            "text": "获奖证书存疑",
            "name": "张三",
            "contact": "13800000000",
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.application, objection.text, objection.contact) == (
        application,
        "获奖证书存疑",
        "13800000000",
    )


def test_BJ24_08_the_public_notice_refuses_objections_after_the_period(client):
    w = world("beijing-allowance-2024")
    publicity = publicised(w, days_left=-1)
    application = publicity.applications.get()
    url = reverse("publicity_public", args=[publicity.pk])
    page = client.get(url).content.decode()
    assert "已结束" in page and "提交异议" not in page
    late = {"application": application.pk, "text": "晚了", "name": "张三", "contact": "138"}
    response = client.post(url, late, follow=True)
    assert "不再受理异议" in response.content.decode()
    assert Objection.objects.count() == 0


def test_publicity_index_query_count_is_the_same_for_1_and_3(client, django_assert_num_queries):
    w = world("beijing-allowance-2024")
    publicised(w)
    one = query_count(client, reverse("publicity_index"))
    other = world("changchun-skills-3")
    for serial in (20, 22):
        application = at_stage(
            other, "publicity_unit", data=applicant("changchun-skills-3", serial=serial)
        )
        publicity = publicity_open(
            campaign=other.campaign,
            step_id="publicity_unit",
            actor=other.account("unit_staff"),
            start=MONDAY,
            today=MONDAY,
        )
        Publicity.objects.filter(pk=publicity.pk).update(
            start_date=timezone.localdate(), end_date=timezone.localdate()
        )
        assert stage_of(application) == "publicity_unit"
    with django_assert_num_queries(one):
        response = client.get(reverse("publicity_index"))
    assert len(response.context["publicities"]) == 3


def test_publicity_public_query_count_is_the_same_for_1_and_3(client, django_assert_num_queries):
    w = world("beijing-allowance-2024")
    one = query_count(client, reverse("publicity_public", args=[publicised(w).pk]))
    Publicity.objects.all().update(closed_at=timezone.now())  # frees the candidate's step
    three = publicised(world("changchun-skills-3"), 3)
    with django_assert_num_queries(one):
        response = client.get(reverse("publicity_public", args=[three.pk]))
    assert len(response.context["rows"]) == 3


# --- the holder's page --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_BJ24_08_publicity_manage_is_for_the_recommending_unit_only(client, role):
    w = world("beijing-allowance-2024")
    publicity = publicised(w)
    login(client, w, role)
    response = client.get(manage_url(w))
    if role in ("recommender_staff", "other_recommender_staff"):
        assert response.status_code == 200
        expected = [publicity] if role == "recommender_staff" else []
        assert list(response.context["publicities"]) == expected
    else:
        assert response.status_code == 403


def test_publicity_manage_needs_a_login(client):
    w = world("beijing-allowance-2024")
    response = client.get(manage_url(w))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_CC3_10_the_city_publicity_is_managed_by_the_office(client):
    w = world("changchun-skills-3")
    at_stage(w, "publicity_city")
    url = reverse("publicity_manage", args=[w.campaign.pk, "publicity_city"])
    login(client, w, "office_staff")
    assert client.get(url).status_code == 200
    client.logout()
    login(client, w, "recommender_staff")
    assert client.get(url).status_code == 403


def test_BJ24_08_the_holder_opens_resolves_and_closes_through_the_page(client):
    w = world("beijing-allowance-2024")
    application = candidates(w, 1)[0]
    login(client, w, "recommender_staff")
    today = timezone.localdate()
    response = client.post(manage_url(w), {"start": today.isoformat()})
    assert response.status_code == 302
    publicity = Publicity.objects.get()
    assert list(publicity.applications.all()) == [application]
    assert publicity.start_date == today
    objection = objection_submit(
        publicity=publicity,
        application=application,
        text="不实",
        name="张三",
        contact="13800000000",
        today=today,
    )
    # The period is over: its dates moved back, as if opened some weeks ago.
    Publicity.objects.update(start_date=MONDAY, end_date=MONDAY + timedelta(days=4))
    url = reverse("objection_resolve", args=[objection.pk])
    client.post(url, {"upheld": "0", "resolution": "经核查情况属实"})
    assert Objection.objects.get().upheld is False
    response = client.post(reverse("publicity_close", args=[publicity.pk]), follow=True)
    assert "公示已办结" in response.content.decode()
    assert stage_of(application) == "recommender_submit"


@pytest.mark.parametrize(("days_left", "offered"), [(0, False), (-1, True)])
def test_BJ24_08_manage_page_offers_closing_only_after_the_last_day(client, days_left, offered):
    """On the last day of the period the page says when it may be closed; the next day it
    offers the button."""
    w = world("beijing-allowance-2024")
    publicity = publicised(w, days_left=days_left)
    login(client, w, "recommender_staff")
    text = client.get(manage_url(w)).content.decode()
    assert ("办结公示（" in text) == offered
    waits = (
        f"公示期至{publicity.end_date:%Y年}{publicity.end_date.month}月{publicity.end_date.day}日"
    )
    assert (waits in text) == (not offered)


@pytest.mark.parametrize("role", ["unit_staff", "other_recommender_staff", "office_staff"])
def test_BJ24_08_others_cannot_resolve_or_close_through_the_pages(client, role):
    w = world("beijing-allowance-2024")
    publicity = publicised(w, days_left=-1)
    application = publicity.applications.get()
    objection = Objection.objects.create(publicity=publicity, application=application, text="x")
    login(client, w, role)
    client.post(
        reverse("objection_resolve", args=[objection.pk]), {"upheld": "1", "resolution": "y"}
    )
    client.post(reverse("publicity_close", args=[publicity.pk]))
    assert Objection.objects.get().upheld is None
    assert Publicity.objects.get().closed_at is None


def test_publicity_manage_query_count_is_the_same_for_1_and_3(client, django_assert_num_queries):
    """One publicity (one candidate, one objection) and one waiting; then three of each."""
    w = world("beijing-allowance-2024")
    holder = w.account("recommender_staff")

    def publicity_with_objection() -> None:
        publicity = publicity_open(
            campaign=w.campaign, step_id=STEP, actor=holder, start=MONDAY, today=MONDAY
        )
        for application in publicity.applications.all():
            objection_submit(
                publicity=publicity,
                application=application,
                text="不实",
                name="张三",
                contact="13800000000",
                today=MONDAY,
            )

    candidates(w, 1)
    publicity_with_objection()
    candidates(w, 1)
    login(client, w, "recommender_staff")
    one = query_count(client, manage_url(w))
    publicity_with_objection()  # takes the waiting one
    candidates(w, 1)
    publicity_with_objection()
    candidates(w, 3)
    with django_assert_num_queries(one):
        response = client.get(manage_url(w))
    assert (len(response.context["publicities"]), len(response.context["waiting"])) == (3, 3)
