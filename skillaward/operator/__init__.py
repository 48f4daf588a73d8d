"""The operator's platform commands of ``skillaward``: organisations, accounts, campaigns, the
recommendation chain, publicity, the registry and the audit trail, without a browser.

Each command names its acting account with ``--as USERNAME`` and calls one service, which
checks that account's role and organisation exactly as it does for the web pages. This module
only declares the commands (and runs ``panel tally``, a file command); Django is set up, and
:mod:`skillaward.operator.commands` imported, when one of them runs, so that ``skillaward
screen``, ``panel tally`` and the other file commands never load it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

Handler = Callable[[argparse.Namespace], int]
ROLES = ("applicant", "unit_staff", "recommender_staff", "office_staff", "expert", "approver")


def platform(name: str) -> Handler:
    """The handler ``commands.<name>``, run with Django set up on the platform's database."""

    def run(args: argparse.Namespace) -> int:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillaward.web.settings")
        import django

        django.setup()
        from skillaward.operator import commands

        return commands.run(getattr(commands, name), args)

    return run


def panel_tally(args: argparse.Namespace) -> int:
    """``panel tally``: a file command (no platform): 0 tallied, 3 some input rejected, 2 a
    sheet that cannot be read or tallied."""
    from skillaward.core.tally import SheetError, tally_text

    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as handle:
                text = handle.read()
        report = tally_text(text)
    except OSError as exc:
        print(f"skillaward: {args.file}：无法读取（{exc.strerror}）", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"skillaward: {args.file}：不是UTF-8编码的文本", file=sys.stderr)
        return 2
    except SheetError as exc:
        print(f"skillaward: {args.file}：{exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    return 3 if report.rejected else 0


def _as(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as", dest="acting", required=True, metavar="USERNAME", help="以该账号的身份办理"
    )


def _group(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    help_text: str,
) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    parser = commands.add_parser(name, help=help_text)
    return parser.add_subparsers(dest=f"{name}_action", required=True, metavar="操作")


def _command(
    group: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    help_text: str,
    handler: str,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = group.add_parser(name, help=help_text)
    _as(parser)
    parser.set_defaults(func=platform(handler))
    return parser


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the platform commands to the ``skillaward`` parser."""
    from skillaward.cli import _iso_date

    office = _group(commands, "office", "评选办公室（一个地区的根）")
    create_office = office.add_parser("create", help="设立评选办公室及其第一个工作人员账号")
    create_office.add_argument("--name", required=True, help="评选办公室名称")
    create_office.add_argument("--region", default="", help="所在地区")
    create_office.add_argument("--username", required=True, help="办公室工作人员的用户名")
    create_office.add_argument("--password", help="初始密码（不填则随机生成并打印）")
    create_office.add_argument("--full-name", default="", help="姓名")
    create_office.set_defaults(func=platform("office_create"))

    org = _group(commands, "org", "组织（评选办公室、推荐单位、基层单位）")
    add = _command(org, "add", "在上级单位下设立推荐（归口）单位或基层单位", "org_add")
    add.add_argument("--parent", required=True, help="上级单位的编号或名称")
    add.add_argument("--name", required=True, help="单位名称")
    add.add_argument("--type", dest="recommender_type", default="", help="推荐单位类型")
    add.add_argument("--region", default="", help="所在地区（默认同上级）")
    add.add_argument("--contact", default="", help="联系人")
    add.add_argument("--phone", default="", help="联系电话")

    account = _group(commands, "account", "账号")
    add = _command(account, "add", "在单位中创建一个账号", "account_add")
    add.add_argument("--org", required=True, help="所在单位的编号或名称")
    add.add_argument("--role", required=True, choices=ROLES, help="角色")
    add.add_argument("--username", required=True, help="用户名")
    add.add_argument("--password", help="初始密码（不填则随机生成并打印）")
    add.add_argument("--full-name", default="", help="姓名")
    add.add_argument("--phone", default="", help="手机号码")

    campaign = _group(commands, "campaign", "评选活动")
    create = _command(campaign, "create", "按评选项目创建本届评选活动", "campaign_create")
    create.add_argument("--program", required=True, help="项目 id")
    create.add_argument("--name", help="活动名称（默认为项目名称）")
    create.add_argument(
        "--phase",
        action="append",
        default=[],
        metavar="ID=START..END",
        help="本届某一阶段的日期，如 submission=2025-04-01..2025-04-26；开始日可省略",
    )
    create.add_argument("--reference-date", type=_iso_date, help="基准日（默认为报送截止日）")
    _command(campaign, "list", "列出可见的评选活动", "campaign_list")
    show = _command(campaign, "show", "评选活动的时间安排、推荐流程和各环节申报数", "campaign_show")
    show.add_argument("campaign", type=int, metavar="N", help="评选活动编号")

    application = _group(commands, "application", "申报")
    listing = _command(application, "list", "列出一个评选活动中可见的申报", "application_list")
    listing.add_argument("--campaign", type=int, required=True, metavar="N")
    listing.add_argument("--stage", help="只列出处于该环节的申报（环节 id）")
    export = _command(
        application, "export", "导出申报人记录（JSON Lines，交换格式）", "application_export"
    )
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("application", nargs="?", type=int, metavar="N", help="申报编号")
    which.add_argument("--campaign", type=int, metavar="N", help="导出该活动中可见的全部申报")
    export.add_argument("-o", "--output", help="输出文件（默认标准输出）")

    review = _group(commands, "review", "审核（基层单位、推荐单位、评选办公室）")
    approve = _command(review, "approve", "审核通过，转入下一环节", "review_approve")
    approve.add_argument("application", type=int, metavar="N", help="申报编号")
    approve.add_argument("--opinion", default="", help="审核意见")
    approve.add_argument("--document", help="单位集体研究决定的记录（CC3-08）")
    for name, help_text, handler in (
        ("return", "退回申报人修改", "review_return"),
        ("reject", "不予通过", "review_reject"),
    ):
        end = _command(review, name, help_text, handler)
        end.add_argument("application", type=int, metavar="N", help="申报编号")
        end.add_argument("--reason", required=True, help="理由")

    override = commands.add_parser("override", help="认定资格例外（评选办公室）")
    _as(override)
    override.add_argument("application", type=int, metavar="N", help="申报编号")
    override.add_argument("--clause", required=True, help="初筛结论为“不符合”的条款编号")
    override.add_argument("--reason", required=True, help="认定例外的理由")
    override.set_defaults(func=platform("finding_override"))

    recommend = _group(commands, "recommend", "推荐（归口）单位报送推荐名单")
    submit = _command(recommend, "submit", "按排序报送本单位的推荐人选", "recommend_submit")
    submit.add_argument("--campaign", type=int, required=True, metavar="N")
    submit.add_argument("ranked", nargs="+", type=int, metavar="ID", help="申报编号，按推荐排序")

    panel = _group(commands, "panel", "专家评审")
    record = _command(panel, "record", "录入线下专家评审结果", "panel_record")
    record.add_argument("--campaign", type=int, required=True, metavar="N")
    record.add_argument("--award", required=True, help="奖项 id")
    record.add_argument("--method", required=True, choices=["score", "vote"], help="评分或投票")
    record.add_argument("--members", type=int, required=True, help="应到评委人数")
    record.add_argument("--sheet", required=True, help="评委签字的评审结果表（扫描件）")
    record.add_argument(
        "--lines",
        required=True,
        metavar="CSV",
        help="评审结果（CSV：申报编号,名次,得分或得票,是否建议入选）",
    )
    tally = panel.add_parser("tally", help="按评审表（JSON）计票计分，打印计票结果")
    tally.add_argument("file", metavar="FILE", help="评审表（interchange.md）；- 表示标准输入")
    tally.set_defaults(func=panel_tally)

    for name, help_text, handler in (
        ("approve", "领导小组审批通过全部待审批人选", "approval_approve"),
        ("announce", "公布结果：待公布人选获评并登记入获评人员库", "result_announce"),
    ):
        whole = commands.add_parser(name, help=help_text)
        _as(whole)
        whole.add_argument("--campaign", type=int, required=True, metavar="N")
        whole.set_defaults(func=platform(handler))

    publicity = _group(commands, "publicity", "公示")
    opening = _command(publicity, "open", "公示本单位等待该公示环节的申报", "publicity_open")
    opening.add_argument("--campaign", type=int, required=True, metavar="N")
    opening.add_argument("--step", required=True, help="公示环节，如 publicity_unit")
    opening.add_argument("--start", type=_iso_date, help="公示开始日（默认为下一个工作日）")
    closing = _command(publicity, "close", "公示期满后办结", "publicity_close")
    closing.add_argument("publicity", type=int, metavar="N", help="公示编号")

    objection = _group(commands, "objection", "公示异议")
    resolve = _command(objection, "resolve", "处理一条异议", "objection_resolve")
    resolve.add_argument("objection", type=int, metavar="N", help="异议编号")
    resolve.add_argument("--upheld", required=True, choices=["yes", "no"], help="异议是否成立")
    resolve.add_argument("--resolution", required=True, help="核查处理结果")

    registry = _group(commands, "registry", "获评人员库")
    load = _command(
        registry, "import", "导入往届获评人员（JSON Lines 或 JSON 数组）", "registry_import"
    )
    load.add_argument("file", metavar="FILE")
    dump = _command(registry, "export", "导出获评人员库（Excel）", "registry_export")
    dump.add_argument("file", metavar="FILE.xlsx")

    audit = commands.add_parser(
        "audit", help="一件申报的审核记录（谁、角色、时间、环节变化、理由）"
    )
    _as(audit)
    audit.add_argument("application", type=int, metavar="N", help="申报编号")
    audit.set_defaults(func=platform("audit"))
