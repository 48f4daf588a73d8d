"""`skillaward experts import` and `skillaward panel create|draw|open|close|show` (issue 10):
the pool and a panel on the platform from the command line, each one service call."""

from __future__ import annotations

import json

import pytest

from skillaward.cli import main
from skillaward.panels.models import Expert, Panel
from tests.web.conftest import _fast_passwords, _media_in_tmp  # noqa: F401 (autouse)
from tests.web.factories import world
from tests.web.panel_helpers import candidates, give, members, pool, xlsx

pytestmark = pytest.mark.django_db
LC = "liaocheng-chief-2019"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_experts_import_prints_each_login_and_initial_password(capsys, tmp_path):
    w = world(LC, campaign=False)
    path = tmp_path / "专家名单.xlsx"
    path.write_bytes(xlsx(["王建国", "车工", "高级技师", "某厂", "聊城市", "13900000001"]).read())
    status, out, _ = run(
        capsys, "experts", "import", str(path), "--office", str(w.office.pk),
        "--as", w.account("office_staff").username,
    )  # fmt: skip
    expert = Expert.objects.get()
    assert status == 0 and f"用户名 {expert.account.username}" in out and "初始密码 " in out


def test_experts_import_errors_are_a_usage_error(capsys, tmp_path):
    w = world(LC, campaign=False)
    path = tmp_path / "专家名单.xlsx"
    path.write_bytes(xlsx(["王建国", "车工", "", "", "", "123"]).read())
    status, _, err = run(
        capsys, "experts", "import", str(path), "--office", str(w.office.pk),
        "--as", w.account("office_staff").username,
    )  # fmt: skip
    assert status == 2 and "第3行F列“手机号”" in err and not Expert.objects.exists()


def test_lc19_13_panel_create_draw_open_close_show_finish(capsys, tmp_path):
    w = world(LC)
    assert w.campaign is not None
    (application,) = candidates(w, 1)
    pool(w, 6)
    office = w.account("office_staff").username
    status, out, _ = run(
        capsys, "panel", "create", "--campaign", str(w.campaign.pk), "--award", "chief-technician",
        "--as", office,
    )  # fmt: skip
    panel = Panel.objects.get()
    assert status == 0 and "不少于5人" in out
    status, out, _ = run(
        capsys, "panel", "draw", str(panel.pk), "--size", "5", "--reserves", "1", "--seed", "abc",
        "--as", office,
    )  # fmt: skip
    assert status == 0 and "随机种子 abc" in out and panel.draws.get().seed == "abc"
    assert run(capsys, "panel", "open", str(panel.pk), "--as", office)[0] == 0
    for member in members(panel):
        give(member, application, vote="yes")
    status, out, _ = run(capsys, "panel", "close", str(panel.pk), "--as", office)
    assert status == 0 and json.loads(out)["results"][0]["selected"] is True
    status, out, _ = run(capsys, "panel", "show", str(panel.pk), "--as", office)
    assert status == 0 and "已提交1" in out
    status, _, err = run(capsys, "panel", "runoff", str(panel.pk), "--as", office)
    assert status == 2 and "没有并列于名额线上的人选" in err
    summary = tmp_path / "汇总表.pdf"
    summary.write_bytes(b"%PDF-1.4\n%signed\n")
    status, out, _ = run(
        capsys, "panel", "finish", str(panel.pk), "--summary", str(summary), "--as", office
    )
    application.refresh_from_db()
    assert (status, out, application.stage) == (0, "评审办结：建议入选1名，未入选0名\n", "approval")


def test_panel_draw_by_the_wrong_role_refused(capsys):
    w = world(LC)
    candidates(w, 1)
    pool(w, 6)
    office = w.account("office_staff").username
    assert w.campaign is not None
    run(capsys, "panel", "create", "--campaign", str(w.campaign.pk), "--award", "chief-technician",
        "--as", office)  # fmt: skip
    panel = Panel.objects.get()
    status, _, err = run(
        capsys, "panel", "draw", str(panel.pk), "--size", "5",
        "--as", w.account("recommender_staff").username,
    )  # fmt: skip
    assert status == 2 and "应由评选办公室工作人员组织" in err
