"""``skillaward demo``: the demonstration site, built through the real services."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from skillaward.campaigns.models import Application
from skillaward.core import chain
from skillaward.core.idnumber import parse_id_number
from skillaward.core.program import bundled_programs
from skillaward.organisations.models import Account
from skillaward.web.demo import (
    CLOSED_PROGRAM,
    FLAWS,
    FURTHEST,
    PASSWORD,
    account_table,
    build_demo,
    campaign_lines,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)  # any day: the campaigns' dates follow it


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, inside a transaction rolled back at its end."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        yield build_demo(TODAY)
        transaction.set_rollback(True)


def test_demo_has_a_campaign_per_programme_open_today_but_one(demo):
    assert sorted(demo.campaigns) == sorted(bundled_programs())
    open_today = {p for p, c in demo.campaigns.items() if c.accepts_material_on(TODAY)}
    assert set(demo.campaigns) - open_today == {CLOSED_PROGRAM}


def test_demo_beijing_runs_both_beijing_programmes_from_one_office(demo):
    assert demo.campaigns["beijing-outstanding-6"].office == (
        demo.campaigns["beijing-allowance-2024"].office
    )
    assert len({c.office_id for c in demo.campaigns.values()}) == 4


def test_demo_has_an_account_for_every_role_of_every_region_that_can_log_in(demo, client):
    roles = {(a.region, a.role) for a in demo.accounts}
    regions = {c.office.region for c in demo.campaigns.values()}
    assert roles == {(r, role) for r in regions for role in Account.Role.values}
    table = account_table(demo)
    assert len(table) == 1 + len(roles)
    assert {a.account.password for a in demo.accounts} == {demo.accounts[0].account.password}
    assert demo.accounts[0].account.check_password(PASSWORD)
    username = table[1].split()[2]
    assert client.login(username=username, password=PASSWORD)


def test_demo_recommenders_are_of_the_types_each_programme_names(demo):
    for program_id, campaign in demo.campaigns.items():
        types = {o.recommender_type for o in campaign.office.children.all()}
        assert types <= set(campaign.program.nomination.recommender_types), program_id


def test_demo_applicants_are_real_people_whose_records_pass_but_one_per_campaign(demo):
    applications = Application.objects.select_related("campaign")
    ids = [a.id_number for a in applications]
    assert len(ids) == len(set(ids))
    complete = [a for a in applications if a.verdict]
    for application in complete:
        parse_id_number(application.id_number)
    verdicts = Counter((a.campaign.program_id, a.verdict) for a in complete)
    for program_id in demo.campaigns:
        assert verdicts[(program_id, "ineligible")] == 1, program_id
        assert verdicts[(program_id, "eligible")] >= 5, program_id
    assert set(FLAWS) == set(demo.campaigns)


def test_demo_open_campaigns_keep_drafts_and_every_campaign_has_submissions(demo):
    for program_id, campaign in demo.campaigns.items():
        stages = Counter(a.stage for a in campaign.applications.all())
        submitted = sum(n for stage, n in stages.items() if stage != chain.DRAFT)
        assert submitted >= 6, (program_id, stages)
        drafts = stages[chain.DRAFT]
        assert drafts == (0 if program_id == CLOSED_PROGRAM else 2), (program_id, stages)


def test_demo_shows_candidates_at_every_step_before_the_panel_and_the_furthest_one(demo):
    for program_id, campaign in demo.campaigns.items():
        stages = {a.stage for a in campaign.applications.all()}
        path = campaign.workflow.path("unit")
        before_panel = {s.id for s in path[: [s.kind for s in path].index("panel")]}
        furthest = FURTHEST[program_id] or chain.AWARDED
        assert before_panel | {furthest, chain.REJECTED} <= stages, (program_id, stages)
    assert chain.NOT_SELECTED in {a.stage for a in Application.objects.all()}
    assert "专家评审" in "\n".join(campaign_lines(demo))
