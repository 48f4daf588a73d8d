"""``skillaward review``, ``override``, ``recommend``, ``panel``, ``approve`` and ``announce``:
the recommendation chain, from the units' reviews to the announced result."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from skillaward.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Commands, UsageError
from skillaward.cli.operator import panels
from skillaward.cli.operator.common import (
    VERDICT_NAMES,
    application_argument,
    campaign_option,
    command,
    group,
    moved,
    names,
)

if TYPE_CHECKING:
    from skillaward.organisations.models import Account
    from skillaward.review.services import PanelLineInput

YES = frozenset({"1", "yes", "y", "true", "是", "入选"})
NO = frozenset({"", "0", "no", "n", "false", "否", "不入选"})


def register(commands: Commands) -> None:
    """Add ``review approve|return|reject``, ``override``, ``recommend submit``,
    ``panel record``, ``panel tally`` (a file command: no platform), ``approve`` (each
    candidate, with the minutes) and ``announce``."""
    review = group(commands, "review", "审核（基层单位、推荐单位、评选办公室）")
    approve = command(review, "approve", "审核通过，转入下一环节", review_approve)
    application_argument(approve)
    approve.add_argument("--opinion", default="", help="审核意见")
    approve.add_argument("--document", help="单位集体研究决定的记录（CC3-08）")
    approve.add_argument(
        "--failing-seen",
        action="store_true",
        help="已知悉初筛不符合的情况，仍同意通过（初筛不符合时必须）",
    )
    for name, help_text in (("return", "退回申报人修改"), ("reject", "不予通过")):
        end = command(review, name, help_text, review_end)
        application_argument(end)
        end.add_argument("--reason", required=True, help="理由")

    override = command(commands, "override", "认定资格例外（评选办公室）", finding_override)
    application_argument(override)
    override.add_argument("--clause", required=True, help="初筛结论为“不符合”的条款编号")
    override.add_argument("--reason", required=True, help="认定例外的理由")

    recommend = group(commands, "recommend", "推荐（归口）单位报送推荐名单")
    submit = command(recommend, "submit", "按排序报送本单位的推荐人选", recommend_submit)
    campaign_option(submit)
    submit.add_argument("ranked", nargs="+", type=int, metavar="ID", help="申报编号，按推荐排序")
    submit.add_argument(
        "--yes", action="store_true", help="确认按所列名单报送（不加则只列出名单和核对结果）"
    )

    panel = group(commands, "panel", "专家评审")
    record = command(panel, "record", "录入线下专家评审结果", panel_record)
    campaign_option(record)
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
    panels.register_panel(panel)  # the panels on the platform (issue 10)

    approval = command(commands, "approve", "领导小组审批：逐人同意或不同意", approval_decide)
    campaign_option(approval)
    approval.add_argument("--minutes", required=True, help="领导小组会议纪要（扫描件）")
    approval.add_argument(
        "--approve", nargs="*", type=int, default=[], metavar="ID", help="同意的申报编号"
    )
    approval.add_argument(
        "--decline", nargs="*", type=int, default=[], metavar="ID", help="不同意的申报编号"
    )
    approval.add_argument("--opinion", required=True, help="审批意见（每名人选同一意见）")
    announce = "公布结果：待公布人选获评并登记入获评人员库"
    campaign_option(command(commands, "announce", announce, result_announce))


# --- reviews ----------------------------------------------------------------------------------


def review_approve(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.cli.operator.lookups import application_of, upload
    from skillaward.review import services as review

    with upload(args.document) as document:
        moved(
            review.review_approve(
                application=application_of(args.application),
                opinion=args.opinion,
                decision_record=document,
                failing_seen=args.failing_seen,
                actor=actor,
            )
        )
    return EXIT_OK


def review_end(args: argparse.Namespace, actor: Account) -> int:
    """``review return`` (back to the applicant to correct) or ``review reject``, with a reason."""
    from skillaward.cli.operator.lookups import application_of
    from skillaward.review import services as review

    end = review.review_return if args.review_action == "return" else review.review_reject
    moved(end(application=application_of(args.application), reason=args.reason, actor=actor))
    return EXIT_OK


def finding_override(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.cli.operator.lookups import application_of
    from skillaward.review import services as review

    application = application_of(args.application)
    override = review.finding_override(
        application=application, clause=args.clause, reason=args.reason, actor=actor
    )
    application.refresh_from_db()
    print(
        f"申报{application.pk}（{application.name}）：条款{override.clause}认定为例外，"
        f"初筛结论现为“{VERDICT_NAMES[application.verdict]}”"
    )
    return EXIT_OK


def recommend_submit(args: argparse.Namespace, actor: Account) -> int:
    """The list ranks on after what the unit sent before; without ``--yes`` it is only shown,
    with its quota and the engine's findings, as the unit confirms it on the web."""
    from skillaward.cli.operator.lookups import applications_of, campaign_of
    from skillaward.review import selectors
    from skillaward.review import services as review

    campaign = campaign_of(args.campaign)
    applications = applications_of(args.ranked)
    recommender = applications[0].recommender  # the service refuses a list of several units
    after = selectors.ranks_sent(campaign=campaign, recommender=recommender)
    ranked = list(enumerate(applications, start=after + 1))
    if not args.yes:
        print(f"将报送{len(ranked)}名推荐人选（加 --yes 确认报送）：")
        for rank, application in ranked:
            print(f"  第{rank}位  申报{application.pk}（{application.name}）")
        for quota in selectors.recommender_quotas(campaign, recommender):
            print(f"本单位名额：{quota}")
        outcome = selectors.recommendation_findings(
            campaign=campaign, recommender=recommender, candidates=applications
        )
        for finding in outcome.findings:
            print(f"  {finding.subject}：{finding.message}（{finding.clause}）")
        return EXIT_OK
    sent = review.recommendation_submit(
        campaign=campaign, recommender=recommender, ranked=ranked, confirmed=True, actor=actor
    )
    print(f"已报送{len(sent)}名推荐人选：")
    for application in sent:
        print(f"  第{application.rank}位  申报{application.pk}（{application.name}）")
    return EXIT_OK


# --- the panel --------------------------------------------------------------------------------


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
        return EXIT_USAGE
    except UnicodeDecodeError:
        print(f"skillaward: {args.file}：不是UTF-8编码的文本", file=sys.stderr)
        return EXIT_USAGE
    except SheetError as exc:
        print(f"skillaward: {args.file}：{exc}", file=sys.stderr)
        return EXIT_USAGE
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    return EXIT_REJECTED if report.rejected else EXIT_OK


def panel_record(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.cli.operator.lookups import campaign_of, upload
    from skillaward.review import services as review

    lines = panel_lines(args.lines, args.method)
    with upload(args.sheet) as sheet:
        result = review.panel_record(
            campaign=campaign_of(args.campaign),
            award_id=args.award,
            method=args.method,
            members=args.members,
            lines=lines,
            sheet=sheet,
            actor=actor,
        )
    chosen = [line.application for line in lines if line.selected]
    print(
        f"已录入{result.campaign.program.award(result.award_id).name}的专家评审结果"
        f"（{result.get_method_display()}，{len(lines)}名人选）；建议入选{len(chosen)}名"
        + (f"：{names(chosen)}" if chosen else "")
    )
    return EXIT_OK


def panel_lines(path: str, method: str) -> list[PanelLineInput]:
    """The panel's CSV: application number, rank, score (or votes), selected; a header allowed."""
    from skillaward.cli.operator.lookups import applications_of
    from skillaward.review.models import PanelResult
    from skillaward.review.services import PanelLineInput

    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            rows = [(n, row) for n, row in enumerate(csv.reader(stream), start=1) if any(row)]
    except OSError as exc:
        raise UsageError(f"无法读取文件 {path}：{exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"评审结果文件 {path} 不是 UTF-8 编码") from None
    if rows and not rows[0][1][0].strip().isdigit():
        rows = rows[1:]
    votes = method == PanelResult.Method.VOTE
    parsed = [_panel_row(line, row, votes) for line, row in rows]
    applications = applications_of([pk for _, pk, *_ in parsed])
    return [
        PanelLineInput(
            application=application,
            rank=rank,
            selected=selected,
            score=None if votes else value,
            votes=int(value) if votes else None,
        )
        for application, (_, _, rank, value, selected) in zip(applications, parsed, strict=True)
    ]


def _panel_row(line: int, row: list[str], votes: bool) -> tuple[int, int, int, Decimal, bool]:
    cells = [cell.strip() for cell in row] + [""] * (4 - len(row))
    if len(row) > 4 or not (cells[0].isdigit() and cells[1].isdigit()):
        raise UsageError(f"评审结果第{line}行应为：申报编号,名次,得分或得票,是否建议入选")
    try:
        value = Decimal(cells[2])
    except InvalidOperation:
        raise UsageError(f"评审结果第{line}行的得分或得票“{cells[2]}”不是数字") from None
    if votes and value != value.to_integral_value():
        raise UsageError(f"评审结果第{line}行的得票“{cells[2]}”应为整数")
    selected = cells[3].lower()
    if selected not in YES | NO:
        raise UsageError(f"评审结果第{line}行“是否建议入选”应为“是”或“否”")
    return line, int(cells[0]), int(cells[1]), value, selected in YES


# --- approval and announcement ----------------------------------------------------------------


def approval_decide(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.cli.operator.lookups import applications_of, campaign_of, upload
    from skillaward.review import services as review

    decided = [(pk, True) for pk in args.approve] + [(pk, False) for pk in args.decline]
    if not decided:
        raise UsageError("请用 --approve 或 --decline 列出审批的申报编号")
    applications = applications_of([pk for pk, _ in decided])
    decisions = [
        review.ApprovalDecision(application, approved, args.opinion)
        for application, (_, approved) in zip(applications, decided, strict=True)
    ]
    with upload(args.minutes) as minutes:
        done = review.approval_decide(
            campaign=campaign_of(args.campaign), decisions=decisions, minutes=minutes, actor=actor
        )
    for application in done:
        moved(application)
    return EXIT_OK


def result_announce(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.cli.operator.lookups import campaign_of
    from skillaward.review import services as review

    done = review.result_announce(campaign=campaign_of(args.campaign), actor=actor)
    print(f"已公布结果，{len(done)}名人选获评并登记入获评人员库：{names(done)}")
    return EXIT_OK
