"""The recommending unit's ranked list: deadline (BJ24-11, CC3-15), quota (CC3-16, LC19-02),
ceiling (XA24-12), no person twice (BJ24-12, CC3-11), ranks, and the preview's findings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skillaward.base.errors import ActionRefused
from skillaward.campaigns.models import Application
from skillaward.review.selectors import ranks_sent, recommendation_findings
from skillaward.review.services import recommendation_submit
from tests.web.chain_helpers import at_stage
from tests.web.factories import reference_day, world

pytestmark = pytest.mark.django_db

STAGE = "recommender_submit"


def waiting(w, count, *, first_serial=20, **options):
    return [at_stage(w, STAGE, serial=first_serial + i, **options) for i in range(count)]


def send(w, ranked, *, who="recommender_staff", recommender=None, today=None):
    """The list in the given order, ranked on after what the unit sent before, confirmed."""
    recommender = recommender or ranked[0].recommender
    after = ranks_sent(campaign=w.campaign, recommender=recommender)
    return recommendation_submit(
        campaign=w.campaign,
        recommender=recommender,
        ranked=list(enumerate(ranked, start=after + 1)),
        confirmed=True,
        actor=w.account(who),
        today=today or reference_day(w),
    )


def test_BJ24_11_ranked_list_moves_on_with_ranks_and_person_set():
    w = world("beijing-allowance-2024")
    first, second = waiting(w, 2)
    sent = send(w, [second, first])
    assert [(a.pk, a.rank, a.stage, a.submitted_person) for a in sent] == [
        (second.pk, 1, "office_review", second.id_number),
        (first.pk, 2, "office_review", first.id_number),
    ]
    entry = sent[0].audit_entries.last()
    assert (entry.action, entry.reason, entry.clause) == (
        "recommendation_submit",
        "推荐排序第1位",
        "BJ24-11",
    )


def test_a_second_list_continues_the_ranks():
    w = world("beijing-allowance-2024")
    first, second = waiting(w, 2)
    send(w, [first])
    (later,) = send(w, [second])
    assert later.rank == 2


def test_BJ24_11_list_is_accepted_on_the_last_day_and_refused_the_day_after():
    w = world("beijing-allowance-2024")
    (application,) = waiting(w, 1)
    with pytest.raises(ActionRefused) as refused:
        send(w, [application], today=reference_day(w) + timedelta(days=1))
    assert str(refused.value) == (
        "归口单位报送推荐人选纸质和电子材料（逾期不予受理）已于2024年04月26日截止，"
        "逾期不予受理（BJ24-11）"
    )
    application.refresh_from_db()
    assert (application.stage, application.rank, application.submitted_person) == (
        STAGE,
        None,
        None,
    )
    assert send(w, [application], today=reference_day(w))[0].stage == "office_review"


def test_CC3_15_list_before_the_window_is_refused():
    w = world("changchun-skills-3")
    (application,) = waiting(w, 1)
    start = w.campaign.submission_phase().start
    with pytest.raises(ActionRefused, match="尚未开始（CC3-15）"):
        send(w, [application], today=start - timedelta(days=1))
    assert send(w, [application], today=start)[0].stage == "panel"


def test_CC3_16_county_quota_of_three_per_award_is_refused_at_four():
    w = world("changchun-skills-3")
    candidates = waiting(w, 4)
    with pytest.raises(ActionRefused) as refused:
        send(w, candidates)
    assert str(refused.value) == (
        "不能报送：长春市朝阳区人力资源和社会保障局 · 长春技能大奖：推荐4人，"
        "超过县（市、区）人社部门3人名额（CC3-16）"
    )
    assert Application.objects.filter(submitted_person__isnull=False).count() == 0
    assert len(send(w, candidates[:3])) == 3
    with pytest.raises(ActionRefused, match="推荐4人"):
        send(w, candidates[3:])


def test_LC19_02_quota_counts_per_unit_not_per_campaign():
    w = world("liaocheng-chief-2019")
    w.other_recommender.recommender_type = "sme"
    w.other_recommender.save()
    mine = waiting(w, 2)
    theirs = waiting(w, 3, first_serial=40, who="other_applicant")
    send(w, mine)
    # The other unit is an SME (LC19-02: at most 2), whatever the first unit sent.
    with pytest.raises(ActionRefused, match=r"推荐3人，超过中小企业2人名额（LC19-02）"):
        send(w, theirs, who="other_recommender_staff")
    assert len(send(w, theirs[:2], who="other_recommender_staff")) == 2


def test_XA24_12_candidate_ceiling_of_40_is_refused_at_41():
    w = world("xingan-expert-2024")
    candidates = waiting(w, 41)
    with pytest.raises(ActionRefused, match="候选人41人，超过40人上限（XA24-12）"):
        send(w, candidates)
    assert len(send(w, candidates[:40])) == 40


def test_BJ24_12_same_person_from_a_second_unit_is_refused_with_who_sent_it():
    """The same person for the other award, through another unit (one application per
    person and award): the second unit's list is refused, naming the first."""
    w = world("changchun-skills-3")
    (mine,) = waiting(w, 1)
    (theirs,) = waiting(w, 1, first_serial=20, who="other_applicant", award_id="technical-expert")
    assert mine.id_number == theirs.id_number
    send(w, [mine])
    with pytest.raises(ActionRefused) as refused:
        send(w, [theirs], who="other_recommender_staff")
    assert str(refused.value) == (
        f"王建国（{theirs.id_number[:6]}********{theirs.id_number[-4:]}）"
        "已由“长春市朝阳区人力资源和社会保障局”报送，同一人不得重复推荐"
    )
    theirs.refresh_from_db()
    assert (theirs.stage, theirs.submitted_person) == (STAGE, None)


def test_BJ24_12_the_same_person_for_the_same_award_cannot_even_be_submitted_twice():
    w = world("beijing-allowance-2024")
    waiting(w, 1)
    with pytest.raises(ActionRefused, match="同一人每个奖项只能有一份申报"):
        waiting(w, 1, first_serial=20, who="other_applicant")


def test_CC3_11_same_person_for_both_awards_is_refused_and_shown_in_preview():
    w = world("changchun-skills-3")
    (grand,) = waiting(w, 1)
    (expert,) = waiting(w, 1, award_id="technical-expert")
    outcome = recommendation_findings(
        campaign=w.campaign, recommender=w.recommender, candidates=[grand, expert]
    )
    assert [f.outcome for f in outcome.by_record[0]] == ["fail"]
    assert (
        outcome.by_record[0][0].message == "同一人同时申报长春技能大奖和长春技术能手，不得同时申报"
    )
    with pytest.raises(ActionRefused, match="（CC3-11）"):
        send(w, [grand, expert])


def test_preview_shows_the_quota_finding_before_submitting():
    w = world("changchun-skills-3")
    candidates = waiting(w, 2)
    outcome = recommendation_findings(
        campaign=w.campaign, recommender=w.recommender, candidates=candidates
    )
    assert [f.to_dict() for f in outcome.findings if f.clause == "CC3-16"] == [
        {
            "clause": "CC3-16",
            "outcome": "pass",
            "subject": "长春市朝阳区人力资源和社会保障局 · 长春技能大奖",
            "message": "推荐2人，未超过县（市、区）人社部门3人名额",
        }
    ]


@pytest.mark.parametrize(
    "who", ["applicant", "unit_staff", "other_recommender_staff", "office_staff", "approver"]
)
def test_only_the_units_own_staff_may_send_its_list(who):
    w = world("beijing-allowance-2024")
    (application,) = waiting(w, 1)
    with pytest.raises(ActionRefused) as refused:
        send(w, [application], who=who, recommender=w.recommender)
    assert (
        str(refused.value)
        == "只有“北京市朝阳区人力资源和社会保障局”的经办人可以报送本单位的推荐名单"
    )


def test_a_list_with_another_units_application_is_refused():
    w = world("beijing-allowance-2024")
    (mine,) = waiting(w, 1)
    (theirs,) = waiting(w, 1, first_serial=30, who="other_applicant")
    with pytest.raises(ActionRefused, match="不是本单位在本次评选中的推荐人选"):
        send(w, [mine, theirs])
    mine.refresh_from_db()
    assert (mine.stage, mine.rank) == (STAGE, None)


def test_a_list_with_an_application_at_another_stage_is_refused():
    w = world("beijing-allowance-2024")
    (ready,) = waiting(w, 1)
    early = at_stage(w, "recommender_review", serial=30)
    with pytest.raises(ActionRefused, match="当前处于“归口单位组织专家评审”环节，不能报送"):
        send(w, [ready, early])


def test_an_empty_list_is_refused():
    w = world("beijing-allowance-2024")
    with pytest.raises(ActionRefused, match="请至少选择一名"):
        send(w, [], recommender=w.recommender)
