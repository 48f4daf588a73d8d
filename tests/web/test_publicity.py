"""Publicity periods and objections (BJ6-13, BJ24-08, CC3-08/09/10, XA24-14, LC19-11/13).

The helpers at the top bring applications along their chain through the real services, each
step by the account whose role acts there; the registry tests use them too.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from skillaward.audit.models import AuditEntry
from skillaward.base.errors import ActionRefused
from skillaward.campaigns.models import Application
from skillaward.campaigns.services import application_submit
from skillaward.campaigns.workflow import transition
from skillaward.core import chain
from skillaward.core.workdays import WorkCalendar
from skillaward.organisations.models import Account
from skillaward.organisations.permissions import can_act
from skillaward.publicity.models import Objection, Publicity
from skillaward.publicity.services import (
    objection_resolve,
    objection_submit,
    publicity_close,
    publicity_open,
)
from tests.builders import applicant
from tests.web.factories import World, draft, jpeg, reference_day, world

pytestmark = pytest.mark.django_db


def submitted(w: World, *, who: str = "applicant", **start: object) -> Application:
    """A submitted application of ``who`` (photo, signed pledge), at its chain's first step."""
    application = draft(w, who=who, **start)
    application.photo.save("photo.jpg", jpeg(), save=False)
    application.pledged_at = timezone.now()
    application.save(update_fields=["photo", "pledged_at"])
    return application_submit(application=application, actor=w.account(who), today=reference_day(w))


def actor_at(w: World, application: Application) -> Account:
    """The world's account that may move ``application`` out of the stage it is in."""
    return next(a for a in w.accounts.values() if can_act(a, application))


def advance(w: World, application: Application, stage: str) -> Application:
    """Move ``application`` step by step along its chain until it waits at ``stage``."""
    workflow = application.campaign.workflow
    while application.stage != stage:
        application = transition(
            application,
            actor=actor_at(w, application),
            action="approve",
            to_stage=workflow.next_stage(application.stage, application.channel),
        )
    return application


def at_stage(w: World, stage: str, *, who: str = "applicant", **start: object) -> Application:
    return advance(w, submitted(w, who=who, **start), stage)


# --- the services -----------------------------------------------------------------------------

# (clause, programme, publicity step, the role that holds it)
STEPS = [
    ("BJ6-13", "beijing-outstanding-6", "publicity_recommender", "recommender_staff"),
    ("BJ24-08", "beijing-allowance-2024", "publicity_recommender", "recommender_staff"),
    ("CC3-08", "changchun-skills-3", "publicity_unit", "unit_staff"),
    ("CC3-09", "changchun-skills-3", "publicity_recommender", "recommender_staff"),
    ("CC3-10", "changchun-skills-3", "publicity_city", "office_staff"),
    ("XA24-14", "xingan-expert-2024", "publicity_media", "office_staff"),
    ("LC19-11", "liaocheng-chief-2019", "publicity_unit", "unit_staff"),
    ("LC19-13", "liaocheng-chief-2019", "publicity_city", "office_staff"),
]
MONDAY = date(2024, 11, 4)  # five working days: 4–8 November 2024
FRIDAY = date(2024, 11, 8)


def opened(program_id: str = "beijing-allowance-2024", step: str = "publicity_recommender"):
    """A world, an application waiting at ``step``, and its publicity opened on MONDAY."""
    w = world(program_id)
    application = at_stage(w, step)
    holder = actor_at(w, application)
    publicity = publicity_open(
        campaign=w.campaign, step_id=step, actor=holder, start=MONDAY, today=MONDAY
    )
    return w, application, holder, publicity


def stage_of(application: Application) -> str:
    return Application.objects.get(pk=application.pk).stage


@pytest.mark.parametrize(("clause", "program_id", "step", "role"), STEPS, ids=[s[0] for s in STEPS])
def test_publicity_of_each_chain_lasts_its_working_days_then_passes(clause, program_id, step, role):
    """BJ6-13, BJ24-08, CC3-08, CC3-09, CC3-10, XA24-14, LC19-11, LC19-13."""
    w = world(program_id)
    application = at_stage(w, step)
    holder = w.account(role)
    publicity = publicity_open(
        campaign=w.campaign, step_id=step, actor=holder, start=MONDAY, today=MONDAY
    )
    assert (publicity.start_date, publicity.end_date, publicity.working_days) == (
        MONDAY,
        FRIDAY,
        5,
    )
    assert list(publicity.applications.all()) == [application]
    assert stage_of(application) == step
    opening = AuditEntry.objects.of(application).last()
    assert (opening.action, opening.clause) == ("publicity_open", clause)
    assert "2024年11月04日至2024年11月08日" in opening.reason
    publicity_close(publicity=publicity, actor=holder, today=FRIDAY + timedelta(days=1))
    expected = w.campaign.workflow.next_stage(step, application.channel)
    assert stage_of(application) == expected
    assert AuditEntry.objects.of(application).last().action == "publicity_pass"


def test_BJ24_08_publicity_takes_every_waiting_application_of_the_unit_only():
    w = world("beijing-allowance-2024")
    mine = at_stage(w, "publicity_recommender")
    other = at_stage(
        w,
        "publicity_recommender",
        who="other_applicant",
        data=applicant("beijing-allowance-2024", serial=14),
    )
    publicity = publicity_open(
        campaign=w.campaign,
        step_id="publicity_recommender",
        actor=w.account("recommender_staff"),
        start=MONDAY,
        today=MONDAY,
    )
    assert list(publicity.applications.all()) == [mine]
    assert publicity.organisation == w.recommender
    assert other not in publicity.applications.all()


def test_BJ24_08_publicity_starts_on_the_next_working_day_by_default():
    w = world("beijing-allowance-2024")
    at_stage(w, "publicity_recommender")
    publicity = publicity_open(
        campaign=w.campaign, step_id="publicity_recommender", actor=w.account("recommender_staff")
    )
    today = timezone.localdate()
    assert publicity.start_date > today
    assert WorkCalendar().working_days_between(today + timedelta(days=1), publicity.start_date) == 1


def test_CC3_08_end_date_skips_national_day_and_counts_the_make_up_sunday():
    """Starting Friday 27 September 2024: 27, Sunday 29 (make-up), 30, 8 and 9 October."""
    w = world("changchun-skills-3")
    at_stage(w, "publicity_unit")
    publicity = publicity_open(
        campaign=w.campaign,
        step_id="publicity_unit",
        actor=w.account("unit_staff"),
        start=date(2024, 9, 27),
        today=date(2024, 9, 27),
    )
    assert publicity.end_date == date(2024, 10, 9)


def test_CC3_09_end_date_counts_the_make_up_saturday_after_national_day():
    """Starting 8 October 2024: 8, 9, 10, 11 and Saturday 12 October (make-up working day)."""
    w = world("changchun-skills-3")
    at_stage(w, "publicity_recommender")
    publicity = publicity_open(
        campaign=w.campaign,
        step_id="publicity_recommender",
        actor=w.account("recommender_staff"),
        start=date(2024, 10, 8),
        today=date(2024, 10, 8),
    )
    assert publicity.end_date == date(2024, 10, 12)


def test_XA24_14_a_year_without_holiday_data_is_refused_in_chinese():
    w = world("xingan-expert-2024")
    at_stage(w, "publicity_media")
    with pytest.raises(ActionRefused, match="缺少2031年的法定节假日和调休安排数据"):
        publicity_open(
            campaign=w.campaign,
            step_id="publicity_media",
            actor=w.account("office_staff"),
            start=date(2031, 3, 3),
            today=date(2031, 3, 3),
        )
    assert Publicity.objects.count() == 0


@pytest.mark.parametrize("role", ["applicant", "unit_staff", "office_staff", "expert", "approver"])
def test_BJ24_08_publicity_open_refuses_a_role_that_does_not_hold_it(role):
    w = world("beijing-allowance-2024")
    at_stage(w, "publicity_recommender")
    with pytest.raises(ActionRefused, match="应由推荐（归口）单位经办人组织"):
        publicity_open(campaign=w.campaign, step_id="publicity_recommender", actor=w.account(role))


def test_BJ24_08_publicity_open_refuses_another_units_applications():
    w = world("beijing-allowance-2024")
    theirs = at_stage(w, "publicity_recommender", who="other_applicant")
    with pytest.raises(ActionRefused, match="不属于本单位"):
        publicity_open(
            campaign=w.campaign,
            step_id="publicity_recommender",
            actor=w.account("recommender_staff"),
            applications=[theirs],
            start=MONDAY,
            today=MONDAY,
        )


def test_BJ24_08_publicity_open_refuses_an_application_at_another_step():
    w = world("beijing-allowance-2024")
    early = at_stage(w, "recommender_review")
    with pytest.raises(ActionRefused, match="不在“归口单位对推荐人选公示”环节"):
        publicity_open(
            campaign=w.campaign,
            step_id="publicity_recommender",
            actor=w.account("recommender_staff"),
            applications=[early],
            start=MONDAY,
            today=MONDAY,
        )


def test_BJ24_08_publicity_open_refuses_a_step_that_is_not_a_publicity():
    w = world("beijing-allowance-2024")
    with pytest.raises(ActionRefused, match="没有这个公示环节"):
        publicity_open(
            campaign=w.campaign, step_id="recommender_review", actor=w.account("recommender_staff")
        )


def test_BJ24_08_publicity_open_refuses_when_nothing_waits():
    w = world("beijing-allowance-2024")
    with pytest.raises(ActionRefused, match="没有等待"):
        publicity_open(
            campaign=w.campaign,
            step_id="publicity_recommender",
            actor=w.account("recommender_staff"),
            start=MONDAY,
            today=MONDAY,
        )


def test_BJ24_08_publicity_open_refuses_a_second_publicity_of_the_same_applications():
    w, application, holder, _ = opened()
    for chosen in (None, [application]):
        with pytest.raises(ActionRefused, match="已在公示中"):
            publicity_open(
                campaign=w.campaign,
                step_id="publicity_recommender",
                actor=holder,
                applications=chosen,
                start=MONDAY,
                today=MONDAY,
            )
    assert Publicity.objects.count() == 1


def test_BJ24_08_objections_are_received_from_the_first_to_the_last_day():
    _, application, _, publicity = opened()
    for day in (MONDAY, FRIDAY):
        objection = objection_submit(
            publicity=publicity,
            application=application,
            text=f"业绩不实（{day:%m月%d日}反映）",
            name="张三",
            contact="13800000000",
            today=day,
        )
        assert objection.upheld is None
    assert publicity.objections.count() == 2
    assert AuditEntry.objects.of(application).last().action == "objection_submit"


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (MONDAY - timedelta(days=1), "届时方可提出异议"),
        (FRIDAY + timedelta(days=1), "不再受理异议"),
    ],
    ids=["before", "after"],
)
def test_BJ24_08_objections_are_refused_outside_the_period(day, message):
    _, application, _, publicity = opened()
    with pytest.raises(ActionRefused, match=message):
        objection_submit(
            publicity=publicity,
            application=application,
            text="业绩不实",
            name="张三",
            contact="13800000000",
            today=day,
        )
    assert Objection.objects.count() == 0


def test_BJ24_08_an_empty_objection_is_refused():
    _, application, _, publicity = opened()
    with pytest.raises(ActionRefused, match="请填写异议内容"):
        objection_submit(
            publicity=publicity,
            application=application,
            text="  ",
            name="张三",
            contact="13800000000",
            today=MONDAY,
        )


def test_BJ24_08_an_objection_to_someone_not_publicised_is_refused():
    w, _, _, publicity = opened()
    stranger = draft(w, who="other_applicant")
    with pytest.raises(ActionRefused, match="不在本次公示名单中"):
        objection_submit(
            publicity=publicity,
            application=stranger,
            text="不实",
            name="张三",
            contact="13800000000",
            today=MONDAY,
        )


def test_BJ24_08_close_is_refused_until_the_day_after_the_end():
    _, application, holder, publicity = opened()
    with pytest.raises(ActionRefused, match="期满后"):
        publicity_close(publicity=publicity, actor=holder, today=FRIDAY)
    assert stage_of(application) == "publicity_recommender"


def test_BJ24_08_close_is_refused_while_an_objection_is_unresolved():
    _, application, holder, publicity = opened()
    objection_submit(
        publicity=publicity,
        application=application,
        text="业绩不实",
        name="张三",
        contact="13800000000",
        today=MONDAY,
    )
    with pytest.raises(ActionRefused, match="还有1条异议尚未处理"):
        publicity_close(publicity=publicity, actor=holder, today=FRIDAY + timedelta(days=3))
    assert stage_of(application) == "publicity_recommender"


def test_BJ24_08_an_upheld_objection_rejects_with_the_resolution_and_the_others_pass():
    w = world("beijing-allowance-2024")
    accused = at_stage(w, "publicity_recommender")
    cleared = at_stage(w, "publicity_recommender", data=applicant(w.program_id, serial=34))
    holder = w.account("recommender_staff")
    publicity = publicity_open(
        campaign=w.campaign,
        step_id="publicity_recommender",
        actor=holder,
        start=MONDAY,
        today=MONDAY,
    )
    for application in (accused, cleared):
        objection = objection_submit(
            publicity=publicity,
            application=application,
            text="业绩不实",
            name="张三",
            contact="13800000000",
            today=FRIDAY,
        )
        objection_resolve(
            objection=objection,
            upheld=application == accused,
            resolution="经核查，获奖证书系伪造" if application == accused else "经核查，情况属实",
            actor=holder,
        )
    publicity_close(publicity=publicity, actor=holder, today=FRIDAY + timedelta(days=3))
    assert stage_of(accused) == chain.REJECTED
    last = AuditEntry.objects.of(accused).last()
    assert (last.action, last.reason) == (
        "publicity_reject",
        "公示异议成立：经核查，获奖证书系伪造",
    )
    assert stage_of(cleared) == "recommender_submit"
    assert Publicity.objects.get().closed_at is not None


@pytest.mark.parametrize("role", ["other_recommender_staff", "unit_staff", "office_staff"])
def test_BJ24_08_only_the_holder_resolves_and_closes(role):
    w, application, _, publicity = opened()
    objection = objection_submit(
        publicity=publicity,
        application=application,
        text="业绩不实",
        name="张三",
        contact="13800000000",
        today=MONDAY,
    )
    with pytest.raises(ActionRefused):
        objection_resolve(
            objection=objection, upheld=False, resolution="不实", actor=w.account(role)
        )
    with pytest.raises(ActionRefused):
        publicity_close(publicity=publicity, actor=w.account(role), today=FRIDAY + timedelta(3))
    assert Objection.objects.get().upheld is None


def test_BJ24_08_a_resolution_needs_a_finding_and_is_given_once():
    _, application, holder, publicity = opened()
    objection = objection_submit(
        publicity=publicity,
        application=application,
        text="业绩不实",
        name="张三",
        contact="13800000000",
        today=MONDAY,
    )
    with pytest.raises(ActionRefused, match="请填写核查处理结果"):
        objection_resolve(objection=objection, upheld=False, resolution=" ", actor=holder)
    objection_resolve(objection=objection, upheld=False, resolution="情况属实", actor=holder)
    with pytest.raises(ActionRefused, match="已处理"):
        objection_resolve(objection=objection, upheld=True, resolution="改判", actor=holder)


def test_BJ24_08_a_closed_publicity_cannot_be_closed_again():
    _, _, holder, publicity = opened()
    publicity_close(publicity=publicity, actor=holder, today=FRIDAY + timedelta(days=1))
    with pytest.raises(ActionRefused, match="已办结"):
        publicity_close(publicity=publicity, actor=holder, today=FRIDAY + timedelta(days=1))
