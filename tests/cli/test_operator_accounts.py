"""`skillaward org|account|campaign|application|registry|audit`: the operator's commands that
build the tree, create campaigns and read what the platform holds, as the account ``--as``
names; refusals exit 2 with the service's Chinese sentence."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from django.contrib.auth import authenticate
from openpyxl import load_workbook

from skillaward.campaigns.models import Campaign
from skillaward.campaigns.selectors import application_record
from skillaward.cli import main
from skillaward.cli.site import REPO_EXAMPLES
from skillaward.core.chain import stage_name
from skillaward.organisations.models import Account, Organisation
from skillaward.registry.models import Awardee
from tests.builders import applicant
from tests.web.conftest import _fast_passwords, _media_in_tmp  # noqa: F401 (autouse)
from tests.web.factories import world
from tests.web.test_publicity import at_stage, submitted

pytestmark = pytest.mark.django_db


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# --- who acts ---------------------------------------------------------------------------------


def test_unknown_acting_account_is_a_usage_error(capsys):
    assert run(capsys, "campaign", "list", "--as", "nobody") == (
        2,
        "",
        "skillaward: 没有用户名为“nobody”的账号\n",
    )


# --- organisations and accounts ---------------------------------------------------------------


def test_office_create_sets_up_a_region_and_its_first_office_account(capsys):
    status, out, _ = run(
        capsys,
        "office", "create", "--name", "测试市评选办公室", "--region", "测试市",
        "--username", "t-office", "--password", "long-enough-1",
    )  # fmt: skip
    account = authenticate(username="t-office", password="long-enough-1")
    assert status == 0
    assert (account.role, account.organisation.kind, account.organisation.parent) == (
        "office_staff",
        "office",
        None,
    )
    assert out == (
        f"已设立评选办公室“测试市评选办公室”（编号{account.organisation_id}），"
        "工作人员账号“t-office”\n"
    )


def test_office_create_refuses_a_second_office_of_the_same_name(capsys):
    argv = ["office", "create", "--name", "测试市评选办公室", "--username"]
    assert run(capsys, *argv, "a1", "--password", "long-enough-1")[0] == 0
    assert run(capsys, *argv, "a2", "--password", "long-enough-1") == (
        2,
        "",
        "skillaward: 评选办公室“测试市评选办公室”已存在\n",
    )


def test_org_add_sets_up_a_recommending_unit_under_the_office(capsys):
    w = world("beijing-allowance-2024")
    office = w.account("office_staff")
    status, out, _ = run(
        capsys,
        "org", "add", "--parent", str(w.office.pk), "--name", "海淀区人力资源和社会保障局",
        "--type", "district", "--as", office.username,
    )  # fmt: skip
    created = Organisation.objects.get(name="海淀区人力资源和社会保障局")
    assert status == 0
    assert (created.kind, created.parent, created.recommender_type) == (
        "recommender",
        w.office,
        "district",
    )
    assert out == (
        f"已设立推荐（归口）单位“海淀区人力资源和社会保障局”（编号{created.pk}），"
        f"上级：{w.office.name}\n"
    )


def test_org_add_refused_to_a_work_unit(capsys):
    w = world("beijing-allowance-2024")
    status, _, err = run(
        capsys,
        "org", "add", "--parent", w.recommender.name, "--name", "新单位",
        "--as", w.account("unit_staff").username,
    )  # fmt: skip
    assert (status, err) == (2, f"skillaward: 无权在“{w.recommender.name}”下设立单位\n")
    assert not Organisation.objects.filter(name="新单位").exists()


def test_account_add_prints_the_generated_password_that_logs_in(capsys):
    w = world("beijing-allowance-2024")
    status, out, _ = run(
        capsys,
        "account", "add", "--org", str(w.unit.pk), "--role", "applicant", "--username", "zhang",
        "--full-name", "张三", "--as", w.account("unit_staff").username,
    )  # fmt: skip
    first, second = out.splitlines()
    created = Account.objects.get(username="zhang")
    password = second.removeprefix("初始密码：")
    assert status == 0
    assert first == f"已创建账号“zhang”：申报人，{w.unit.name}（编号{created.pk}）"
    assert authenticate(username="zhang", password=password) == created


def test_account_add_refused_for_a_role_the_actor_may_not_give(capsys):
    w = world("beijing-allowance-2024")
    status, _, err = run(
        capsys,
        "account", "add", "--org", str(w.office.pk), "--role", "office_staff", "--username", "x",
        "--password", "long-enough-1", "--as", w.account("recommender_staff").username,
    )  # fmt: skip
    assert (status, err) == (2, f"skillaward: 无权在“{w.office.name}”创建评选办公室工作人员账号\n")


# --- campaigns --------------------------------------------------------------------------------


def test_campaign_create_with_the_editions_dates(capsys):
    w = world("changchun-skills-3", campaign=False)
    status, out, _ = run(
        capsys,
        "campaign", "create", "--program", "changchun-skills-3",
        "--phase", "submission=2025-10-24..2025-10-26", "--reference-date", "2025-10-26",
        "--as", w.account("office_staff").username,
    )  # fmt: skip
    campaign = Campaign.objects.get()
    phase = campaign.submission_phase()
    assert status == 0
    assert (phase.start, phase.end, campaign.reference_date) == (
        date(2025, 10, 24),
        date(2025, 10, 26),
        date(2025, 10, 26),
    )
    assert out.splitlines()[0] == (
        f"已创建评选活动{campaign.pk}：第三届长春技能大奖和长春技术能手评选（基准日2025年10月26日）"
    )
    assert "2025年10月24日至2025年10月26日（CC3-15）" in out


def test_campaign_create_refused_to_an_expert(capsys):
    w = world("changchun-skills-3", campaign=False)
    status, _, err = run(
        capsys,
        "campaign", "create", "--program", "changchun-skills-3",
        "--as", w.account("expert").username,
    )  # fmt: skip
    assert (status, err) == (2, "skillaward: 当前账号的角色无权进行此操作\n")
    assert Campaign.objects.count() == 0


def test_campaign_create_rejects_a_malformed_phase(capsys):
    w = world("changchun-skills-3", campaign=False)
    status, _, err = run(
        capsys,
        "campaign", "create", "--program", "changchun-skills-3", "--phase", "submission=2025-10-24",
        "--as", w.account("office_staff").username,
    )  # fmt: skip
    assert (status, err) == (
        2,
        "skillaward: 阶段日期“submission=2025-10-24”的格式应为 ID=开始日..截止日（开始日可省略）\n",
    )


def test_campaign_list_and_show_count_applications_per_stage(capsys):
    w = world("beijing-allowance-2024")
    submitted(w)
    at_stage(
        w, "recommender_review", who="other_applicant", data=applicant(w.program_id, serial=30)
    )
    office = w.account("office_staff").username
    status, out, _ = run(capsys, "campaign", "list", "--as", office)
    assert status == 0
    assert out.startswith(f"{w.campaign.pk:>4}  {w.campaign.name}（beijing-allowance-2024；")
    assert out.endswith("已提交2件）\n")
    unit_review, recommender_review = (
        f"{stage}  {stage_name(w.campaign.workflow, stage)}：1\n"
        for stage in ("unit_review", "recommender_review")
    )
    status, out, _ = run(capsys, "campaign", "show", str(w.campaign.pk), "--as", office)
    assert status == 0
    assert out.split("各环节申报数：\n")[1] == f"  {unit_review}  {recommender_review}  合计：2\n"
    unit = w.account("unit_staff").username
    _, out, _ = run(capsys, "campaign", "show", str(w.campaign.pk), "--as", unit)
    assert out.split("各环节申报数：\n")[1] == f"  {unit_review}  合计：1\n"


def test_campaign_show_refused_for_another_offices_campaign(capsys):
    w = world("beijing-allowance-2024")
    other = world("changchun-skills-3")
    status, _, err = run(
        capsys, "campaign", "show", str(w.campaign.pk), "--as", other.account("expert").username
    )
    assert (status, err) == (2, f"skillaward: 没有编号为{w.campaign.pk}的评选活动，或无权查看\n")


# --- applications -----------------------------------------------------------------------------


def test_application_list_shows_the_visible_applications_with_their_stage(capsys):
    w = world("beijing-allowance-2024")
    own = submitted(w)
    submitted(w, who="other_applicant", data=applicant(w.program_id, serial=30))
    status, out, _ = run(
        capsys,
        "application", "list", "--campaign", str(w.campaign.pk),
        "--as", w.account("unit_staff").username,
    )  # fmt: skip
    assert status == 0
    assert out == (
        f"{own.pk:>6}  {own.name}  {own.award_name}  {w.recommender.name}  {own.stage_name}  符合\n"
    )


def test_application_export_writes_interchange_records(capsys, tmp_path):
    w = world("beijing-allowance-2024")
    first = submitted(w)
    second = submitted(w, who="other_applicant", data=applicant(w.program_id, serial=30))
    office = w.account("office_staff").username
    status, out, _ = run(capsys, "application", "export", str(first.pk), "--as", office)
    assert (status, [json.loads(line) for line in out.splitlines()]) == (
        0,
        [application_record(first)],
    )
    target = tmp_path / "all.jsonl"
    status, out, _ = run(
        capsys,
        "application", "export", "--campaign", str(w.campaign.pk), "-o", str(target),
        "--as", office,
    )  # fmt: skip
    lines = target.read_text(encoding="utf-8").splitlines()
    assert (status, out) == (0, "")
    assert [json.loads(line) for line in lines] == [
        application_record(first),
        application_record(second),
    ]


def test_application_export_refused_to_another_unit_and_to_experts(capsys):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    status, _, err = run(
        capsys,
        "application", "export", str(application.pk),
        "--as", w.account("other_unit_staff").username,
    )  # fmt: skip
    assert (status, err) == (2, "skillaward: 无权查看该申报\n")
    status, _, err = run(
        capsys,
        "application", "export", "--campaign", str(w.campaign.pk),
        "--as", w.account("expert").username,
    )  # fmt: skip
    assert (status, err) == (2, "skillaward: 评审专家不能导出含完整个人信息的申报人记录\n")


# --- registry and audit -----------------------------------------------------------------------


def test_registry_import_then_export_to_excel(capsys, tmp_path):
    w = world("beijing-allowance-2024")
    office = w.account("office_staff").username
    status, out, _ = run(
        capsys, "registry", "import", str(REPO_EXAMPLES / "registry.jsonl"), "--as", office
    )
    added = Awardee.objects.count()
    assert (status, out) == (0, f"已导入{added}名获评人员（已在库中的不重复导入）\n")
    target = tmp_path / "registry.xlsx"
    status, out, _ = run(capsys, "registry", "export", str(target), "--as", office)
    sheet = load_workbook(target).active
    assert (status, out) == (0, f"已导出{added}名获评人员到 {target}\n")
    assert sheet.max_row == added + 1
    assert sheet["B2"].value in set(Awardee.objects.values_list("id_number", flat=True))


@pytest.mark.parametrize("command", ["import", "export"])
def test_registry_refused_to_an_approver(capsys, tmp_path, command):
    w = world("beijing-allowance-2024")
    path = REPO_EXAMPLES / "registry.jsonl" if command == "import" else tmp_path / "r.xlsx"
    status, _, err = run(
        capsys, "registry", command, str(path), "--as", w.account("approver").username
    )
    assert (status, err) == (2, "skillaward: 只有评选办公室的工作人员可以管理获评人员库\n")
    assert Awardee.objects.count() == 0


def test_audit_prints_who_when_from_to_and_why(capsys):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    status, out, _ = run(
        capsys, "audit", str(application.pk), "--as", w.account("unit_staff").username
    )
    entry = application.audit_entries.moves().get()
    first, *_, last = out.splitlines()
    assert status == 0
    stage = application.stage_name
    assert first == f"申报{application.pk}（{application.name}）的审核记录，现处于“{stage}”："
    assert last.endswith(
        f"  {entry.actor_name}（申报人，{w.unit.name}）  提交申报  草稿（未提交） → {stage}"
    )


def test_audit_refused_to_another_unit(capsys):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    status, out, err = run(
        capsys, "audit", str(application.pk), "--as", w.account("other_unit_staff").username
    )
    assert (status, out, err) == (2, "", "skillaward: 无权查看该申报\n")


def test_file_commands_do_not_load_django():
    """`skillaward screen` and the other file commands stay free of the platform."""
    script = (
        "import sys\n"
        "from skillaward.cli import main\n"
        "main(['programs'])\n"
        "assert 'django' not in sys.modules, 'django loaded'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
