"""`skillaward review|override|recommend|panel|approve|announce|publicity|objection`: the
recommendation chain from the command line, each command one service call as the account
``--as`` names; the wrong role is refused with exit status 2 and the service's sentence."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skillaward.audit.models import AuditEntry
from skillaward.base.clock import beijing_today
from skillaward.campaigns.models import Application
from skillaward.campaigns.services import campaign_create
from skillaward.cli import main
from skillaward.core import chain
from skillaward.core.program import find_program
from skillaward.publicity.models import Publicity
from skillaward.publicity.services import objection_submit, publicity_open
from skillaward.registry.models import Awardee
from skillaward.review.models import Override, PanelResult
from tests.builders import applicant
from tests.web import chain_helpers
from tests.web.conftest import _fast_passwords, _media_in_tmp  # noqa: F401 (autouse)
from tests.web.factories import world
from tests.web.test_publicity import MONDAY, at_stage, submitted

pytestmark = pytest.mark.django_db
BJ24 = "beijing-allowance-2024"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def stage_of(application: Application) -> str:
    return Application.objects.get(pk=application.pk).stage


def title(w, step_id: str) -> str:
    workflow = w.campaign.workflow
    return workflow.title(workflow.step(step_id))


# --- reviews ----------------------------------------------------------------------------------


def test_review_approve_passes_the_unit_review_with_its_opinion(capsys):
    w = world(BJ24)
    application = submitted(w)
    status, out, _ = run(
        capsys,
        "review", "approve", str(application.pk), "--opinion", "该同志技术过硬，同意推荐",
        "--as", w.account("unit_staff").username,
    )  # fmt: skip
    after = Application.objects.get(pk=application.pk)
    assert (status, after.stage) == (0, "recommender_review")
    assert out == f"申报{after.pk}（{after.name}）：现处于“{after.stage_name}”\n"
    entry = AuditEntry.objects.of(application).last()
    assert (entry.action, entry.reason) == ("approve", "该同志技术过硬，同意推荐")


def test_review_approve_refused_to_the_recommending_unit_at_the_unit_review(capsys):
    w = world(BJ24)
    application = submitted(w)
    status, _, err = run(
        capsys,
        "review", "approve", str(application.pk), "--opinion", "同意",
        "--as", w.account("recommender_staff").username,
    )  # fmt: skip
    assert (status, err) == (
        2,
        f"skillaward: “{application.stage_name}”环节应由基层单位经办人办理\n",
    )
    assert stage_of(application) == "unit_review"


def test_CC3_08_review_approve_uploads_the_collective_decision(capsys, tmp_path):
    w = world("changchun-skills-3")
    application = submitted(w)
    unit = w.account("unit_staff").username
    argv = ["review", "approve", str(application.pk), "--opinion", "集体研究同意", "--as", unit]
    status, _, err = run(capsys, *argv)
    assert (status, err) == (2, "skillaward: 请上传单位集体研究决定的记录（CC3-08）\n")
    decision = tmp_path / "decision.pdf"
    decision.write_bytes(b"%PDF-1.4\n%signed\n")
    status, _, _ = run(capsys, *argv, "--document", str(decision))
    entry = AuditEntry.objects.of(application).last()
    assert (status, stage_of(application)) == (0, "publicity_unit")
    assert entry.document.read() == b"%PDF-1.4\n%signed\n"


def test_review_return_with_its_reason(capsys):
    w = world(BJ24)
    application = submitted(w)
    status, out, _ = run(
        capsys,
        "review", "return", str(application.pk), "--reason", "工作经历不连续，请补充",
        "--as", w.account("unit_staff").username,
    )  # fmt: skip
    assert (status, stage_of(application)) == (0, chain.RETURNED)
    assert out == f"申报{application.pk}（{application.name}）：现处于“退回修改”\n"


def test_review_reject_refused_without_a_reason(capsys):
    w = world(BJ24)
    application = submitted(w)
    unit = w.account("unit_staff").username
    argv = ["review", "reject", str(application.pk), "--as", unit, "--reason"]
    assert run(capsys, *argv, " ")[::2] == (2, "skillaward: 请填写不予通过的理由\n")
    assert run(capsys, *argv, "不符合推荐条件")[0] == 0
    assert stage_of(application) == chain.REJECTED


# --- the office's override --------------------------------------------------------------------


def too_old(w) -> Application:
    """A Liaocheng candidate of 56 at office review: LC19-06 (一般不超过55周岁) fails."""
    data = applicant("liaocheng-chief-2019", born="1963-01-01")
    return at_stage(w, "office_review", data=data)


def test_LC19_06_override_counts_the_clause_as_passed(capsys):
    w = world("liaocheng-chief-2019")
    application = too_old(w)
    status, out, _ = run(
        capsys,
        "override", str(application.pk), "--clause", "LC19-06", "--reason", "经集体研究破格推荐",
        "--as", w.account("office_staff").username,
    )  # fmt: skip
    assert status == 0
    assert out == (
        f"申报{application.pk}（{application.name}）：条款LC19-06认定为例外，初筛结论现为“符合”\n"
    )
    assert Application.objects.get(pk=application.pk).verdict == "eligible"


def test_override_refused_to_an_expert(capsys):
    w = world("liaocheng-chief-2019")
    application = too_old(w)
    status, _, err = run(
        capsys,
        "override", str(application.pk), "--clause", "LC19-06", "--reason", "破格",
        "--as", w.account("expert").username,
    )  # fmt: skip
    assert (status, err) == (2, "skillaward: 只有本评选办公室的工作人员可以认定资格例外\n")
    assert Override.objects.count() == 0


# --- the ranked list --------------------------------------------------------------------------


def test_recommend_submit_sends_the_ranked_list_before_the_deadline(capsys):
    w = world(BJ24, campaign=False)
    last_day = beijing_today()  # the deadline is today: still open
    w.campaign = campaign_create(
        program_id=BJ24,
        actor=w.account("office_staff"),
        phases=[{"id": "submission", "end": last_day}],
        reference_date=find_program(BJ24).as_of,
    )
    application = at_stage(w, "recommender_submit")
    status, out, _ = run(
        capsys,
        "recommend", "submit", "--campaign", str(w.campaign.pk), str(application.pk),
        "--as", w.account("recommender_staff").username,
    )  # fmt: skip
    assert (status, stage_of(application)) == (0, "recommender_submit")
    assert out.startswith(
        f"将报送1名推荐人选（加 --yes 确认报送）：\n  第1位  申报{application.pk}"
    )
    status, out, _ = run(
        capsys,
        "recommend", "submit", "--campaign", str(w.campaign.pk), str(application.pk), "--yes",
        "--as", w.account("recommender_staff").username,
    )  # fmt: skip
    after = Application.objects.get(pk=application.pk)
    assert (status, after.rank, after.stage) == (0, 1, "office_review")
    assert out == f"已报送1名推荐人选：\n  第1位  申报{after.pk}（{after.name}）\n"


def test_recommend_submit_refused_after_the_deadline_and_to_a_work_unit(capsys):
    w = world(BJ24, campaign=False)
    w.campaign = campaign_create(
        program_id=BJ24,
        actor=w.account("office_staff"),
        phases=[{"id": "submission", "end": beijing_today() - timedelta(days=1)}],
        reference_date=find_program(BJ24).as_of,
    )
    application = at_stage(w, "recommender_submit")
    argv = ["recommend", "submit", "--campaign", str(w.campaign.pk), str(application.pk), "--yes"]
    argv.append("--as")
    status, _, err = run(capsys, *argv, w.account("recommender_staff").username)
    phase = w.campaign.submission_phase()
    assert (status, err) == (
        2,
        f"skillaward: {phase.name}已于{phase.end:%Y年%m月%d日}截止，逾期不予受理（BJ24-11）\n",
    )
    status, _, err = run(capsys, *argv, w.account("unit_staff").username)
    assert (status, err) == (
        2,
        f"skillaward: 只有“{w.recommender.name}”的经办人可以报送本单位的推荐名单\n",
    )
    assert stage_of(application) == "recommender_submit"


# --- panel, approval, announcement ------------------------------------------------------------


def panel_argv(w, tmp_path, lines: str, who: str) -> list[str]:
    sheet = tmp_path / "sheet.pdf"
    sheet.write_bytes(b"%PDF-1.4\n%signed by the panel\n")
    csv = tmp_path / "lines.csv"
    csv.write_text(lines, encoding="utf-8")
    award = find_program(BJ24).awards[0].id
    return [
        "panel", "record", "--campaign", str(w.campaign.pk), "--award", award,
        "--method", "score", "--members", "7", "--sheet", str(sheet), "--lines", str(csv),
        "--as", w.account(who).username,
    ]  # fmt: skip


def test_panel_record_moves_the_selected_on(capsys, tmp_path):
    w = world(BJ24)
    application = at_stage(w, "panel")
    lines = f"申报编号,名次,得分,建议入选\n{application.pk},1,92.5,是\n"
    status, out, _ = run(capsys, *panel_argv(w, tmp_path, lines, "office_staff"))
    result = PanelResult.objects.get()
    assert (status, stage_of(application)) == (0, "approval")
    assert [(line.rank, line.score, line.selected) for line in result.lines.all()] == [
        (1, 92.5, True)
    ]
    assert out == (
        f"已录入{application.award_name}的专家评审结果（评分，1名人选）；"
        f"建议入选1名：{application.name}\n"
    )


def test_panel_record_refused_to_an_expert_and_for_a_malformed_line(capsys, tmp_path):
    w = world(BJ24)
    application = at_stage(w, "panel")
    status, _, err = run(
        capsys, *panel_argv(w, tmp_path, f"{application.pk},1,92.5,是\n", "expert")
    )
    assert (status, err) == (
        2,
        f"skillaward: “{title(w, 'panel')}”应由本评选活动的评选办公室工作人员办理\n",
    )
    status, _, err = run(capsys, *panel_argv(w, tmp_path, "x\n1,1,90,也许\n", "office_staff"))
    assert (status, err) == (2, "skillaward: 评审结果第2行“是否建议入选”应为“是”或“否”\n")
    assert (PanelResult.objects.count(), stage_of(application)) == (0, "panel")


def test_BJ24_05_approve_decides_each_candidate_with_the_minutes(capsys, tmp_path):
    w = world(BJ24)
    approved = chain_helpers.at_stage(w, "approval", serial=20, plain=True)
    declined = chain_helpers.at_stage(w, "approval", serial=21, plain=True)
    minutes = tmp_path / "纪要.pdf"
    minutes.write_bytes(b"%PDF-1.4\n%minutes\n")
    argv = ["approve", "--campaign", str(w.campaign.pk), "--minutes", str(minutes)]
    argv += ["--approve", str(approved.pk), "--decline", str(declined.pk), "--opinion", "审定"]
    status, _, err = run(capsys, *argv, "--as", w.account("office_staff").username)
    assert (status, err) == (
        2,
        f"skillaward: “{title(w, 'approval')}”应由本评选活动的领导小组（审批）办理\n",
    )
    status, out, _ = run(capsys, *argv, "--as", w.account("approver").username)
    assert status == 0
    assert (stage_of(approved), stage_of(declined)) == ("announcement", "rejected")
    assert f"申报{declined.pk}（{declined.name}）：现处于“未通过”" in out
    entry = AuditEntry.objects.of(declined).last()
    assert (entry.action, entry.reason) == ("approval_decline", "审定")
    assert entry.document.read() == b"%PDF-1.4\n%minutes\n"


def test_announce_awards_and_registers(capsys):
    w = world(BJ24)
    application = at_stage(w, "announcement")
    argv = ["announce", "--campaign", str(w.campaign.pk), "--as"]
    status, _, err = run(capsys, *argv, w.account("approver").username)
    assert (status, err) == (
        2,
        f"skillaward: “{title(w, 'announcement')}”应由本评选活动的评选办公室工作人员办理\n",
    )
    status, out, _ = run(capsys, *argv, w.account("office_staff").username)
    assert (status, out) == (0, f"已公布结果，1名人选获评并登记入获评人员库：{application.name}\n")
    assert stage_of(application) == chain.AWARDED
    assert list(Awardee.objects.values_list("application", flat=True)) == [application.pk]


# --- publicity and objections -----------------------------------------------------------------


def test_publicity_open_then_close_after_the_last_day(capsys):
    w = world(BJ24)
    application = at_stage(w, "publicity_recommender")
    holder = w.account("recommender_staff").username
    opening = ["publicity", "open", "--campaign", str(w.campaign.pk)]
    opening += ["--step", "publicity_recommender", "--as", holder]
    status, _, err = run(capsys, *opening, "--start", MONDAY.isoformat())
    assert status == 2 and "公示开始日期不能早于今天" in err
    status, out, _ = run(capsys, *opening)
    held = Publicity.objects.get()
    assert status == 0
    assert out == (
        f"已开始公示{held.pk}：{held.title}，{held.start_date:%Y年%m月%d日}至"
        f"{held.end_date:%Y年%m月%d日}（5个工作日）\n公示1名人选：{application.name}\n"
    )
    status, _, err = run(capsys, "publicity", "close", str(held.pk), "--as", holder)
    assert status == 2 and "期满后（次日起）方可办结" in err
    # Its five working days are over: the dates moved back, as if opened weeks ago.
    Publicity.objects.update(start_date=MONDAY, end_date=MONDAY + timedelta(days=4))
    status, out, _ = run(capsys, "publicity", "close", str(held.pk), "--as", holder)
    after = Application.objects.get(pk=application.pk)
    assert (status, after.stage) == (0, "recommender_submit")
    assert out == (
        f"公示{held.pk}已办结：{held.title}\n申报{after.pk}（{after.name}）：现处于“{after.stage_name}”\n"
    )


def test_publicity_open_refused_to_a_work_unit(capsys):
    w = world(BJ24)
    at_stage(w, "publicity_recommender")
    status, _, err = run(
        capsys,
        "publicity", "open", "--campaign", str(w.campaign.pk), "--step", "publicity_recommender",
        "--as", w.account("unit_staff").username,
    )  # fmt: skip
    assert (status, err) == (
        2,
        f"skillaward: “{title(w, 'publicity_recommender')}”应由推荐（归口）单位经办人组织\n",
    )
    assert Publicity.objects.count() == 0


def test_objection_resolve_records_the_finding(capsys):
    w = world(BJ24)
    application = at_stage(w, "publicity_recommender")
    holder = w.account("recommender_staff")
    held = publicity_open(
        campaign=w.campaign,
        step_id="publicity_recommender",
        actor=holder,
        start=MONDAY,
        today=MONDAY,
    )
    objection = objection_submit(
        publicity=held,
        application=application,
        text="工作年限有误",
        name="张三",
        contact="13800000000",
        today=MONDAY,
    )
    argv = ["objection", "resolve", str(objection.pk), "--upheld", "no", "--resolution"]
    office = w.account("office_staff").username
    status, _, err = run(capsys, *argv, "经核查不属实", "--as", office)
    assert (status, err) == (
        2,
        f"skillaward: “{title(w, 'publicity_recommender')}”应由推荐（归口）单位经办人组织\n",
    )
    status, out, _ = run(capsys, *argv, "经核查不属实", "--as", holder.username)
    objection.refresh_from_db()
    assert (status, out) == (0, f"异议{objection.pk}（{application.name}）已处理：异议不成立\n")
    assert (objection.upheld, objection.resolution, objection.handled_by) == (
        False,
        "经核查不属实",
        holder,
    )
