"""Who gets what, page by page: every named URL of the project, every role, own and others'.

The matrix walks the URL configuration as it is when the tests run, so pages added later are
checked without listing them here: anonymous visitors go to the login page (except the public
publicity pages); no page shows a region's objects to another region's accounts, nor one
unit's applications, units or accounts to another unit's people; no page fails with a 500.
The pages of organisations and campaigns are then checked role by role against a table.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from skillaward.audit.models import AuditEntry
from skillaward.campaigns.models import Application
from skillaward.organisations.models import Account, Organisation
from tests.web.factories import World, world
from tests.web.test_campaign_pages import open_world, submitted

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "logout", "publicity_index", "publicity_public"}
ROLES = ["applicant", "unit_staff", "recommender_staff", "office_staff", "expert", "approver"]
REFUSED = {403, 404, 405}
PATH_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")  # path("…/<int:pk>/")
REGEX_PARAM = re.compile(r"\(\?P<(\w+)>([^)]*)\)")  # re_path("…/(?P<pk>\d+)/")
INT_REGEXES = {r"\d+", "[0-9]+"}


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # e.g. "applications/<int:pk>/edit/"

    @property
    def params(self) -> list[tuple[str, str, list[str]]]:
        """(converter, name, the words a regex group lists) of each part of the route."""
        if "(?P<" in self.route:
            return [
                ("int" if regex in INT_REGEXES else "str", name, regex.split("|"))
                for name, regex in REGEX_PARAM.findall(self.route)
            ]
        return [(conv or "str", name, []) for conv, name in PATH_PARAM.findall(self.route)]

    @property
    def kind(self) -> str:
        """What the route's key names (application, campaign, organisation, account…): the
        path segment before ``pk``, or ``campaign`` for ``campaign_pk`` or ``campaign_id``."""
        for conv, name, _ in self.params:
            if conv == "int" and name == "pk":
                before = re.split(r"<|\(\?P<", self.route)[0].rstrip("/").split("/")[-1]
                return before.removesuffix("s")
            if conv == "int" and name.endswith(("_pk", "_id")):
                return name.rsplit("_", 1)[0]
        return ""

    def is_key(self, name: str) -> bool:
        return name == "pk" or (name.endswith(("_pk", "_id")) and name.startswith(self.kind))


def all_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[Route]:
    """Every named URL pattern, however deeply included."""
    routes = []
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += all_routes(pattern, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            routes.append(Route(pattern.name, route.lstrip("^").rstrip("$")))
    return routes


@dataclass
class Side:
    """One side's objects, by the kind of key a route takes."""

    application: Application
    world: World

    def key(self, kind: str) -> int:
        w = self.world
        return {
            "application": self.application.pk,
            "campaign": w.campaign.pk,  # type: ignore[union-attr]
            "organisation": self.application.unit_id,
            "account": self.application.applicant_id,
        }.get(kind, 1)


WORDS = ["photo", "application", "list", "docx", "pdf", "xlsx", "x", "summary"]


def url(route: Route, side: Side) -> str:
    """The route filled with the side's keys; other parts with the first words its converters
    accept (a step of the chain, a publicity step first, the photo, a form, a format)."""
    steps = [s.id for s in side.world.campaign.workflow.steps]  # type: ignore[union-attr]
    steps.sort(key=lambda s: not s.startswith("publicity"))
    choices = []
    words = [*side.world.campaign.program.award_ids, *WORDS]  # type: ignore[union-attr]
    for conv, name, listed in route.params:
        if conv == "int":
            choices.append([side.key(route.kind) if route.is_key(name) else 1])
        else:
            choices.append(listed + (steps + words if name.startswith("step") else words + steps))
    names = [name for _, name, _ in route.params]
    for values in itertools.product(*choices):
        try:
            return reverse(route.name, kwargs=dict(zip(names, values, strict=True)))
        except NoReverseMatch:
            continue
    raise AssertionError(f"the matrix cannot fill {route.route}; add a word to WORDS")


@pytest.fixture
def region():
    """This region with an application of the unit and one of the other unit, and a stranger
    region (another office) with the same accounts."""
    w = open_world()
    mine = Side(submitted(w), w)
    theirs = Side(submitted(w, who="other_applicant", serial=30), w)
    return w, mine, theirs, world("changchun-skills-3")


def test_every_page_but_publicity_sends_anonymous_visitors_to_login(client, region):
    _, mine, _, _ = region
    wrong = {}
    for route in all_routes():
        if route.name in PUBLIC:
            continue
        page = client.get(url(route, mine))
        if page.status_code != 302 or not page["Location"].startswith(reverse("login")):
            wrong[route.name] = page.status_code
    assert wrong == {}


def test_publicity_pages_are_public(client, region):
    _, mine, _, _ = region
    statuses = {
        r.name: client.get(url(r, mine)).status_code
        for r in all_routes()
        if r.name in PUBLIC - {"login", "logout"}
    }
    assert all(status in (200, 404) for status in statuses.values()), statuses


@pytest.mark.parametrize("role", ROLES)
def test_no_page_fails_for_any_role(client, region, role):
    w, mine, theirs, _ = region
    client.force_login(w.account(role))
    failed = {}
    for route in all_routes():
        for side in (mine, theirs):
            status = client.get(url(route, side)).status_code
            if status >= 500:
                failed[route.name] = status
    assert failed == {}


def snapshot(w: World) -> list[tuple]:
    """What a refused request must leave as it was: applications, audit, tree, accounts."""
    return [
        list(Application.objects.values_list("pk", "stage", "updated_at", "pledged_at")),
        AuditEntry.objects.count(),
        Organisation.objects.count(),
        list(Account.objects.values_list("pk", "password")),
    ]


def refused_everywhere(client, side: Side, kinds: set[str] | None = None) -> dict[str, int]:
    """Pages keyed by one of ``kinds`` (default: any object) that did not refuse: GET must
    answer 403/404/405; POST may also redirect (with its refusal as a message) but must
    change nothing."""
    before = snapshot(side.world)
    shown = {}
    for route in all_routes():
        if not route.kind or (kinds is not None and route.kind not in kinds):
            continue
        address = url(route, side)
        status = client.get(address).status_code
        if status not in REFUSED:
            shown[route.name] = status
        status = client.post(address, {}).status_code
        if status not in REFUSED | {302}:
            shown[f"{route.name} (POST)"] = status
    assert snapshot(side.world) == before
    return shown


def test_the_matrix_sees_the_pages_of_every_app():
    names = {route.name for route in all_routes()}
    assert {"home", "campaign_detail", "organisation_detail", "account_new"} <= names


@pytest.mark.parametrize("role", ROLES)
def test_another_regions_accounts_get_nothing_of_this_region(client, region, role):
    _, mine, _, stranger = region
    client.force_login(stranger.account(role))
    assert refused_everywhere(client, mine) == {}


UNIT_KEYED = {"application", "organisation", "account"}


@pytest.mark.parametrize("role", ["applicant", "unit_staff", "recommender_staff"])
def test_another_units_objects_are_refused(client, region, role):
    """An applicant, a work unit and a recommending unit get nothing of the other unit's
    applications, organisation or accounts, and change none of them."""
    w, _, theirs, _ = region
    client.force_login(w.account(role))
    assert refused_everywhere(client, theirs, UNIT_KEYED) == {}


# --- organisations and campaigns, role by role ----------------------------------------------

# (page, object) → status for each role, in the order of ROLES; "other_*" are the other unit's.
MANAGERS = {"applicant": 403, "expert": 403, "approver": 403}
TABLE: list[tuple[str, str, dict[str, int]]] = [
    ("home", "", dict.fromkeys(ROLES, 200)),
    ("campaign_list", "", dict.fromkeys(ROLES, 200)),
    ("campaign_detail", "campaign", dict.fromkeys(ROLES, 200)),
    ("campaign_detail", "stranger_campaign", dict.fromkeys(ROLES, 404)),
    ("campaign_new", "", dict.fromkeys(ROLES, 403) | {"office_staff": 200}),
    ("organisation_list", "", dict.fromkeys(ROLES, 200) | MANAGERS),
    (
        "organisation_detail",
        "unit",
        {"unit_staff": 200, "other_unit_staff": 404, "recommender_staff": 200}
        | {"other_recommender_staff": 404, "office_staff": 200}
        | MANAGERS,
    ),
    (
        "organisation_detail",
        "office",
        {"unit_staff": 404, "recommender_staff": 404, "office_staff": 200} | MANAGERS,
    ),
    (
        "organisation_new",
        "recommender",
        {"unit_staff": 404, "recommender_staff": 200, "other_recommender_staff": 404}
        | {"office_staff": 200}
        | MANAGERS,
    ),
    (
        "organisation_new",
        "unit",
        {"unit_staff": 403, "recommender_staff": 403, "office_staff": 403} | MANAGERS,
    ),
    (
        "organisation_new",
        "office",
        {"recommender_staff": 404, "office_staff": 200} | MANAGERS,
    ),
    (
        "account_new",
        "unit",
        {"unit_staff": 200, "other_unit_staff": 404, "recommender_staff": 200}
        | {"other_recommender_staff": 404, "office_staff": 200}
        | MANAGERS,
    ),
    (
        "account_new",
        "recommender",
        {"unit_staff": 404, "recommender_staff": 403, "office_staff": 200} | MANAGERS,
    ),
    (
        "account_password",
        "applicant_account",
        {"unit_staff": 403, "recommender_staff": 403, "office_staff": 200} | MANAGERS,
    ),
]


def table_url(w: World, stranger: World, name: str, target: str) -> str:
    keys = {
        "": [],
        "campaign": [w.campaign.pk],  # type: ignore[union-attr]
        "stranger_campaign": [stranger.campaign.pk],  # type: ignore[union-attr]
        "unit": [w.unit.pk],
        "recommender": [w.recommender.pk],
        "office": [w.office.pk],
        "applicant_account": [w.account("applicant").pk],
    }
    return reverse(name, args=keys[target])


@pytest.mark.parametrize(
    ("name", "target", "role", "status"),
    [(name, target, role, status) for name, target, row in TABLE for role, status in row.items()],
)
def test_page_status_by_role_and_place(client, name, target, role, status):
    w = world("beijing-allowance-2024")
    stranger = world("changchun-skills-3")
    client.force_login(w.account(role))
    address = table_url(w, stranger, name, target)
    assert client.get(address).status_code == status
    if status != 200 and name != "home":
        # Refused pages refuse their action too, and change nothing.
        assert (
            client.post(
                address, {"name": "x", "username": "x", "password": "long-pass-1"}
            ).status_code
            == status
        )


def test_stranger_office_gets_no_password_reset(client):
    w = world("beijing-allowance-2024")
    stranger = world("changchun-skills-3")
    client.force_login(stranger.account("office_staff"))
    page = client.get(reverse("account_password", args=[w.account("applicant").pk]))
    assert page.status_code == 404
