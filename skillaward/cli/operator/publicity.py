"""``skillaward publicity`` and ``objection``: the public notice of a step's candidates, and the
objections raised while it runs."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from skillaward.cli.common import EXIT_OK, Commands, UsageError, iso_date
from skillaward.cli.operator.common import campaign_option, command, day, group, moved, names

if TYPE_CHECKING:
    from skillaward.organisations.models import Account


def register(commands: Commands) -> None:
    """Add ``publicity open|close`` and ``objection resolve``."""
    publicity = group(commands, "publicity", "公示")
    opening = command(publicity, "open", "公示本单位等待该公示环节的申报", publicity_open)
    campaign_option(opening)
    opening.add_argument("--step", required=True, help="公示环节，如 publicity_unit")
    opening.add_argument("--start", type=iso_date, help="公示开始日（默认为下一个工作日）")
    closing = command(publicity, "close", "公示期满后办结", publicity_close)
    closing.add_argument("publicity", type=int, metavar="N", help="公示编号")

    objection = group(commands, "objection", "公示异议")
    resolve = command(objection, "resolve", "处理一条异议", objection_resolve)
    resolve.add_argument("objection", type=int, metavar="N", help="异议编号")
    resolve.add_argument("--upheld", required=True, choices=["yes", "no"], help="异议是否成立")
    resolve.add_argument("--resolution", required=True, help="核查处理结果")


def publicity_open(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.cli.operator.lookups import campaign_of
    from skillaward.publicity import services as publicity

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


def publicity_close(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.publicity import services as publicity
    from skillaward.publicity.models import Publicity

    held = Publicity.objects.filter(pk=args.publicity).first()
    if held is None:
        raise UsageError(f"没有编号为{args.publicity}的公示")
    closed = publicity.publicity_close(publicity=held, actor=actor)
    print(f"公示{closed.pk}已办结：{closed.title}")
    for application in closed.applications.select_related("campaign").order_by("id"):
        moved(application)
    return EXIT_OK


def objection_resolve(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.publicity import services as publicity
    from skillaward.publicity.models import Objection

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
