"""Nothing in the statutory process can be skipped (issue 11 §1): publicity dates, the
confirmed ranked list, the applicant's own unit and one application per person, passing a
failed screening knowingly, and the leading group's decision on each candidate."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from skillaward.audit.models import AuditEntry
from skillaward.base.clock import beijing_today
from skillaward.base.errors import ActionRefused
from skillaward.campaigns.models import Application
from skillaward.campaigns.services import application_start
from skillaward.holidays.services import schedule_import
from skillaward.publicity.models import Publicity
from skillaward.publicity.services import publicity_close, publicity_open
from skillaward.review.services import (
    ApprovalDecision,
    approval_decide,
    recommendation_submit,
    result_announce,
    review_approve,
)
from tests.builders import applicant
from tests.web import chain_helpers
from tests.web.factories import PASSWORD, draft, reference_day, world
from tests.web.test_publicity import actor_at, at_stage, stage_of

pytestmark = pytest.mark.django_db

PUBLICITY = "publicity_recommender"


# --- (a) publicity ----------------------------------------------------------------------------


@pytest.mark.parametrize("days_back", [1, 30])
def test_BJ24_08_publicity_cannot_start_before_today(days_back):
    w = world("beijing-allowance-2024")
    application = at_stage(w, PUBLICITY)
    today = date(2024, 11, 11)
    with pytest.raises(ActionRefused, match="公示开始日期不能早于今天（2024年11月11日）"):
        publicity_open(
            campaign=w.campaign,
            step_id=PUBLICITY,
            actor=actor_at(w, application),
            start=today - timedelta(days=days_back),
            today=today,
        )
    assert not application.publicities.exists()


def test_LC19_11_publicity_starting_today_counts_today_as_its_first_day():
    w = world("liaocheng-chief-2019")
    application = at_stage(w, "publicity_unit")
    monday = date(2024, 11, 4)
    publicity = publicity_open(
        campaign=w.campaign,
        step_id="publicity_unit",
        actor=actor_at(w, application),
        start=monday,
        today=monday,
    )
    assert (publicity.start_date, publicity.end_date) == (monday, date(2024, 11, 8))


def test_BJ24_08_publicity_cannot_close_on_its_last_working_day():
    w = world("beijing-allowance-2024")
    application = at_stage(w, PUBLICITY)
    holder = actor_at(w, application)
    monday = date(2024, 11, 4)
    publicity = publicity_open(
        campaign=w.campaign, step_id=PUBLICITY, actor=holder, start=monday, today=monday
    )
    with pytest.raises(ActionRefused, match="期满后（次日起）方可办结"):
        publicity_close(publicity=publicity, actor=holder, today=publicity.end_date)
    assert stage_of(application) == PUBLICITY


SCHEDULE = "year: 2027\nholidays: [2027-01-01{extra}]\nworkdays: []\n"


def test_BJ24_08_a_holiday_uploaded_during_the_publicity_moves_its_last_day():
    """Opened Monday 4 January 2027 for five working days (to Friday 8); the office then uploads
    the year's schedule with Tuesday 5 a holiday: the period runs to Monday 11."""
    w = world("beijing-allowance-2024")
    office = w.account("office_staff")
    schedule_import(actor=office, content=SCHEDULE.format(extra="").encode(), name="2027.yaml")
    application = at_stage(w, PUBLICITY)
    holder = actor_at(w, application)
    start = date(2027, 1, 4)
    publicity = publicity_open(
        campaign=w.campaign, step_id=PUBLICITY, actor=holder, start=start, today=start
    )
    assert publicity.end_date == date(2027, 1, 8)
    extra = ", 2027-01-05"
    schedule_import(actor=office, content=SCHEDULE.format(extra=extra).encode(), name="2027.yaml")
    with pytest.raises(ActionRefused, match="公示期至2027年01月11日"):
        publicity_close(publicity=publicity, actor=holder, today=date(2027, 1, 9))
    publicity_close(publicity=publicity, actor=holder, today=date(2027, 1, 12))
    assert stage_of(application) != PUBLICITY


# --- (b) the ranked list ----------------------------------------------------------------------


def ranked_world(count: int = 2, program_id: str = "changchun-skills-3"):
    """A campaign whose window is open today, and ``count`` candidates waiting to be ranked."""
    today = beijing_today()
    w = world(program_id, phases=[{"id": "submission", "start": today, "end": today}])
    waiting = [chain_helpers.at_stage(w, "recommender_submit", serial=20 + i) for i in range(count)]
    return w, waiting


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        ((1, 1), "排序须为1至2，不空缺、不重复：第1位填了不止一人；缺少第2位"),
        ((1, 3), "排序须为1至2，不空缺、不重复：缺少第2位"),
        ((2, 3), "排序须为1至2，不空缺、不重复：缺少第1位"),
    ],
)
def test_CC3_16_ranks_must_be_one_to_n_without_gaps_or_repeats(ranks, message):
    w, (first, second) = ranked_world()
    with pytest.raises(ActionRefused) as refused:
        recommendation_submit(
            campaign=w.campaign,
            recommender=w.recommender,
            ranked=[(ranks[0], first), (ranks[1], second)],
            confirmed=True,
            actor=w.account("recommender_staff"),
            today=reference_day(w),
        )
    assert str(refused.value) == message
    assert not Application.objects.filter(submitted_person__isnull=False).exists()


def test_CC3_16_a_later_list_ranks_on_after_what_the_unit_sent():
    w, (first, second) = ranked_world()
    staff = w.account("recommender_staff")
    common = {"campaign": w.campaign, "recommender": w.recommender, "actor": staff}
    recommendation_submit(ranked=[(1, first)], confirmed=True, **common)
    with pytest.raises(ActionRefused, match="本单位已报送1人，本次从第2位排起"):
        recommendation_submit(ranked=[(1, second)], confirmed=True, **common)
    (sent,) = recommendation_submit(ranked=[(2, second)], confirmed=True, **common)
    assert sent.rank == 2


def test_BJ24_12_an_unconfirmed_list_is_refused():
    w, (first,) = ranked_world(1, "beijing-allowance-2024")
    with pytest.raises(ActionRefused, match="确认后再报送"):
        recommendation_submit(
            campaign=w.campaign,
            recommender=w.recommender,
            ranked=[(1, first)],
            confirmed=False,
            actor=w.account("recommender_staff"),
        )
    assert stage_of(first) == "recommender_submit"


def login(client, w, role):
    client.login(username=w.account(role).username, password=PASSWORD)
    return client


def test_CC3_16_the_unit_confirms_the_list_it_sees_and_the_audit_keeps_its_ranks(client):
    w, (first, second) = ranked_world()
    login(client, w, "recommender_staff")
    url = reverse("recommendation", kwargs={"campaign_id": w.campaign.pk})
    ranks = {f"rank_{first.pk}": "2", f"rank_{second.pk}": "1"}
    page = client.post(url, ranks | {"action": "preview"}).content.decode()
    assert "核对报送名单" in page and "确认报送" in page
    assert "本单位名额：长春技能大奖：限推荐3人（CC3-16）" in page
    assert "推荐2人，未超过县（市、区）人社部门3人名额（CC3-16）" in page
    # Listed in the order ranked, each with the rank typed.
    assert page.index(f'name="rank_{second.pk}" value="1"') < page.index(
        f'name="rank_{first.pk}" value="2"'
    )
    assert stage_of(first) == "recommender_submit"  # the preview sends nothing
    # The confirmation's checkbox is required: without it nothing goes.
    refused = client.post(url, ranks | {"action": "confirm"}, follow=True).content.decode()
    assert "确认后再报送" in refused and stage_of(first) == "recommender_submit"
    client.post(url, ranks | {"action": "confirm", "confirmed": "yes"})
    entries = {e.subject_id: e for e in AuditEntry.objects.filter(action="recommendation_submit")}
    assert entries[first.pk].after["rank"] == 2
    assert entries[second.pk].after["rank"] == 1
    assert entries[second.pk].reason == "推荐排序第1位"
    assert sorted(Application.objects.values_list("rank", flat=True)) == [1, 2]


def test_CC3_16_two_first_ranks_on_the_page_are_refused_and_kept(client):
    w, (first, second) = ranked_world()
    login(client, w, "recommender_staff")
    url = reverse("recommendation", kwargs={"campaign_id": w.campaign.pk})
    ranks = {f"rank_{first.pk}": "1", f"rank_{second.pk}": "1"}
    for action in ("preview", "confirm"):
        page = client.post(url, ranks | {"action": action, "confirmed": "yes"}).content.decode()
        assert "第1位填了不止一人" in page
        assert f'name="rank_{first.pk}" value="1"' in page
        assert f'name="rank_{second.pk}" value="1"' in page
    assert stage_of(first) == stage_of(second) == "recommender_submit"


# --- (e) approval: each candidate, with an opinion and the minutes ----------------------------


def approval_world():
    w = world("beijing-allowance-2024")
    waiting = [chain_helpers.at_stage(w, "approval", serial=20 + i, plain=True) for i in range(2)]
    return w, waiting


def test_BJ24_05_the_leading_group_approves_one_and_declines_the_other_with_minutes():
    w, (kept, declined) = approval_world()
    moved = approval_decide(
        campaign=w.campaign,
        decisions=[
            ApprovalDecision(kept, True, "同意授予"),
            ApprovalDecision(declined, False, "业绩材料不足，不予通过"),
        ],
        minutes=chain_helpers.pdf("会议纪要.pdf"),
        actor=w.account("approver"),
    )
    assert [a.stage for a in moved] == ["announcement", "rejected"]
    entries = [AuditEntry.objects.of(a).last() for a in (kept, declined)]
    assert [(e.action, e.reason, e.after["approved"]) for e in entries] == [
        ("approval_approve", "同意授予", True),
        ("approval_decline", "业绩材料不足，不予通过", False),
    ]
    assert entries[0].document.name == entries[1].document.name != ""
    # The announcement then announces the approved only.
    (awarded,) = result_announce(campaign=w.campaign, actor=w.account("office_staff"))
    assert awarded.pk == kept.pk
    assert stage_of(declined) == "rejected"


@pytest.mark.parametrize(
    ("opinion", "minutes", "message"),
    [
        ("同意", False, "请上传市政府审定的会议纪要（BJ24-05）"),
        ("  ", True, "请填写对王建国的审批意见"),
    ],
)
def test_BJ24_05_approval_needs_an_opinion_and_the_minutes(opinion, minutes, message):
    w, (first, _) = approval_world()
    with pytest.raises(ActionRefused, match=message):
        approval_decide(
            campaign=w.campaign,
            decisions=[ApprovalDecision(first, True, opinion)],
            minutes=chain_helpers.pdf() if minutes else None,
            actor=w.account("approver"),
        )
    assert stage_of(first) == "approval"


def test_BJ24_05_the_approval_page_decides_each_candidate_and_keeps_what_was_typed(client):
    w, (kept, declined) = approval_world()
    login(client, w, "approver")
    url = reverse("approval", kwargs={"campaign_id": w.campaign.pk})
    typed = {
        f"decision_{kept.pk}": "approve",
        f"opinion_{kept.pk}": "同意授予",
        f"decision_{declined.pk}": "decline",
        f"opinion_{declined.pk}": "",
    }
    page = client.post(url, typed | {"minutes": chain_helpers.pdf("纪要.pdf")}).content.decode()
    assert "请填写对王建国的审批意见" in page
    assert "所选文件“纪要.pdf”未保存，请重新选择后再提交" in page
    assert f'name="decision_{declined.pk}" value="decline" checked' in page
    assert "同意授予</textarea>" in page
    assert stage_of(kept) == "approval"
    typed[f"opinion_{declined.pk}"] = "不予通过"
    client.post(url, typed | {"minutes": chain_helpers.pdf("纪要.pdf")})
    assert (stage_of(kept), stage_of(declined)) == ("announcement", "rejected")


# --- (d) passing a failed screening, knowingly ------------------------------------------------


def too_old_at_review():
    """A Liaocheng candidate of 56 at the recommending unit's review: LC19-06 fails."""
    w = world("liaocheng-chief-2019")
    record = applicant("liaocheng-chief-2019", born="1963-01-01")
    application = chain_helpers.at_stage(w, "recommender_review", data=record)
    assert application.verdict == "ineligible"
    return w, application


def test_LC19_06_a_unit_passes_a_failed_screening_only_after_confirming_it_saw_it():
    w, application = too_old_at_review()
    staff = w.account("recommender_staff")
    with pytest.raises(ActionRefused, match=r"LC19-06.*须先确认已知悉这些不符合的情况"):
        review_approve(application=application, actor=staff, opinion="同意推荐")
    assert stage_of(application) == "recommender_review"
    review_approve(application=application, actor=staff, opinion="同意推荐", failing_seen=True)
    entry = AuditEntry.objects.of(application).last()
    assert entry.action == "approve"
    (seen,) = entry.after["failing_findings_seen"]
    assert seen["clause"] == "LC19-06" and "55周岁" in seen["message"]


def test_LC19_06_the_review_page_asks_for_the_confirmation_and_keeps_the_opinion(client):
    w, application = too_old_at_review()
    login(client, w, "recommender_staff")
    page = client.get(reverse("candidate_detail", args=[application.pk])).content.decode()
    assert "已知悉以上不符合的情况，仍同意通过" in page
    url = reverse("review_decide", args=[application.pk, "approve"])
    refused = client.post(url, {"opinion": "专家评议同意推荐"}).content.decode()
    assert "须先确认已知悉这些不符合的情况" in refused
    assert "专家评议同意推荐</textarea>" in refused
    assert stage_of(application) == "recommender_review"
    client.post(url, {"opinion": "专家评议同意推荐", "failing_seen": "yes"})
    assert stage_of(application) != "recommender_review"


# --- (c) the applicant's own unit; one application per person, campaign and award -----------


def test_BJ24_07_an_applicant_starts_only_under_their_own_work_unit():
    w = world("beijing-allowance-2024")
    applicant_account = w.account("applicant")  # works at w.unit, under w.recommender
    start = {
        "campaign": w.campaign,
        "actor": applicant_account,
        "award_id": w.campaign.program.awards[0].id,
        "channel": "unit",
        "today": reference_day(w),
    }
    with pytest.raises(ActionRefused, match="只能以本人所在单位“某机械有限公司”申报"):
        application_start(recommender=w.other_recommender, unit=w.other_unit, **start)
    with pytest.raises(ActionRefused, match="不属于“另一推荐单位”"):
        application_start(recommender=w.other_recommender, unit=w.unit, **start)
    assert not Application.objects.exists()
    own = application_start(recommender=w.recommender, unit=w.unit, **start)
    assert (own.unit, own.recommender) == (w.unit, w.recommender)


def test_BJ24_07_the_new_application_page_offers_only_the_own_units(client):
    w = world("beijing-allowance-2024")
    login(client, w, "applicant")
    page = client.get(reverse("application_new") + f"?campaign={w.campaign.pk}").content.decode()
    assert w.unit.name in page and w.recommender.name in page
    assert w.other_unit.name not in page and w.other_recommender.name not in page


def test_CC3_11_one_person_has_one_application_per_campaign_and_award():
    w = world("changchun-skills-3")
    first = chain_helpers.submitted(w, serial=20)
    with pytest.raises(
        ActionRefused, match="已在本次评选中申报“长春技能大奖”，同一人每个奖项只能有一份申报"
    ):
        chain_helpers.submitted(w, serial=20)
    assert (
        Application.objects.filter(id_number=first.id_number).exclude(pk=first.pk).get().stage
        == "draft"
    )


def test_CC3_11_the_database_keeps_one_submitted_application_per_person_and_award():
    w = world("changchun-skills-3")
    first = chain_helpers.submitted(w, serial=20)
    second = draft(w, data=applicant("changchun-skills-3", serial=20))
    second.id_number = first.id_number
    second.submitted_at = first.submitted_at
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_BJ24_08_the_publicity_page_refuses_a_past_start_beside_the_field_and_keeps_it(client):
    w = world("beijing-allowance-2024")
    at_stage(w, PUBLICITY)
    login(client, w, "recommender_staff")
    url = reverse("publicity_manage", kwargs={"campaign_pk": w.campaign.pk, "step_id": PUBLICITY})
    past = beijing_today() - timedelta(days=14)
    page = client.post(url, {"start": past.isoformat()}).content.decode()
    assert "公示开始日期不能早于今天" in page
    assert f'value="{past.isoformat()}"' in page
    assert f'min="{beijing_today().isoformat()}"' in page
    assert not Publicity.objects.exists()


def test_CC3_16_back_from_the_confirmation_the_form_keeps_the_ranks(client):
    w, (first, second) = ranked_world()
    login(client, w, "recommender_staff")
    url = reverse("recommendation", kwargs={"campaign_id": w.campaign.pk})
    ranks = {f"rank_{first.pk}": "2", f"rank_{second.pk}": "1"}
    page = client.post(url, ranks | {"action": "edit"}).content.decode()
    assert "下一步：核对报送名单" in page
    assert f'name="rank_{first.pk}" value="2"' in page
    assert f'name="rank_{second.pk}" value="1"' in page
    assert stage_of(first) == "recommender_submit"
