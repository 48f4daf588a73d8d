"""Office steps: overrides of failing findings, the panel's result, approval, announcement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from skillaward.base.errors import ActionRefused
from skillaward.campaigns.services import application_save, application_submit
from skillaward.core import chain
from skillaward.registry.models import Awardee
from skillaward.review.models import Override, PanelResult
from skillaward.review.selectors import findings_shown
from skillaward.review.services import (
    ApprovalDecision,
    PanelLineInput,
    approval_decide,
    finding_override,
    panel_record,
    result_announce,
    review_approve,
    review_return,
)
from tests.builders import applicant
from tests.web.chain_helpers import at_stage, pdf
from tests.web.factories import world

pytestmark = pytest.mark.django_db

# --- overrides ------------------------------------------------------------------------------


def too_old(w):
    """A Liaocheng candidate of 56 at office review: LC19-06 (一般不超过55周岁) fails."""
    application = at_stage(
        w, "office_review", data=applicant("liaocheng-chief-2019", born="1963-01-01")
    )
    assert (application.verdict, _outcome(application, "LC19-06")) == ("ineligible", "fail")
    return application


def _outcome(application, clause):
    return next(f["outcome"] for f in application.findings if f["clause"] == clause)


def test_LC19_06_office_override_counts_the_clause_as_passed_and_is_audited():
    w = world("liaocheng-chief-2019")
    application = too_old(w)
    override = finding_override(
        application=application,
        clause="LC19-06",
        reason="技艺精湛，经办公室集体研究破格推荐",
        actor=w.account("office_staff"),
    )
    application.refresh_from_db()
    assert application.verdict == "eligible"
    shown = {f["clause"]: f["override"] for f in findings_shown(application)}
    assert shown["LC19-06"] == override
    entry = application.audit_entries.last()
    assert (entry.action, entry.clause, entry.reason, entry.role) == (
        "override",
        "LC19-06",
        "技艺精湛，经办公室集体研究破格推荐",
        "office_staff",
    )


def test_LC19_06_office_review_refuses_a_failing_finding_until_it_is_overridden():
    w = world("liaocheng-chief-2019")
    application = too_old(w)
    office = w.account("office_staff")
    with pytest.raises(ActionRefused, match=r"LC19-06.*须先认定例外"):
        review_approve(application=application, actor=office, opinion="资格审查通过")
    application.refresh_from_db()
    assert application.stage == "office_review"
    finding_override(application=application, clause="LC19-06", reason="破格", actor=office)
    review_approve(application=application, actor=office, opinion="资格审查通过")
    application.refresh_from_db()
    assert application.stage == "panel"


def test_LC19_06_override_still_counts_when_a_returned_application_is_resubmitted():
    w = world("liaocheng-chief-2019")
    application = too_old(w)
    office = w.account("office_staff")
    finding_override(application=application, clause="LC19-06", reason="破格", actor=office)
    review_return(application=application, actor=office, reason="请补充业绩证明")
    applicant_account = w.account("applicant")
    application_save(application=application, actor=applicant_account, data=application.data)
    application.refresh_from_db()
    assert application.verdict == "eligible"
    application_submit(
        application=application, actor=applicant_account, today=w.campaign.submission_phase().end
    )
    application.refresh_from_db()
    assert (application.stage, application.verdict) == (w.campaign.workflow.steps[0].id, "eligible")


@pytest.mark.parametrize("who", ["recommender_staff", "expert", "approver", "applicant"])
def test_override_refused_to_anyone_but_office_staff(who):
    w = world("liaocheng-chief-2019")
    application = too_old(w)
    with pytest.raises(ActionRefused, match="只有本评选办公室的工作人员可以认定资格例外"):
        finding_override(
            application=application, clause="LC19-06", reason="理由", actor=w.account(who)
        )
    assert Override.objects.count() == 0


def test_override_refused_to_another_offices_staff():
    w = world("liaocheng-chief-2019")
    application = too_old(w)
    stranger = world("beijing-allowance-2024").account("office_staff")
    with pytest.raises(ActionRefused, match="只有本评选办公室"):
        finding_override(application=application, clause="LC19-06", reason="理由", actor=stranger)


def test_override_refused_for_a_passing_clause_without_reason_or_twice():
    w = world("liaocheng-chief-2019")
    application = too_old(w)
    office = w.account("office_staff")
    with pytest.raises(ActionRefused, match="LC19-03的初筛结论不是“不符合”"):
        finding_override(application=application, clause="LC19-03", reason="理由", actor=office)
    with pytest.raises(ActionRefused, match="请填写认定例外的理由"):
        finding_override(application=application, clause="LC19-06", reason=" ", actor=office)
    finding_override(application=application, clause="LC19-06", reason="理由", actor=office)
    with pytest.raises(ActionRefused, match="已认定过例外"):
        finding_override(application=application, clause="LC19-06", reason="再次", actor=office)


def test_override_refused_once_the_application_left_the_chain():
    w = world("liaocheng-chief-2019")
    application = too_old(w)
    from skillaward.review.services import review_reject

    rejected = review_reject(
        application=application, actor=w.account("office_staff"), reason="超龄"
    )
    with pytest.raises(ActionRefused, match="不能认定资格例外"):
        finding_override(
            application=rejected, clause="LC19-06", reason="理由", actor=w.account("office_staff")
        )


# --- the panel ------------------------------------------------------------------------------


def at_panel(w, count, award_id="grand-award", first_serial=20):
    return [
        at_stage(w, "panel", serial=first_serial + i, award_id=award_id, plain=True)
        for i in range(count)
    ]


def lines(applications, scores, selected):
    return [
        PanelLineInput(a, rank=i + 1, score=Decimal(s), selected=i < selected)
        for i, (a, s) in enumerate(zip(applications, scores, strict=True))
    ]


def record(w, applications, scores, selected, **options):
    arguments = {
        "campaign": w.campaign,
        "award_id": "grand-award",
        "method": "score",
        "members": 7,
        "lines": lines(applications, scores, selected),
        "sheet": pdf("sheet.pdf"),
        "actor": w.account("office_staff"),
    } | options
    return panel_record(**arguments)


def test_CC3_10_panel_result_moves_the_selected_on_and_ends_the_others():
    w = world("changchun-skills-3")
    first, second, third = at_panel(w, 3)
    result = record(w, [first, second, third], ["92.5", "90", "80"], selected=2)
    assert [(line.rank, line.score, line.selected) for line in result.lines.all()] == [
        (1, Decimal("92.50"), True),
        (2, Decimal("90.00"), True),
        (3, Decimal("80.00"), False),
    ]
    assert result.sheet.read() == b"%PDF-1.4\n%signed\n"
    stages = [a.stage for a in type(first).objects.filter(pk__in=[first.pk, second.pk, third.pk])]
    assert sorted(stages) == sorted(["publicity_city", "publicity_city", chain.NOT_SELECTED])
    entry = third.audit_entries.last()
    assert (entry.action, entry.to_stage, entry.reason) == (
        "panel_not_selected",
        chain.NOT_SELECTED,
        "长春技能大奖专家评审第3名，得分80",
    )


def test_CC3_03_panel_may_select_the_award_quota_of_ten_but_not_eleven():
    w = world("changchun-skills-3")
    candidates = at_panel(w, 11)
    scores = [str(100 - i) for i in range(11)]
    with pytest.raises(ActionRefused, match="建议入选11人，超过长春技能大奖名额10人"):
        record(w, candidates, scores, selected=11)
    assert PanelResult.objects.count() == 0
    record(w, candidates, scores, selected=10)
    assert [a.stage for a in type(candidates[0]).objects.filter(pk=candidates[10].pk)] == [
        chain.NOT_SELECTED
    ]


def test_panel_tie_on_the_selection_line_asks_for_a_new_vote():
    w = world("changchun-skills-3")
    candidates = at_panel(w, 3)
    with pytest.raises(ActionRefused) as refused:
        record(w, candidates, ["95", "88", "88"], selected=2)
    assert str(refused.value) == (
        "第2名与第3名得分相同（88），并列于入选线上，请组织评委对并列人选重新投票后再录入"
    )
    candidates[0].refresh_from_db()
    assert candidates[0].stage == "panel"


def test_panel_tie_above_the_line_is_accepted():
    w = world("changchun-skills-3")
    candidates = at_panel(w, 3)
    record(w, candidates, ["95", "95", "88"], selected=2)
    assert PanelResult.objects.count() == 1


def test_panel_votes_beyond_the_members_are_refused():
    w = world("changchun-skills-3")
    (candidate,) = at_panel(w, 1)
    with pytest.raises(ActionRefused, match="得票须在0至7之间"):
        panel_record(
            campaign=w.campaign,
            award_id="grand-award",
            method="vote",
            members=7,
            lines=[PanelLineInput(candidate, rank=1, votes=8, selected=True)],
            sheet=pdf(),
            actor=w.account("office_staff"),
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sheet": None}, "请上传评委签字的评审结果表"),
        ({"method": "lottery"}, "请选择评审方式"),
        ({"award_id": "nobel"}, "本项目没有该奖项"),
    ],
)
def test_panel_refuses_incomplete_input(change, message):
    w = world("changchun-skills-3")
    candidates = at_panel(w, 2)
    with pytest.raises(ActionRefused, match=message):
        record(w, candidates, ["90", "80"], selected=1, **change)


def test_panel_refuses_ranks_against_scores_missing_lines_and_a_second_record():
    w = world("changchun-skills-3")
    candidates = at_panel(w, 3)
    with pytest.raises(ActionRefused, match="第2名的得分高于第1名"):
        record(w, candidates, ["80", "90", "70"], selected=1)
    with pytest.raises(ActionRefused, match=r"缺少或重复：.*王建国"):
        record(w, candidates[:2], ["90", "80"], selected=1)
    record(w, candidates, ["90", "80", "70"], selected=1)
    with pytest.raises(ActionRefused, match="已经录入"):
        record(w, candidates, ["90", "80", "70"], selected=1)


@pytest.mark.parametrize("who", ["expert", "approver", "recommender_staff", "unit_staff"])
def test_panel_refused_to_anyone_but_office_staff(who):
    w = world("changchun-skills-3")
    candidates = at_panel(w, 2)
    with pytest.raises(ActionRefused, match="“专家综合评审”应由本评选活动的评选办公室工作人员办理"):
        record(w, candidates, ["90", "80"], selected=1, actor=w.account(who))


def test_panel_refused_to_another_offices_staff():
    w = world("changchun-skills-3")
    candidates = at_panel(w, 2)
    stranger = world("liaocheng-chief-2019").account("office_staff")
    with pytest.raises(ActionRefused, match="应由本评选活动"):
        record(w, candidates, ["90", "80"], selected=1, actor=stranger)


# --- approval and announcement --------------------------------------------------------------


def approve_all(w, actor, applications=()):
    return approval_decide(
        campaign=w.campaign,
        decisions=[ApprovalDecision(a, True, "同意") for a in applications],
        minutes=pdf("会议纪要.pdf"),
        actor=actor,
    )


def test_BJ24_05_approval_moves_each_approved_candidate_on():
    w = world("beijing-allowance-2024")
    waiting = [at_stage(w, "approval", serial=20 + i, plain=True) for i in range(2)]
    moved = approve_all(w, w.account("approver"), waiting)
    assert sorted(a.pk for a in moved) == sorted(a.pk for a in waiting)
    assert {a.stage for a in moved} == {"announcement"}


@pytest.mark.parametrize("who", ["office_staff", "expert", "recommender_staff"])
def test_approval_refused_to_anyone_but_the_approver(who):
    w = world("beijing-allowance-2024")
    application = at_stage(w, "approval")
    with pytest.raises(ActionRefused, match="应由本评选活动的领导小组（审批）办理"):
        approve_all(w, w.account(who), [application])


def test_approval_refused_to_another_offices_approver_and_with_nobody_waiting():
    w = world("beijing-allowance-2024")
    stranger = world("liaocheng-chief-2019").account("approver")
    with pytest.raises(ActionRefused, match="没有等待“市政府审定”的人选"):
        approve_all(w, w.account("approver"))
    application = at_stage(w, "approval")
    with pytest.raises(ActionRefused, match="应由本评选活动"):
        approve_all(w, stranger, [application])


def test_BJ24_09_announcement_awards_and_enters_the_registry():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "announcement")
    (awarded,) = result_announce(campaign=w.campaign, actor=w.account("office_staff"))
    assert awarded.stage == chain.AWARDED
    awardee = Awardee.objects.get(application=application)
    assert (awardee.id_number, awardee.year) == (application.id_number, 2024)
    assert awarded.audit_entries.last().action == "result_announce"


@pytest.mark.parametrize("who", ["approver", "expert", "recommender_staff"])
def test_announcement_refused_to_anyone_but_office_staff(who):
    w = world("beijing-allowance-2024")
    at_stage(w, "announcement")
    with pytest.raises(ActionRefused, match="应由本评选活动的评选办公室工作人员办理"):
        result_announce(campaign=w.campaign, actor=w.account(who))
    assert Awardee.objects.count() == 0


def test_steps_a_programme_lacks_are_refused():
    w = world("changchun-skills-3")
    with pytest.raises(ActionRefused, match="没有“评选办公室资格审查”环节"):
        from skillaward.review.services import _campaign_step

        _campaign_step(w.campaign, w.account("office_staff"), "office_review")
