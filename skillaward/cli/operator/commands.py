"""The platform commands' handlers: find the acting account and the objects named on the
command line, call one service, print the outcome in Chinese.

A refusal (:class:`ActionRefused`) becomes a usage error: its Chinese sentence on standard
error, exit status 2. Nothing here decides who may do what; the services and the permission
predicates do.
"""

from __future__ import annotations

import argparse
import csv
import json
import secrets
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.db.models import Count, Q
from django.utils import timezone

from skillaward.base.clock import beijing_today
from skillaward.base.errors import ActionRefused
from skillaward.campaigns import services as campaigns
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import stage_counts, visible_applications, visible_campaigns
from skillaward.cli.common import EXIT_OK, EXIT_REJECTED, UsageError
from skillaward.cli.operator import Handler
from skillaward.core import chain
from skillaward.core.record import RecordInvalid
from skillaward.organisations import services as organisations
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import can_view, sees_personal_data
from skillaward.publicity import services as publicity
from skillaward.publicity.models import Objection, Publicity
from skillaward.registry import services as registry
from skillaward.registry.export import registry_workbook
from skillaward.registry.models import Awardee
from skillaward.review import services as review
from skillaward.review.models import PanelResult

VERDICT_NAMES = {"eligible": "符合", "ineligible": "不符合"}
YES = frozenset({"1", "yes", "y", "true", "是", "入选"})
NO = frozenset({"", "0", "no", "n", "false", "否", "不入选"})


def run(handler: Handler, args: argparse.Namespace) -> int:
    try:
        return handler(args)
    except ActionRefused as exc:
        raise UsageError(str(exc)) from None


# --- what the command line names --------------------------------------------------------------


def acting(args: argparse.Namespace) -> Account:
    """The account named by ``--as``."""
    account = Account.objects.select_related("organisation").filter(username=args.acting).first()
    if account is None:
        raise UsageError(f"没有用户名为“{args.acting}”的账号")
    if not account.is_active:
        raise UsageError(f"账号“{account.username}”已停用")
    return account


def organisation(reference: str) -> Organisation:
    """An organisation by its number or its (unique) name."""
    found = Organisation.objects.filter(
        Q(pk=int(reference)) if reference.isdigit() else Q(name=reference.strip())
    )
    matches = list(found[:2])
    if not matches:
        raise UsageError(f"没有编号或名称为“{reference}”的单位")
    if len(matches) > 1:
        raise UsageError(f"名为“{reference}”的单位不止一个，请用编号")
    return matches[0]


def campaign_of(pk: int) -> Campaign:
    campaign = Campaign.objects.filter(pk=pk).first()
    if campaign is None:
        raise UsageError(f"没有编号为{pk}的评选活动")
    return campaign


def visible_campaign(pk: int, actor: Account) -> Campaign:
    campaign = visible_campaigns(actor).select_related("office").filter(pk=pk).first()
    if campaign is None:
        raise UsageError(f"没有编号为{pk}的评选活动，或无权查看")
    return campaign


def application_of(pk: int) -> Application:
    application = (
        Application.objects.select_related("campaign", "recommender", "unit").filter(pk=pk).first()
    )
    if application is None:
        raise UsageError(f"没有编号为{pk}的申报")
    return application


def applications_of(pks: Sequence[int]) -> list[Application]:
    """The applications in the order given; every number must exist."""
    found = Application.objects.select_related("campaign", "recommender").in_bulk(pks)
    missing = [str(pk) for pk in pks if pk not in found]
    if missing:
        raise UsageError(f"没有编号为{'、'.join(missing)}的申报")
    return [found[pk] for pk in pks]


@contextmanager
def upload(path: str | None) -> Iterator[File | None]:
    """The file at ``path`` as an upload named by its base name (None if no path)."""
    if path is None:
        yield None
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise UsageError(f"无法读取文件 {path}：{exc.strerror}") from None
    with stream:
        yield File(stream, name=Path(path).name)


def day(value: date) -> str:
    return f"{value:%Y年%m月%d日}"


def names(applications: Sequence[Application]) -> str:
    return "、".join(a.name for a in applications)


# --- organisations and accounts ---------------------------------------------------------------


def office_create(args: argparse.Namespace) -> int:
    password = args.password or secrets.token_urlsafe(9)
    created = organisations.office_create(
        name=args.name,
        region=args.region,
        username=args.username,
        password=password,
        full_name=args.full_name,
    )
    print(
        f"已设立评选办公室“{created.organisation}”（编号{created.organisation_id}），"
        f"工作人员账号“{created.username}”"
    )
    if not args.password:
        print(f"初始密码：{password}")
    return EXIT_OK


def org_add(args: argparse.Namespace) -> int:
    actor = acting(args)
    created = organisations.organisation_create(
        parent=organisation(args.parent),
        name=args.name,
        recommender_type=args.recommender_type,
        region=args.region,
        contact=args.contact,
        phone=args.phone,
        actor=actor,
    )
    print(
        f"已设立{created.get_kind_display()}“{created.name}”（编号{created.pk}），"
        f"上级：{created.parent}"
    )
    return EXIT_OK


def account_add(args: argparse.Namespace) -> int:
    actor = acting(args)
    password = args.password or secrets.token_urlsafe(9)
    created = organisations.account_create(
        organisation=organisation(args.org),
        role=args.role,
        username=args.username,
        password=password,
        full_name=args.full_name,
        phone=args.phone,
        actor=actor,
    )
    print(
        f"已创建账号“{created.username}”：{created.get_role_display()}，"
        f"{created.organisation}（编号{created.pk}）"
    )
    if not args.password:
        print(f"初始密码：{password}")
    return EXIT_OK


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


def campaign_create(args: argparse.Namespace) -> int:
    actor = acting(args)
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


def campaign_list(args: argparse.Namespace) -> int:
    actor = acting(args)
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


def campaign_show(args: argparse.Namespace) -> int:
    actor = acting(args)
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


def application_list(args: argparse.Namespace) -> int:
    actor = acting(args)
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


def application_export(args: argparse.Namespace) -> int:
    actor = acting(args)
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
    if not can_view(actor, application):
        raise UsageError("无权查看该申报")
    if not sees_personal_data(actor, application):
        raise UsageError(f"{actor.get_role_display()}不能导出含完整个人信息的申报人记录")


def write_records(applications: Sequence[Application], out: IO[str]) -> int:
    """One applicant record per line; an application whose record is incomplete (returned for
    correction and being edited) is named on standard error and the status is 3."""
    status = EXIT_OK
    for application in applications:
        try:
            record = campaigns.application_record(application)
        except RecordInvalid as exc:
            problems = "；".join(e.message for e in exc.errors[:3])
            print(
                f"skillaward: 申报{application.pk}的信息不完整，未导出：{problems}", file=sys.stderr
            )
            status = EXIT_REJECTED
            continue
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return status


# --- the chain --------------------------------------------------------------------------------


def moved(application: Application) -> None:
    print(f"申报{application.pk}（{application.name}）：现处于“{application.stage_name}”")


def review_approve(args: argparse.Namespace) -> int:
    actor = acting(args)
    with upload(args.document) as document:
        moved(
            review.review_approve(
                application=application_of(args.application),
                opinion=args.opinion,
                decision_record=document,
                actor=actor,
            )
        )
    return EXIT_OK


def review_return(args: argparse.Namespace) -> int:
    actor = acting(args)
    application = application_of(args.application)
    moved(review.review_return(application=application, reason=args.reason, actor=actor))
    return EXIT_OK


def review_reject(args: argparse.Namespace) -> int:
    actor = acting(args)
    application = application_of(args.application)
    moved(review.review_reject(application=application, reason=args.reason, actor=actor))
    return EXIT_OK


def finding_override(args: argparse.Namespace) -> int:
    actor = acting(args)
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


def recommend_submit(args: argparse.Namespace) -> int:
    actor = acting(args)
    ranked = applications_of(args.ranked)
    sent = review.recommendation_submit(
        campaign=campaign_of(args.campaign),
        recommender=ranked[0].recommender,  # the service refuses a list of several units
        ranked=ranked,
        actor=actor,
    )
    print(f"已报送{len(sent)}名推荐人选：")
    for application in sent:
        print(f"  第{application.rank}位  申报{application.pk}（{application.name}）")
    return EXIT_OK


def panel_lines(path: str, method: str) -> list[review.PanelLineInput]:
    """The panel's CSV: application number, rank, score (or votes), selected; a header allowed."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            rows = [(n, row) for n, row in enumerate(csv.reader(stream), start=1) if any(row)]
    except OSError as exc:
        raise UsageError(f"无法读取文件 {path}：{exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"评审结果文件 {path} 不是 UTF-8 编码") from None
    if rows and not rows[0][1][0].strip().isdigit():
        rows = rows[1:]
    parsed = [_panel_row(line, row, method) for line, row in rows]
    applications = applications_of([pk for _, pk, *_ in parsed])
    return [
        review.PanelLineInput(
            application=application,
            rank=rank,
            selected=selected,
            score=value if method == PanelResult.Method.SCORE else None,
            votes=int(value) if method == PanelResult.Method.VOTE else None,
        )
        for application, (_, _, rank, value, selected) in zip(applications, parsed, strict=True)
    ]


def _panel_row(line: int, row: list[str], method: str) -> tuple[int, int, int, Decimal, bool]:
    cells = [cell.strip() for cell in row] + [""] * (4 - len(row))
    if len(row) > 4 or not (cells[0].isdigit() and cells[1].isdigit()):
        raise UsageError(f"评审结果第{line}行应为：申报编号,名次,得分或得票,是否建议入选")
    try:
        value = Decimal(cells[2])
    except InvalidOperation:
        raise UsageError(f"评审结果第{line}行的得分或得票“{cells[2]}”不是数字") from None
    if method == PanelResult.Method.VOTE and value != value.to_integral_value():
        raise UsageError(f"评审结果第{line}行的得票“{cells[2]}”应为整数")
    selected = cells[3].lower()
    if selected not in YES | NO:
        raise UsageError(f"评审结果第{line}行“是否建议入选”应为“是”或“否”")
    return line, int(cells[0]), int(cells[1]), value, selected in YES


def panel_record(args: argparse.Namespace) -> int:
    actor = acting(args)
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


def approval_approve(args: argparse.Namespace) -> int:
    actor = acting(args)
    done = review.approval_approve(campaign=campaign_of(args.campaign), actor=actor)
    print(f"审批通过{len(done)}名人选：{names(done)}")
    return EXIT_OK


def result_announce(args: argparse.Namespace) -> int:
    actor = acting(args)
    done = review.result_announce(campaign=campaign_of(args.campaign), actor=actor)
    print(f"已公布结果，{len(done)}名人选获评并登记入获评人员库：{names(done)}")
    return EXIT_OK


# --- publicity --------------------------------------------------------------------------------


def publicity_open(args: argparse.Namespace) -> int:
    actor = acting(args)
    opened = publicity.publicity_open(
        campaign=campaign_of(args.campaign), step_id=args.step, start=args.start, actor=actor
    )
    listed = list(opened.applications.order_by("id"))
    print(
        f"已开始公示{opened.pk}：{opened.title}，{day(opened.start_date)}至{day(opened.end_date)}"
        f"（{opened.working_days}个工作日）"
    )
    print(f"公示{len(listed)}名人选：{names(listed)}")
    return EXIT_OK


def publicity_close(args: argparse.Namespace) -> int:
    actor = acting(args)
    held = Publicity.objects.filter(pk=args.publicity).first()
    if held is None:
        raise UsageError(f"没有编号为{args.publicity}的公示")
    closed = publicity.publicity_close(publicity=held, actor=actor)
    print(f"公示{closed.pk}已办结：{closed.title}")
    for application in closed.applications.select_related("campaign").order_by("id"):
        moved(application)
    return EXIT_OK


def objection_resolve(args: argparse.Namespace) -> int:
    actor = acting(args)
    objection = Objection.objects.filter(pk=args.objection).first()
    if objection is None:
        raise UsageError(f"没有编号为{args.objection}的异议")
    resolved = publicity.objection_resolve(
        objection=objection,
        upheld=args.upheld == "yes",
        resolution=args.resolution,
        actor=actor,
    )
    print(
        f"异议{resolved.pk}（{resolved.application.name}）已处理："
        f"{'异议成立' if resolved.upheld else '异议不成立'}"
    )
    return EXIT_OK


# --- the registry and the audit trail ---------------------------------------------------------


def registry_import(args: argparse.Namespace) -> int:
    actor = acting(args)
    if not Path(args.file).is_file():
        raise UsageError(f"无法读取文件 {args.file}")
    added = registry.registry_import(path=args.file, actor=actor)
    print(f"已导入{added}名获评人员（已在库中的不重复导入）")
    return EXIT_OK


def registry_export(args: argparse.Namespace) -> int:
    office = registry._require_office_staff(acting(args))
    awardees = (
        Awardee.objects.filter(office=office)
        .select_related("campaign")
        .order_by("-year", "name", "pk")
    )
    try:
        Path(args.file).write_bytes(registry_workbook(awardees))
    except OSError as exc:
        raise UsageError(f"无法写入文件 {args.file}：{exc.strerror}") from None
    print(f"已导出{awardees.count()}名获评人员到 {args.file}")
    return EXIT_OK


def audit(args: argparse.Namespace) -> int:
    actor = acting(args)
    application = application_of(args.application)
    if not can_view(actor, application):
        raise UsageError("无权查看该申报")
    workflow = application.campaign.workflow
    print(
        f"申报{application.pk}（{application.name}）的审核记录，现处于“{application.stage_name}”："
    )
    for entry in application.audit_entries.order_by("at", "id"):
        who = "，".join(
            filter(None, [chain.ROLE_NAMES.get(entry.role, entry.role), entry.organisation])  # type: ignore[call-overload]
        )
        stages = ""
        if entry.to_stage:
            before = chain.stage_name(workflow, entry.from_stage)
            stages = f"  {before} → {chain.stage_name(workflow, entry.to_stage)}"
        why = f"  {entry.reason}" if entry.reason else ""
        clause = f"（{entry.clause}）" if entry.clause else ""
        print(
            f"{timezone.localtime(entry.at):%Y-%m-%d %H:%M}  {entry.actor_name}"
            f"{'（' + who + '）' if who else ''}  "
            f"{entry.action_name}{stages}{why}{clause}"
        )
    return EXIT_OK
