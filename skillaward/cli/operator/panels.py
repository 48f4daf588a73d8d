"""``skillaward experts import`` and ``skillaward panel create|draw|open|close|runoff|finish|
show``: the office's pool of experts and a panel on the platform, without a browser.
(``panel record`` and ``panel tally``, the offline paper path, are in :mod:`.chain`.)"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from skillaward.cli.common import EXIT_OK, Commands, UsageError
from skillaward.cli.operator.common import campaign_option, command, group

if TYPE_CHECKING:
    from skillaward.organisations.models import Account
    from skillaward.panels.models import Panel, Round


def register(commands: Commands) -> None:
    """Add ``experts import``."""
    experts = group(commands, "experts", "评审专家库")
    load = command(experts, "import", "从专家名单（Excel）导入评审专家并创建账号", expert_import)
    load.add_argument("file", metavar="FILE", help="专家名单（.xlsx）")
    load.add_argument("--office", required=True, help="评选办公室（编号或名称）")


def register_panel(panel: Commands) -> None:
    """Add ``panel create|draw|open|close|runoff|finish|show`` to the ``panel`` group."""
    create = command(panel, "create", "组建评审组（在线评审）", panel_create)
    campaign_option(create)
    create.add_argument("--step", default="panel", help="环节 id（panel 或 recommender_review）")
    create.add_argument("--award", required=True, help="奖项 id")
    create.add_argument("--recommender", help="推荐（归口）单位（编号或名称）")
    create.add_argument("--group", default="", help="评审组（分组评审时）；不写为综合评议")
    draw = command(panel, "draw", "从专家库随机抽取评审专家（再次抽取即重新抽取）", panel_draw)
    _panel_argument(draw)
    draw.add_argument("--size", type=int, required=True, help="抽取人数")
    draw.add_argument("--reserves", type=int, default=0, help="备选人数")
    draw.add_argument("--seed", help="随机种子（不写则随机生成；同一种子和专家库可重现结果）")
    draw.add_argument("--occupation", action="append", default=[], help="职业或专业领域，可重复")
    _panel_argument(command(panel, "open", "开始评审（第一轮）", panel_open))
    close = command(panel, "close", "结束当前一轮评审并计票", panel_close)
    _panel_argument(close)
    _panel_argument(command(panel, "runoff", "对名额线上的并列人选再次评审", panel_runoff))
    finish = command(
        panel, "finish", "上传签字汇总表，评审办结，人选按结果转入下一环节", panel_finish
    )
    _panel_argument(finish)
    finish.add_argument("--summary", required=True, help="全体评审专家签字的评审结果汇总表")
    show = command(panel, "show", "查看评审组：成员、回避、各轮进度和计票结果", panel_show)
    _panel_argument(show)


def _panel_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("panel", type=int, metavar="N", help="评审组编号")


def _panel_of(pk: int) -> Panel:
    from skillaward.panels.models import Panel

    panel = Panel.objects.select_related("campaign", "recommender").filter(pk=pk).first()
    if panel is None:
        raise UsageError(f"没有编号为{pk}的评审组")
    return panel


def expert_import(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.cli.operator.lookups import organisation
    from skillaward.panels import services as panels

    try:
        with open(args.file, "rb") as stream:
            result = panels.expert_import(
                office=organisation(args.office), file=stream, actor=actor
            )
    except OSError as exc:
        raise UsageError(f"无法读取文件 {args.file}：{exc.strerror}") from None
    print(f"已导入{len(result.created)}名评审专家。初始密码只显示这一次，请转交专家本人：")
    for made in result.created:
        print(
            f"  {made.expert.name}\t用户名 {made.expert.account.username}\t初始密码 {made.password}"
        )
    return EXIT_OK


def panel_create(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.cli.operator.lookups import campaign_of, organisation
    from skillaward.panels import services as panels

    made = panels.panel_create(
        campaign=campaign_of(args.campaign),
        step_id=args.step,
        award_id=args.award,
        recommender=organisation(args.recommender) if args.recommender else None,
        group=args.group,
        actor=actor,
    )
    print(
        f"已组建评审组{made.pk}（{made.group or '评审委员会'}），"
        f"评审专家不少于{made.settings['members']}人"
    )
    return EXIT_OK


def panel_draw(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.panels import services as panels

    record = panels.panel_draw(
        panel=_panel_of(args.panel),
        size=args.size,
        reserves=args.reserves,
        seed=args.seed,
        occupations=args.occupation,
        actor=actor,
    )
    print(f"抽取完成（随机种子 {record.seed}，专家库{len(record.pool)}人）")
    _print_members(record.panel)
    return EXIT_OK


def panel_open(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.panels import services as panels

    opened = panels.round_open(panel=_panel_of(args.panel), actor=actor)
    print(f"第{opened.number}轮评审开始：{opened.candidates.count()}名人选，名额{opened.quota}名")
    return EXIT_OK


def panel_close(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.panels import services as panels

    report = panels.round_close(round=_current(_panel_of(args.panel)), actor=actor)
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _current(panel: Panel) -> Round:
    from skillaward.panels.selectors import current_round

    found = current_round(panel)
    if found is None:
        raise UsageError("该评审组尚未开始评审")
    return found


def panel_runoff(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.panels import services as panels

    runoff = panels.runoff_open(round=_current(_panel_of(args.panel)), actor=actor)
    print(
        f"第{runoff.number}轮评审开始：并列人选{runoff.candidates.count()}名，名额{runoff.quota}名"
    )
    return EXIT_OK


def panel_finish(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.cli.operator.lookups import upload
    from skillaward.panels import services as panels
    from skillaward.panels.selectors import outcome

    with upload(args.summary) as summary:
        panel = panels.panel_finish(panel=_panel_of(args.panel), summary=summary, actor=actor)
    selected, _ = outcome(panel)
    chosen = sum(selected.values())
    print(f"评审办结：建议入选{chosen}名，未入选{len(selected) - chosen}名")
    return EXIT_OK


def _print_members(panel: Panel) -> None:
    for member in panel.members.select_related("expert").order_by("order"):
        state = "在任" if member.active else (member.replaced_reason or "未递补")
        print(f"  {member.order:>2}. {member.expert.name}（{member.get_kind_display()}，{state}）")


def panel_show(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.organisations.permissions import can_view_panel
    from skillaward.panels.selectors import round_progress

    panel = _panel_of(args.panel)
    if not can_view_panel(actor, panel.campaign.office_id):
        raise UsageError("无权查看该评审组")
    print(
        f"评审组{panel.pk}：{panel.campaign} · {panel.group or '评审委员会'} · "
        f"{panel.get_status_display()}"
    )
    _print_members(panel)
    for recusal in panel.recusals.select_related("member__expert", "application"):
        how = "自动" if recusal.automatic else "声明"
        print(
            f"  回避：{recusal.member.expert.name} — {recusal.application.name}"
            f"（{how}，{recusal.get_reason_code_display()}：{recusal.reason}）"
        )
    for current in panel.rounds.order_by("number"):
        print(f"第{current.number}轮（{current.get_status_display()}，名额{current.quota}名）")
        for line in round_progress(current):
            print(
                f"  {line.member.expert.name}：已提交{line.done}，草稿{line.draft}，"
                f"未开始{line.not_started}，回避{line.recused}"
            )
        if current.tally:
            print(json.dumps(current.tally, ensure_ascii=False, indent=2))
    return EXIT_OK
