"""Review steps (unit, recommending unit, office): pass, return, reject, and their refusals.

One trio of services serves every review step a programme declares; each test names the
clause it proves (BJ24-21 opinion limit, CC3-08 collective decision, BJ6-12 investigation).
"""

from __future__ import annotations

import pytest

from skillaward.base.errors import ActionRefused
from skillaward.campaigns.services import application_submit, external_investigation_record
from skillaward.core import chain
from skillaward.review.services import review_approve, review_reject, review_return
from tests.web.chain_helpers import at_stage, pdf, staff, submitted
from tests.web.factories import reference_day, world

pytestmark = pytest.mark.django_db

# Every review step of every programme, as (programme, step id).
REVIEW_STEPS = [
    ("beijing-allowance-2024", "unit_review"),
    ("beijing-allowance-2024", "recommender_review"),
    ("beijing-allowance-2024", "office_review"),
    ("beijing-outstanding-6", "unit_review"),
    ("beijing-outstanding-6", "recommender_review"),
    ("beijing-outstanding-6", "office_review"),
    ("changchun-skills-3", "unit_review"),
    ("changchun-skills-3", "recommender_review"),
    ("liaocheng-chief-2019", "recommender_review"),
    ("liaocheng-chief-2019", "office_review"),
    ("xingan-expert-2024", "unit_review"),
    ("xingan-expert-2024", "recommender_review"),
    ("xingan-expert-2024", "office_review"),
]


@pytest.mark.parametrize(("program_id", "stage"), REVIEW_STEPS)
def test_review_pass_moves_to_next_step_with_opinion_audited(program_id, stage):
    w = world(program_id)
    application = at_stage(w, stage)
    actor = staff(w, application, application.campaign.workflow.role_at(stage))
    moved = review_approve(
        application=application, actor=actor, opinion="同意推荐", decision_record=pdf()
    )
    expected = application.campaign.workflow.next_stage(stage, "unit")
    assert moved.stage == expected
    entry = moved.audit_entries.last()
    assert (entry.action, entry.from_stage, entry.to_stage, entry.reason, entry.role) == (
        "approve",
        stage,
        expected,
        "同意推荐",
        actor.role,
    )


@pytest.mark.parametrize(("program_id", "stage"), REVIEW_STEPS)
def test_review_return_then_resubmission_starts_the_chain_again(program_id, stage):
    w = world(program_id)
    application = at_stage(w, stage)
    actor = staff(w, application, application.campaign.workflow.role_at(stage))
    returned = review_return(application=application, actor=actor, reason="照片不清晰，请重新上传")
    assert returned.stage == chain.RETURNED
    assert returned.audit_entries.last().reason == "照片不清晰，请重新上传"
    again = application_submit(
        application=returned, actor=w.account("applicant"), today=reference_day(w)
    )
    assert again.stage == application.campaign.workflow.first_stage("unit")


@pytest.mark.parametrize(("program_id", "stage"), REVIEW_STEPS)
def test_review_reject_closes_the_application_with_reason(program_id, stage):
    w = world(program_id)
    application = at_stage(w, stage)
    actor = staff(w, application, application.campaign.workflow.role_at(stage))
    rejected = review_reject(application=application, actor=actor, reason="业绩材料不实")
    assert rejected.stage == chain.REJECTED
    assert rejected.audit_entries.last().action == "reject"


@pytest.mark.parametrize("service", [review_return, review_reject])
def test_review_return_and_reject_need_a_reason(service):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    with pytest.raises(ActionRefused, match="理由"):
        service(application=application, actor=w.account("unit_staff"), reason="  ")
    application.refresh_from_db()
    assert application.stage == "unit_review"


def test_BJ24_21_unit_opinion_of_200_characters_passes():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    moved = review_approve(
        application=application, actor=w.account("unit_staff"), opinion="同" * 200
    )
    assert moved.stage == "recommender_review"


def test_BJ24_21_unit_opinion_of_201_characters_is_refused():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    with pytest.raises(ActionRefused) as refused:
        review_approve(application=application, actor=w.account("unit_staff"), opinion="同" * 201)
    assert str(refused.value) == "所在单位推荐意见限200字以内，现有201字（BJ24-21）"
    application.refresh_from_db()
    assert (application.stage, application.audit_entries.moves().count()) == ("unit_review", 1)


def test_BJ24_21_unit_opinion_is_required():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    with pytest.raises(ActionRefused, match="请填写所在单位推荐意见"):
        review_approve(application=application, actor=w.account("unit_staff"), opinion="")


def test_CC3_08_unit_pass_needs_the_collective_decision_record():
    w = world("changchun-skills-3")
    application = submitted(w)
    with pytest.raises(ActionRefused, match="集体研究决定的记录（CC3-08）"):
        review_approve(application=application, actor=w.account("unit_staff"), opinion="同意")
    moved = review_approve(
        application=application,
        actor=w.account("unit_staff"),
        opinion="同意",
        decision_record=pdf(),
    )
    entry = moved.audit_entries.last()
    assert (moved.stage, entry.clause, entry.document.read()) == (
        "publicity_unit",
        "CC3-08",
        b"%PDF-1.4\n%signed\n",
    )


def test_BJ6_12_self_nominee_passes_recommender_review_only_after_investigation():
    w = world("beijing-outstanding-6")
    application = submitted(w, channel="self", unit=None)
    assert application.stage == "recommender_review"
    actor = w.account("recommender_staff")
    with pytest.raises(ActionRefused, match=r"外调考察情况.*（BJ6-12）"):
        review_approve(application=application, actor=actor, opinion="同意")
    external_investigation_record(application=application, actor=actor, text="经外调，情况属实")
    moved = review_approve(application=application, actor=actor, opinion="同意")
    assert moved.stage == "publicity_recommender"


def test_BJ6_12_unit_nominee_needs_no_investigation():
    w = world("beijing-outstanding-6")
    application = at_stage(w, "recommender_review")
    moved = review_approve(application=application, actor=w.account("recommender_staff"))
    assert moved.stage == "publicity_recommender"


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ("applicant", "“所在单位推荐意见”环节应由基层单位经办人办理"),
        ("other_unit_staff", "无权处理该申报"),
        ("other_recommender_staff", "无权处理该申报"),
        ("recommender_staff", "“所在单位推荐意见”环节应由基层单位经办人办理"),
        ("office_staff", "“所在单位推荐意见”环节应由基层单位经办人办理"),
        ("expert", "“所在单位推荐意见”环节应由基层单位经办人办理"),
        ("approver", "“所在单位推荐意见”环节应由基层单位经办人办理"),
    ],
)
@pytest.mark.parametrize("service", [review_approve, review_return, review_reject])
def test_review_refuses_wrong_role_and_other_organisation(role, message, service):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    options = {"reason": "理由"} if service is not review_approve else {"opinion": "同意"}
    with pytest.raises(ActionRefused) as refused:
        service(application=application, actor=w.account(role), **options)
    assert str(refused.value) == message
    application.refresh_from_db()
    assert (application.stage, application.audit_entries.moves().count()) == ("unit_review", 1)


def test_review_refuses_another_offices_staff():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "office_review")
    stranger = world("liaocheng-chief-2019").account("office_staff")
    with pytest.raises(ActionRefused, match="无权处理该申报"):
        review_approve(application=application, actor=stranger)


@pytest.mark.parametrize("stage", ["panel", "publicity_recommender", chain.RETURNED])
def test_review_refuses_a_step_that_is_not_a_review(stage):
    w = world("beijing-allowance-2024")
    application = at_stage(w, "office_review") if stage != "publicity_recommender" else None
    if stage == chain.RETURNED:
        application = review_return(
            application=application, actor=w.account("office_staff"), reason="补材料"
        )
    elif stage == "panel":
        application = review_approve(application=application, actor=w.account("office_staff"))
    else:
        application = at_stage(w, stage)
    actor = staff(w, application, application.campaign.workflow.role_at(stage) or "office_staff")
    with pytest.raises(ActionRefused, match="环节"):
        review_approve(application=application, actor=actor)


def test_review_refuses_a_stale_page_after_someone_else_acted():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    seen = type(application).objects.get(pk=application.pk)
    review_approve(application=application, actor=w.account("unit_staff"), opinion="同意")
    with pytest.raises(ActionRefused) as refused:
        review_reject(application=seen, actor=w.account("unit_staff"), reason="迟到的操作")
    assert str(refused.value) == "“归口单位组织专家评审”环节应由推荐（归口）单位经办人办理"
