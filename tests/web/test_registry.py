"""The registry of awardees (XA24-15, XA24-16) and what later editions read from it (BJ24-03)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from skillaward.campaigns.services import campaign_create, screening
from skillaward.registry.models import Awardee
from skillaward.registry.services import awardee_register, term_end
from skillaward.review.models import AuditEntry
from skillaward.review.workflow import ActionRefused
from tests.web.factories import draft, world
from tests.web.test_publicity import at_stage

pytestmark = pytest.mark.django_db


def test_BJ24_03_awardee_of_an_announced_campaign_fails_a_later_campaign():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "announcement")
    awardee_register(application=application, actor=w.account("office_staff"))
    w.campaign = campaign_create(
        program_id=w.program_id, actor=w.account("office_staff"), name="下一批"
    )
    again = draft(w)
    _, _, findings = screening(again)
    outcomes = {f.clause: f.outcome for f in findings}
    assert outcomes["BJ24-03"] == "fail"


def test_awardee_register_writes_the_programme_title_level_year_and_unit():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "announcement")
    awardee = awardee_register(application=application, actor=w.account("office_staff"))
    assert (awardee.title, awardee.level, awardee.year, awardee.term_end) == (
        "享受北京市政府技师特殊津贴",
        "provincial",
        2024,
        None,
    )
    assert awardee.id_number == application.id_number
    assert awardee.unit_name == application.data["employer"]["name"]
    assert awardee.office == w.office
    assert AuditEntry.objects.filter(application=application).last().action == ("awardee_register")


def test_XA24_15_awardee_term_ends_three_years_after_announcement():
    w = world("xingan-expert-2024")
    application = at_stage(w, "announcement")
    awardee = awardee_register(application=application, actor=w.account("office_staff"))
    assert awardee.term_end == term_end(3, timezone.localdate())


def test_term_end_is_the_day_before_the_anniversary():
    assert term_end(3, date(2024, 12, 20)) == date(2027, 12, 19)
    assert term_end(3, date(2024, 2, 29)) == date(2027, 2, 28)
    assert term_end(None, date(2024, 12, 20)) is None


@pytest.mark.parametrize("role", ["unit_staff", "recommender_staff", "expert", "approver"])
def test_awardee_register_refuses_other_roles(role):
    w = world("beijing-allowance-2024")
    application = at_stage(w, "announcement")
    with pytest.raises(ActionRefused):
        awardee_register(application=application, actor=w.account(role))
    assert Awardee.objects.count() == 0


def test_awardee_register_refuses_before_announcement():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "approval")
    with pytest.raises(ActionRefused, match="公布结果时才能登记"):
        awardee_register(application=application, actor=w.account("office_staff"))


def test_awardee_register_refuses_a_second_entry():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "announcement")
    awardee_register(application=application, actor=w.account("office_staff"))
    with pytest.raises(ActionRefused, match="已登记"):
        awardee_register(application=application, actor=w.account("office_staff"))
    assert Awardee.objects.count() == 1


def test_awardee_register_refuses_another_office():
    w = world("beijing-allowance-2024")
    other = world("xingan-expert-2024")
    application = at_stage(w, "announcement")
    with pytest.raises(ActionRefused, match="本评选办公室"):
        awardee_register(application=application, actor=other.account("office_staff"))
