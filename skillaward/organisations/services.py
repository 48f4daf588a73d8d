"""Organisation and account actions: the office builds its tree and gives every role an account.

Who may create what follows the tree (issue 3 §1): office staff anything in their region,
recommending-unit staff work units and work-unit staff accounts in their subtree, work-unit
staff applicant accounts for their own unit. Each function refuses with a Chinese sentence in
:class:`ActionRefused`.
"""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from skillaward.core.chain import ROLE_NAMES
from skillaward.core.rules import RECOMMENDER_TYPE_NAMES
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import (
    creatable_roles,
    manages_organisation,
    recommender_types_for,
)
from skillaward.review.workflow import ActionRefused

Kind = Organisation.Kind

# The level of organisation an account of each role belongs to.
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "applicant": (Kind.UNIT, Kind.RECOMMENDER),
    "unit_staff": (Kind.UNIT,),
    "recommender_staff": (Kind.RECOMMENDER,),
    "office_staff": (Kind.OFFICE,),
    "expert": (Kind.OFFICE,),
    "approver": (Kind.OFFICE,),
}

CHILD_KIND = {Kind.OFFICE: Kind.RECOMMENDER, Kind.RECOMMENDER: Kind.UNIT}


@transaction.atomic
def organisation_create(
    *,
    parent: Organisation,
    name: str,
    actor: Account,
    recommender_type: str = "",
    region: str = "",
    contact: str = "",
    phone: str = "",
) -> Organisation:
    """A recommending unit under the office, or a work unit under a recommending unit."""
    kind = CHILD_KIND.get(Kind(parent.kind))
    if kind is None:
        raise ActionRefused("基层单位下不能再设下级单位")
    if not may_create_organisation(parent=parent, actor=actor):
        raise ActionRefused(f"无权在“{parent}”下设立单位")
    name = name.strip()
    if not name:
        raise ActionRefused("请填写单位名称")
    if kind == Kind.RECOMMENDER:
        types = recommender_types_for(parent)
        if recommender_type not in types:
            names = "、".join(RECOMMENDER_TYPE_NAMES[t] for t in types)
            raise ActionRefused(f"请选择推荐单位类型（{names}）")
    elif recommender_type:
        raise ActionRefused("基层单位不设推荐单位类型")
    if parent.children.filter(name=name).exists():
        raise ActionRefused(f"“{parent}”下已有名为“{name}”的单位")
    return Organisation.objects.create(
        name=name,
        kind=kind,
        parent=parent,
        recommender_type=recommender_type,
        region=region.strip() or parent.region,
        contact=contact.strip(),
        phone=phone.strip(),
    )


@transaction.atomic
def office_create(
    *, name: str, region: str, username: str, password: str, full_name: str = ""
) -> Account:
    """A new region: its selection office and the office's first staff account.

    The root of a tree has no one above it to act, so this is the operator's own action,
    run from the command line on the server; every later account is made by someone.
    """
    name, region = name.strip(), region.strip()
    if not name:
        raise ActionRefused("请填写评选办公室名称")
    if Organisation.objects.filter(parent=None, name=name).exists():
        raise ActionRefused(f"评选办公室“{name}”已存在")
    username = username.strip()
    _require_new_username(username)
    office = Organisation.objects.create(name=name, kind=Kind.OFFICE, region=region)
    account = Account(
        username=username, role="office_staff", organisation=office, full_name=full_name.strip()
    )
    _set_password(account, password)
    account.save()
    return account


# The characters Django's ASCII username validator allows.
USERNAME = re.compile(r"[A-Za-z0-9.@+_-]{1,150}")


def _require_new_username(username: str) -> None:
    if not username:
        raise ActionRefused("请填写用户名")
    if not USERNAME.fullmatch(username):
        # Letters that look Latin but are not (Cyrillic а, Greek ο …) would make a second
        # "admin" that no one can tell from the first.
        raise ActionRefused(
            f"用户名“{username}”只能由英文字母、数字和 . @ + - _ 组成"
            "（不能用中文、全角或其他文字的字母）"
        )
    if Account.objects.filter(username__iexact=username).exists():
        raise ActionRefused(f"用户名“{username}”已被使用")


@transaction.atomic
def account_create(
    *,
    organisation: Organisation,
    role: str,
    username: str,
    password: str,
    actor: Account,
    full_name: str = "",
    phone: str = "",
) -> Account:
    """An account of ``role`` in ``organisation``, if the actor may give that role there."""
    if role not in ROLE_NAMES:
        raise ActionRefused("请选择账号角色")
    if role not in creatable_roles(actor) or not manages_organisation(actor, organisation):
        raise ActionRefused(f"无权在“{organisation}”创建{ROLE_NAMES[role]}账号")  # type: ignore[index]
    if organisation.kind not in ROLE_KINDS[role]:
        raise ActionRefused(
            f"{ROLE_NAMES[role]}账号不能设在{organisation.get_kind_display()}“{organisation}”"  # type: ignore[index]
        )
    username = username.strip()
    _require_new_username(username)
    account = Account(
        username=username,
        role=role,
        organisation=organisation,
        full_name=full_name.strip(),
        phone=phone.strip(),
    )
    _set_password(account, password)
    account.save()
    return account


@transaction.atomic
def account_password_reset(*, account: Account, password: str, actor: Account) -> Account:
    """The office sets a new password for an account of its region."""
    if actor.role != "office_staff" or account.organisation is None:
        raise ActionRefused("只有评选办公室工作人员可以重置密码")
    if not manages_organisation(actor, account.organisation):
        raise ActionRefused("无权重置其他地区账号的密码")
    _set_password(account, password)
    account.save(update_fields=["password"])
    return account


def _set_password(account: Account, password: str) -> None:
    try:
        validate_password(password, account)
    except ValidationError as exc:
        raise ActionRefused("密码不符合要求：" + "；".join(exc.messages)) from None
    account.set_password(password)


def account_roles_for(*, organisation: Organisation, actor: Account) -> tuple[str, ...]:
    """The roles the actor may give to a new account in ``organisation``."""
    if not manages_organisation(actor, organisation):
        return ()
    return tuple(r for r in creatable_roles(actor) if organisation.kind in ROLE_KINDS[r])


def may_create_organisation(*, parent: Organisation, actor: Account) -> bool:
    kind = CHILD_KIND.get(Kind(parent.kind))
    if kind is None or not manages_organisation(actor, parent):
        return False
    return actor.role == "office_staff" or (actor.role == "recommender_staff" and kind == Kind.UNIT)
