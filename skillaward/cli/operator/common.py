"""What the platform commands share without Django, so that declaring them never loads it: how
a command is declared and run, and how dates, names and an application's stage are printed.

A command acts as the account named by ``--as USERNAME``: its handler gets the parsed arguments
and that account. It runs with Django set up on the platform's database, and a refusal of the
service it calls (:class:`ActionRefused`) becomes a usage error: its Chinese sentence on standard
error, exit status 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, TypeAlias

from skillaward.base.errors import ActionRefused
from skillaward.cli.common import Commands, Handler, UsageError, setup_django

if TYPE_CHECKING:
    from skillaward.campaigns.models import Application
    from skillaward.organisations.models import Account

VERDICT_NAMES = {"eligible": "符合", "ineligible": "不符合"}

ActingHandler: TypeAlias = Callable[[argparse.Namespace, "Account"], int]


def platform(handler: Handler) -> Handler:
    """``handler`` run with Django set up, a refusal turned into a usage error."""

    def run(args: argparse.Namespace) -> int:
        setup_django()
        try:
            return handler(args)
        except ActionRefused as exc:
            raise UsageError(str(exc)) from None

    return run


def acting_as(handler: ActingHandler) -> Handler:
    """``handler`` given the account named by ``--as``."""

    def run(args: argparse.Namespace) -> int:
        from skillaward.cli.operator.lookups import acting

        return handler(args, acting(args))

    return run


def group(commands: Commands, name: str, help_text: str) -> Commands:
    """A command ``name`` whose operations are sub-commands (``skillaward org add`` …)."""
    parser = commands.add_parser(name, help=help_text)
    return parser.add_subparsers(dest=f"{name}_action", required=True, metavar="操作")


def command(
    commands: Commands, name: str, help_text: str, handler: ActingHandler
) -> argparse.ArgumentParser:
    """A command run by ``handler`` as the account named by ``--as``; the caller adds the rest."""
    parser = commands.add_parser(name, help=help_text)
    parser.add_argument(
        "--as", dest="acting", required=True, metavar="USERNAME", help="以该账号的身份办理"
    )
    parser.set_defaults(func=platform(acting_as(handler)))
    return parser


def campaign_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--campaign", type=int, required=True, metavar="N")


def application_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("application", type=int, metavar="N", help="申报编号")


def day(value: date) -> str:
    return f"{value:%Y年%m月%d日}"


def names(applications: Sequence[Application]) -> str:
    return "、".join(a.name for a in applications)


def moved(application: Application) -> None:
    print(f"申报{application.pk}（{application.name}）：现处于“{application.stage_name}”")
