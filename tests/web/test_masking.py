"""ID numbers, phone numbers and bank accounts are masked for roles that do not need them."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.web.factories import world
from tests.web.test_campaign_pages import open_world, submitted

pytestmark = pytest.mark.django_db

ID_NUMBER = "110105197803100254"  # the builder's applicant
MASKED_ID = "110105********0254"

SHOWN = Template(
    "{% load skillaward %}{% with show=application|personal_data_for:user %}"
    "{{ application.id_number|id_masked:show }}|{{ phone|phone_masked:show }}|"
    "{{ bank|account_masked:show }}{% endwith %}"
)


@pytest.fixture
def w():
    return open_world()


def shown(application, account):
    context = Context(
        {
            "application": application,
            "user": account,
            "phone": "13812345678",
            "bank": "6222020200112233",
        }
    )
    return SHOWN.render(context)


@pytest.mark.parametrize(
    "role", ["expert", "approver", "other_unit_staff", "other_recommender_staff", "other_applicant"]
)
def test_personal_data_masked_for_roles_that_do_not_need_it(w, role):
    application = submitted(w)
    assert shown(application, w.account(role)) == f"{MASKED_ID}|138****5678|**** 2233"


@pytest.mark.parametrize("role", ["applicant", "unit_staff", "recommender_staff", "office_staff"])
def test_personal_data_shown_to_own_applicant_and_handling_staff(w, role):
    application = submitted(w)
    assert shown(application, w.account(role)) == f"{ID_NUMBER}|13812345678|6222020200112233"


def test_personal_data_masked_for_another_offices_staff(w):
    application = submitted(w)
    stranger = world("changchun-skills-3", campaign=False).account("office_staff")
    assert shown(application, stranger).startswith(MASKED_ID)


def test_empty_values_stay_empty():
    template = Template(
        "{% load skillaward %}[{{ ''|id_masked }}][{{ ''|phone_masked }}][{{ ''|account_masked }}]"
    )
    assert template.render(Context()) == "[][][]"


def _single_pk_routes(
    resolver: URLResolver | None = None, prefix: str = ""
) -> list[tuple[str, str]]:
    """(name, route) of every named URL taking one ``<int:pk>``, however deeply included."""
    resolver = resolver or get_resolver()
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _single_pk_routes(pattern, route)
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and route.count("<") == 1
            and "<int:pk>" in route
        ):
            routes.append((pattern.name, route))
    return routes


def full_id_number_pages(client, w, role: str) -> list[str]:
    """Names of the pages taking one object's key (the application's, the campaign's, the
    applicant's) that show ``role`` the full ID number."""
    application = submitted(w)
    client.force_login(w.account(role))
    keys = {application.pk, w.campaign.pk, application.applicant_id}
    leaks = []
    for name, route in _single_pk_routes():
        for pk in keys:
            page = client.get("/" + route.replace("<int:pk>", str(pk)))
            if page.status_code == 200 and ID_NUMBER in page.content.decode(errors="replace"):
                leaks.append(name)
    return leaks


@pytest.mark.parametrize("role", ["expert", "approver"])
def test_no_page_shows_an_expert_or_approver_a_full_id_number(client, w, role):
    assert full_id_number_pages(client, w, role) == []


@pytest.mark.parametrize("role", ["expert", "approver"])
def test_record_export_is_refused_to_roles_without_personal_data(client, w, role):
    """The interchange record carries the full ID number: no masked copy, a refusal."""
    application = submitted(w)
    client.force_login(w.account(role))
    response = client.get(reverse("application_export", args=[application.pk]))
    assert response.status_code == 403
