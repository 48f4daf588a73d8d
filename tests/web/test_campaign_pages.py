"""Campaign pages and the home page (issue 3 §2): creation from a programme, timeline, chain."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillaward.base.clock import beijing_today
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.services import (
    application_photo,
    application_pledge,
    application_submit,
    campaign_create,
)
from skillaward.campaigns.views.campaigns import timeline_states
from skillaward.core.program import Phase, bundled_programs
from tests.builders import applicant
from tests.web.factories import draft, jpeg, reference_day, world

pytestmark = pytest.mark.django_db

PROGRAM = "beijing-allowance-2024"


def open_world(program_id: str = PROGRAM):
    """A region whose campaign accepts material today (Beijing date) and until tomorrow."""
    return world(program_id, phases=[{"id": "submission", "end": beijing_today() + timedelta(1)}])


def submitted(w, *, who: str = "applicant", serial: int = 12) -> Application:
    """A complete application, submitted through the applicant's services."""
    actor = w.account(who)
    application = draft(w, who=who, data=applicant(w.program_id, serial=serial))
    application_photo(application=application, actor=actor, upload=jpeg())
    application_pledge(application=application, actor=actor)
    return application_submit(application=application, actor=actor, today=reference_day(w))


def get(client, account, name, *args, **query):
    client.force_login(account)
    return client.get(reverse(name, args=args), query)


# --- creation -----------------------------------------------------------------------------


def test_campaign_new_offers_every_bundled_programme(client):
    w = world(PROGRAM, campaign=False)
    text = get(client, w.account("office_staff"), "campaign_new").content.decode()
    assert all(program.name in text for program in bundled_programs().values())


def test_CC3_15_campaign_new_takes_the_editions_window(client):
    w = world("changchun-skills-3", campaign=False)
    client.force_login(w.account("office_staff"))
    url = reverse("campaign_new") + "?program=changchun-skills-3"
    data = {
        "name": "第四届长春技能大奖",
        "reference_date": "",
        "submission-start": "2026-10-24",
        "submission-end": "2026-10-26",
    }
    page = client.post(url, data)
    campaign = Campaign.objects.get()
    assert page["Location"] == reverse("campaign_detail", args=[campaign.pk])
    phase = campaign.submission_phase()
    assert (phase.start, phase.end, phase.strict_window) == (
        date(2026, 10, 24),
        date(2026, 10, 26),
        True,
    )
    assert (campaign.name, campaign.reference_date) == ("第四届长春技能大奖", date(2026, 10, 26))


def test_campaign_new_form_starts_from_the_programmes_dates(client):
    w = world("xingan-expert-2024", campaign=False)
    page = get(client, w.account("office_staff"), "campaign_new", program="xingan-expert-2024")
    text = page.content.decode()
    assert 'name="expert-review-end"' in text and 'value="2024-04-30"' in text


def test_campaign_new_shows_a_refused_window(client):
    w = world("changchun-skills-3", campaign=False)
    client.force_login(w.account("office_staff"))
    url = reverse("campaign_new") + "?program=changchun-skills-3"
    data = {"name": "x", "submission-start": "2026-10-27", "submission-end": "2026-10-26"}
    page = client.post(url, data, follow=True)
    assert "开始日期晚于结束日期" in page.content.decode()
    assert Campaign.objects.count() == 0


@pytest.mark.parametrize(
    "role", ["applicant", "unit_staff", "recommender_staff", "expert", "approver"]
)
def test_campaign_new_is_for_office_staff_only(client, role):
    w = world(PROGRAM, campaign=False)
    assert get(client, w.account(role), "campaign_new").status_code == 403


# --- timeline -----------------------------------------------------------------------------


def test_CC3_15_phase_open_from_first_to_last_day_of_window():
    window = [Phase(id="s", name="报送", start=date(2022, 10, 24), end=date(2022, 10, 26))]
    states = [timeline_states(window, date(2022, 10, d))[0].state for d in (23, 24, 26, 27)]
    assert states == ["未开始", "进行中", "进行中", "已结束"]


def test_BJ24_11_phase_without_start_opens_after_the_one_before():
    timeline = [
        Phase(id="a", name="甲", end=date(2024, 4, 26)),
        Phase(id="b", name="乙", end=date(2024, 5, 10)),
    ]
    assert [s.state for s in timeline_states(timeline, date(2024, 4, 26))] == ["进行中", "未开始"]
    assert [s.state for s in timeline_states(timeline, date(2024, 4, 27))] == ["已结束", "进行中"]


# --- detail -------------------------------------------------------------------------------


def test_campaign_detail_shows_programme_timeline_and_chain(client):
    w = open_world()
    text = get(client, w.account("expert"), "campaign_detail", w.campaign.pk).content.decode()
    assert "100名" in text and "BJ24-04" in text
    assert "进行中" in text
    assert "归口单位组织专家评审" in text and "推荐（归口）单位经办人 · BJ24-08" in text
    assert "市政府审定" in text and "领导小组（审批） · BJ24-05" in text


@pytest.mark.parametrize(
    ("role", "pages"),
    [
        ("unit_staff", ["review_worklist"]),
        ("recommender_staff", ["review_worklist", "publicity_manage", "recommendation"]),
        ("office_staff", ["review_worklist", "panel_record", "announcement"]),
        ("approver", ["approval"]),
        ("applicant", []),
    ],
)
def test_campaign_detail_links_each_role_to_the_steps_it_works(client, role, pages):
    w = open_world()
    c = w.campaign.pk
    urls = {
        "review_worklist": f"{reverse('review_worklist')}?campaign={c}",
        "publicity_manage": reverse("publicity_manage", args=[c, "publicity_recommender"]),
        "recommendation": reverse("recommendation", args=[c]),
        "panel_record": reverse("panel_record", args=[c, "allowance"]),
        "approval": reverse("approval", args=[c]),
        "announcement": reverse("announcement", args=[c]),
    }
    text = get(client, w.account(role), "campaign_detail", c).content.decode()
    assert [name for name, url in urls.items() if f'href="{url}"' in text] == pages


def test_campaign_detail_gives_applicants_the_application_link_while_open(client):
    w = open_world()
    text = get(client, w.account("applicant"), "campaign_detail", w.campaign.pk).content.decode()
    assert f'href="/applications/new/?campaign={w.campaign.pk}"' in text


def test_BJ24_11_campaign_detail_after_the_deadline_offers_no_application(client):
    w = world(PROGRAM)  # the 2024 edition's dates: long closed
    text = get(client, w.account("applicant"), "campaign_detail", w.campaign.pk).content.decode()
    assert "/applications/new/" not in text and "当前不在申报材料受理期内" in text


def test_campaign_detail_counts_per_stage_for_the_staff_place(client):
    w = open_world()
    submitted(w)
    mine = get(client, w.account("unit_staff"), "campaign_detail", w.campaign.pk).content.decode()
    theirs = get(client, w.account("other_unit_staff"), "campaign_detail", w.campaign.pk)
    listed = reverse("campaign_applications", args=[w.campaign.pk]) + "?stage=unit_review"
    assert "共1份" in mine and f'<a href="{listed}">1</a>' in mine
    assert "共0份" in theirs.content.decode()


def test_campaign_detail_of_another_office_is_not_found(client):
    w = world(PROGRAM)
    other = world("changchun-skills-3")
    assert (
        get(client, w.account("office_staff"), "campaign_detail", other.campaign.pk).status_code
        == 404
    )


# --- home ---------------------------------------------------------------------------------


def test_home_applicant_sees_applications_and_open_campaigns(client):
    w = open_world()
    text = get(client, w.account("applicant"), "home").content.decode()
    assert "还没有申报" in text
    assert f"/applications/new/?campaign={w.campaign.pk}" in text
    application = submitted(w)
    text = get(client, w.account("applicant"), "home").content.decode()
    assert "所在单位推荐意见" in text and "初筛符合条件" in text
    assert reverse("application_detail", args=[application.pk]) in text
    assert f"/applications/new/?campaign={w.campaign.pk}" not in text


def test_home_and_campaign_page_lead_the_applicant_back_to_the_draft(client):
    w = open_world()
    application = draft(w, today=beijing_today())
    edit = reverse("application_edit", args=[application.pk])
    home = get(client, w.account("applicant"), "home").content.decode()
    page = get(client, w.account("applicant"), "campaign_detail", w.campaign.pk).content.decode()
    assert edit in home and "继续填写" in home
    assert edit in page and "我要申报" not in page


def test_application_new_for_a_campaign_already_applied_to_shows_that_application(client):
    w = open_world()
    application = draft(w, today=beijing_today())
    response = get(client, w.account("applicant"), "application_new", campaign=w.campaign.pk)
    text = response.content.decode()
    assert "您已在本次评选中申报" in text
    assert reverse("application_detail", args=[application.pk]) in text
    assert "开始填写申报表" not in text


def test_home_staff_see_work_waiting_for_their_role(client):
    w = open_world()
    submitted(w)
    unit = get(client, w.account("unit_staff"), "home").content.decode()
    recommender = get(client, w.account("recommender_staff"), "home").content.decode()
    assert f"/review/?campaign={w.campaign.pk}" in unit and "1份申报待处理" in unit
    assert "1份申报待处理" not in recommender and "暂无待处理的申报" in recommender


# --- query counts -------------------------------------------------------------------------


def _more_campaigns(w, n):
    for _ in range(n):
        campaign_create(program_id=w.program_id, actor=w.account("office_staff"))


def _more_applications(w, n):
    for serial in range(n):
        submitted(w, serial=20 + serial)


@pytest.mark.parametrize(
    ("name", "role", "grow"),
    [
        ("campaign_list", "office_staff", _more_campaigns),
        ("home", "unit_staff", _more_campaigns),
        ("home", "applicant", _more_applications),
        ("campaign_detail", "office_staff", _more_applications),
    ],
)
def test_list_pages_same_queries_with_one_and_three_rows(
    client, django_assert_num_queries, name, role, grow
):
    w = open_world()
    submitted(w, serial=19)
    args = [w.campaign.pk] if name == "campaign_detail" else []
    client.force_login(w.account(role))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(name, args=args)).status_code == 200
    grow(w, 2)
    with django_assert_num_queries(len(one)):
        assert client.get(reverse(name, args=args)).status_code == 200
