"""``skillaward office``, ``org`` and ``account``: a region's office, its organisations and
their accounts."""

from __future__ import annotations

import argparse
import secrets
from typing import TYPE_CHECKING

from skillaward.cli.common import EXIT_OK, Commands
from skillaward.cli.operator.common import command, group, platform
from skillaward.core.chain import ROLE_NAMES

if TYPE_CHECKING:
    from skillaward.organisations.models import Account


def register(commands: Commands) -> None:
    """Add ``office create``, ``org add`` and ``account add``."""
    office = group(commands, "office", "评选办公室（一个地区的根）")
    create = office.add_parser("create", help="设立评选办公室及其第一个工作人员账号")
    create.add_argument("--name", required=True, help="评选办公室名称")
    create.add_argument("--region", default="", help="所在地区")
    _login_options(create, "办公室工作人员的用户名")
    create.set_defaults(func=platform(office_create))

    org = group(commands, "org", "组织（评选办公室、推荐单位、基层单位）")
    add = command(org, "add", "在上级单位下设立推荐（归口）单位或基层单位", org_add)
    add.add_argument("--parent", required=True, help="上级单位的编号或名称")
    add.add_argument("--name", required=True, help="单位名称")
    add.add_argument("--type", dest="recommender_type", default="", help="推荐单位类型")
    add.add_argument("--region", default="", help="所在地区（默认同上级）")
    add.add_argument("--contact", default="", help="联系人")
    add.add_argument("--phone", default="", help="联系电话")

    account = group(commands, "account", "账号")
    add = command(account, "add", "在单位中创建一个账号", account_add)
    add.add_argument("--org", required=True, help="所在单位的编号或名称")
    add.add_argument("--role", required=True, choices=list(ROLE_NAMES), help="角色")
    _login_options(add, "用户名")
    add.add_argument("--phone", default="", help="手机号码")


def _login_options(parser: argparse.ArgumentParser, username_help: str) -> None:
    parser.add_argument("--username", required=True, help=username_help)
    parser.add_argument("--password", help="初始密码（不填则随机生成并打印）")
    parser.add_argument("--full-name", default="", help="姓名")


def _password(args: argparse.Namespace) -> str:
    """The ``--password`` given, or a random one (printed by :func:`_tell_password`)."""
    return args.password or secrets.token_urlsafe(9)


def _tell_password(args: argparse.Namespace, password: str) -> None:
    if not args.password:
        print(f"初始密码：{password}")


def office_create(args: argparse.Namespace) -> int:
    from skillaward.organisations import services as organisations

    password = _password(args)
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
    _tell_password(args, password)
    return EXIT_OK


def org_add(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.cli.operator.lookups import organisation
    from skillaward.organisations import services as organisations

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


def account_add(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.cli.operator.lookups import organisation
    from skillaward.organisations import services as organisations

    password = _password(args)
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
    _tell_password(args, password)
    return EXIT_OK
