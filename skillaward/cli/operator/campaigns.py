"""``skillaward campaign`` and ``application``: this year's campaigns of a programme, and the
applications in them as lists and as applicant records."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from skillaward.cli.common import EXIT_OK, EXIT_REJECTED, Commands, UsageError, iso_date
from skillaward.cli.operator.common import VERDICT_NAMES, campaign_option, command, day, group
from skillaward.core import chain
from skillaward.core.record import RecordInvalid

if TYPE_CHECKING:
    from skillaward.campaigns.models import Application, Campaign
    from skillaward.organisations.models import Account


def register(commands: Commands) -> None:
    """Add ``campaign create|list|show`` and ``application list|export``."""
    campaign = group(commands, "campaign", "评选活动")
    create = command(campaign, "create", "按评选项目创建本届评选活动", campaign_create)
    create.add_argument("--program", required=True, help="项目 id")
    create.add_argument("--name", help="活动名称（默认为项目名称）")
    create.add_argument(
        "--phase",
        action="append",
        default=[],
        metavar="ID=START..END",
        help="本届某一阶段的日期，如 submission=2025-04-01..2025-04-26；开始日可省略",
    )
    create.add_argument("--reference-date", type=iso_date, help="基准日（默认为报送截止日）")
    command(campaign, "list", "列出可见的评选活动", campaign_list)
    show = command(campaign, "show", "评选活动的时间安排、推荐流程和各环节申报数", campaign_show)
    show.add_argument("campaign", type=int, metavar="N", help="评选活动编号")

    application = group(commands, "application", "申报")
    listing = command(application, "list", "列出一个评选活动中可见的申报", application_list)
    campaign_option(listing)
    listing.add_argument("--stage", help="只列出处于该环节的申报（环节 id）")
    export = command(
        application, "export", "导出申报人记录（JSON Lines，交换格式）", application_export
    )
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("application", nargs="?", type=int, metavar="N", help="申报编号")
    which.add_argument("--campaign", type=int, metavar="N", help="导出该活动中可见的全部申报")
    export.add_argument("-o", "--output", help="输出文件（默认标准输出）")


# --- campaigns --------------------------------------------------------------------------------


def phase_dates(text: str) -> dict[str, Any]:
    """``id=START..END`` (START may be left out) as the service's phase mapping."""
    phase_id, equals, dates = text.partition("=")
    start, dots, end = dates.partition("..")
    if not (equals and dots and phase_id.strip() and end.strip()):
        raise UsageError(f"阶段日期“{text}”的格式应为 ID=开始日..截止日（开始日可省略）")
    try:
        change: dict[str, Any] = {"id": phase_id.strip(), "end": date.fromisoformat(end.strip())}
        if start.strip():
            change["start"] = date.fromisoformat(start.strip())
    except ValueError:
        raise UsageError(f"阶段日期“{text}”中的日期无效，应为YYYY-MM-DD") from None
    return change


def campaign_create(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.campaigns import services as campaigns

    created = campaigns.campaign_create(
        program_id=args.program,
        name=args.name,
        phases=[phase_dates(text) for text in args.phase],
        reference_date=args.reference_date,
        actor=actor,
    )
    print(f"已创建评选活动{created.pk}：{created.name}（基准日{day(created.reference_date)}）")
    print("\n".join(timeline_lines(created)))
    return EXIT_OK


def timeline_lines(campaign: Campaign) -> list[str]:
    lines = []
    for phase in campaign.timeline():
        start = f"{day(phase.start)}至" if phase.start else "截至"
        clause = f"（{phase.clause}）" if phase.clause else ""
        lines.append(f"  {phase.id}  {phase.name}：{start}{day(phase.end)}{clause}")
    return lines


def campaign_list(args: argparse.Namespace, actor: Account) -> int:
    from django.db.models import Count, Q

    from skillaward.base.clock import beijing_today
    from skillaward.campaigns.selectors import visible_campaigns

    rows = (
        visible_campaigns(actor)
        .annotate(total=Count("applications", filter=~Q(applications__stage=chain.DRAFT)))
        .order_by("-reference_date", "id")
    )
    today = beijing_today()
    for campaign in rows:
        state = "受理中" if campaign.accepts_material_on(today) else "不在受理期"
        print(
            f"{campaign.pk:>4}  {campaign.name}（{campaign.program_id}；"
            f"基准日{day(campaign.reference_date)}；{state}；已提交{campaign.total}件）"
        )
    return EXIT_OK


def campaign_show(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.campaigns.selectors import stage_counts
    from skillaward.cli.operator.lookups import visible_campaign

    campaign = visible_campaign(args.campaign, actor)
    workflow = campaign.workflow
    print(f"评选活动{campaign.pk}：{campaign.name}")
    print(
        f"项目：{campaign.program_id}    评选办公室：{campaign.office}    "
        f"基准日：{day(campaign.reference_date)}"
    )
    print("时间安排：")
    print("\n".join(timeline_lines(campaign)))
    print("推荐流程：")
    for number, step in enumerate(workflow.steps, start=1):
        print(
            f"  {number}. {step.id}  {workflow.title(step)}"
            f"（{chain.ROLE_NAMES[step.role]}；{step.clause}）"
        )
    counts = stage_counts(actor, campaign)
    print("各环节申报数：")
    for stage, name, count in counts:
        print(f"  {stage}  {name}：{count}")
    print(f"  合计：{sum(n for _, _, n in counts)}")
    return EXIT_OK


# --- applications -----------------------------------------------------------------------------


def application_list(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.campaigns.selectors import visible_applications
    from skillaward.cli.operator.lookups import visible_campaign

    campaign = visible_campaign(args.campaign, actor)
    rows = (
        visible_applications(actor)
        .filter(campaign=campaign)
        .select_related("campaign", "recommender")
        .order_by("recommender_id", "rank", "id")
    )
    if args.stage:
        rows = rows.filter(stage=args.stage)
    for application in rows:
        rank = f"第{application.rank}位" if application.rank else ""
        print(
            f"{application.pk:>6}  {application.name or '（未填姓名）'}  {application.award_name}  "
            f"{application.recommender}{rank}  {application.stage_name}  "
            f"{VERDICT_NAMES.get(application.verdict, '')}"
        )
    return EXIT_OK


def application_export(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.campaigns.selectors import visible_applications
    from skillaward.cli.operator.lookups import application_of, visible_campaign
    from skillaward.organisations.permissions import can_view

    if args.application is not None:
        application = application_of(args.application)
        if application.stage == chain.DRAFT and can_view(actor, application):
            raise UsageError("申报尚未提交，不能导出")
        chosen = [application]
    else:
        campaign = visible_campaign(args.campaign, actor)
        chosen = list(
            visible_applications(actor)
            .filter(campaign=campaign)
            .exclude(stage=chain.DRAFT)
            .select_related("campaign", "recommender")
            .order_by("id")
        )
    for application in chosen:
        require_personal_data(actor, application)
    with ExitStack() as stack:
        out: IO[str] = sys.stdout
        if args.output:
            try:
                out = stack.enter_context(open(args.output, "w", encoding="utf-8"))
            except OSError as exc:
                raise UsageError(f"无法写入文件 {args.output}：{exc.strerror}") from None
        return write_records(chosen, out)


def require_personal_data(actor: Account, application: Application) -> None:
    """Applicant records carry full ID numbers and bank accounts: only for those who see them."""
    from skillaward.organisations.permissions import can_view, sees_personal_data

    if not can_view(actor, application):
        raise UsageError("无权查看该申报")
    if not sees_personal_data(actor, application):
        raise UsageError(f"{actor.get_role_display()}不能导出含完整个人信息的申报人记录")


def write_records(applications: Sequence[Application], out: IO[str]) -> int:
    """One applicant record per line; an application whose record is incomplete (returned for
    correction and being edited) is named on standard error and the status is 3."""
    from skillaward.campaigns.selectors import application_record

    status = EXIT_OK
    for application in applications:
        try:
            record = application_record(application)
        except RecordInvalid as exc:
            problems = "；".join(e.message for e in exc.errors[:3])
            print(
                f"skillaward: 申报{application.pk}的信息不完整，未导出：{problems}", file=sys.stderr
            )
            status = EXIT_REJECTED
            continue
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return status
