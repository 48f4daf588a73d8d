"""Organisation and account actions: the office builds its tree and gives every role an account.

Who may create what follows the tree (issue 3 §1): office staff anything in their region,
recommending-unit staff work units and work-unit staff accounts in their subtree, work-unit
staff applicant accounts for their own unit. Each function refuses with a Chinese sentence in
:class:`ActionRefused`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from skillaward.audit.services import audit_record, changed_fields
from skillaward.audit.vocabulary import Action
from skillaward.base.errors import ActionRefused
from skillaward.core.chain import ROLE_NAMES
from skillaward.core.rules import RECOMMENDER_TYPE_NAMES
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import (
    CHILD_KIND,
    ROLE_KINDS,
    creatable_roles,
    is_office_staff,
    manages_organisation,
    may_create_organisation,
    recommender_types_for,
)

Kind = Organisation.Kind


@dataclass(frozen=True)
class HashedPassword:
    """A password already hashed (``make_password``), stored as it is: accounts made together
    with one password share one hash instead of paying the hasher's cost for each."""

    encoded: str


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
    organisation = Organisation.objects.create(
        name=name,
        kind=kind,
        parent=parent,
        recommender_type=recommender_type,
        region=region.strip() or parent.region,
        contact=contact.strip(),
        phone=phone.strip(),
    )
    audit_record(
        organisation,
        actor=actor,
        action=Action.ORGANISATION_CREATE,
        after=_organisation_fields(organisation),
    )
    return organisation


def _organisation_fields(organisation: Organisation) -> dict[str, object]:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "parent": organisation.parent_id,
        "recommender_type": organisation.recommender_type,
        "region": organisation.region,
        "contact": organisation.contact,
        "phone": organisation.phone,
    }


def _account_fields(account: Account) -> dict[str, object]:
    return {
        "username": account.username,
        "role": account.role,
        "organisation": account.organisation_id,
        "full_name": account.full_name,
        "phone": account.phone,
        "is_active": account.is_active,
    }


@transaction.atomic
def office_create(
    *,
    name: str,
    region: str,
    username: str,
    password: str | HashedPassword,
    full_name: str = "",
    phone: str = "",
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
        username=username,
        role=Account.Role.OFFICE_STAFF,
        organisation=office,
        full_name=full_name.strip(),
        phone=phone.strip(),
    )
    _set_password(account, password)
    account.save()
    audit_record(
        office, actor=None, action=Action.ORGANISATION_CREATE, after=_organisation_fields(office)
    )
    audit_record(account, actor=None, action=Action.ACCOUNT_CREATE, after=_account_fields(account))
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
    password: str | HashedPassword,
    actor: Account,
    full_name: str = "",
    phone: str = "",
) -> Account:
    """An account of ``role`` in ``organisation``, if the actor may give that role there."""
    if role not in ROLE_NAMES:
        raise ActionRefused("请选择账号角色")
    if role not in creatable_roles(actor) or not manages_organisation(actor, organisation):
        raise ActionRefused(f"无权在“{organisation}”创建{ROLE_NAMES[role]}账号")
    if organisation.kind not in ROLE_KINDS[role]:
        raise ActionRefused(
            f"{ROLE_NAMES[role]}账号不能设在{organisation.get_kind_display()}“{organisation}”"
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
    audit_record(account, actor=actor, action=Action.ACCOUNT_CREATE, after=_account_fields(account))
    return account


@transaction.atomic
def account_password_reset(*, account: Account, password: str, actor: Account) -> Account:
    """The office sets a new password for an account of its region."""
    _require_office_over(actor, account, "重置密码", "重置其他地区账号的密码")
    _set_password(account, password)
    account.save(update_fields=["password"])
    # The trail says that the password changed, never what it is.
    audit_record(account, actor=actor, action=Action.ACCOUNT_PASSWORD_RESET)
    return account


@transaction.atomic
def account_role_change(*, account: Account, role: str, actor: Account) -> Account:
    """The office gives an account of its region another role its organisation may hold."""
    _require_office_over(actor, account, "变更账号角色", "变更其他地区账号的角色")
    organisation = account.organisation
    if role not in ROLE_NAMES or organisation is None:
        raise ActionRefused("请选择账号角色")
    if organisation.kind not in ROLE_KINDS[role]:
        place = f"{organisation.get_kind_display()}“{organisation}”"
        raise ActionRefused(f"{ROLE_NAMES[role]}账号不能设在{place}")
    if account.role == role:
        raise ActionRefused(f"该账号已是{ROLE_NAMES[role]}")
    before, after = changed_fields(account, {"role": role})
    account.role = role
    account.save(update_fields=["role"])
    audit_record(account, actor=actor, action=Action.ACCOUNT_ROLE, before=before, after=after)
    return account


@transaction.atomic
def account_active_set(
    *, account: Account, active: bool, actor: Account, reason: str = ""
) -> Account:
    """The office stops (or restores) an account of its region; the account keeps its trail."""
    _require_office_over(actor, account, "停用或启用账号", "停用或启用其他地区的账号")
    if account.pk == actor.pk:
        raise ActionRefused("不能停用自己的账号")
    if account.is_active == active:
        raise ActionRefused("该账号已启用" if active else "该账号已停用")
    before, after = changed_fields(account, {"is_active": active})
    account.is_active = active
    account.save(update_fields=["is_active"])
    audit_record(
        account,
        actor=actor,
        action=Action.ACCOUNT_ACTIVATE if active else Action.ACCOUNT_DEACTIVATE,
        reason=reason,
        before=before,
        after=after,
    )
    return account


def _require_office_over(actor: Account, account: Account, what: str, elsewhere: str) -> None:
    if not is_office_staff(actor) or account.organisation is None:
        raise ActionRefused(f"只有评选办公室工作人员可以{what}")
    if not manages_organisation(actor, account.organisation):
        raise ActionRefused(f"无权{elsewhere}")


def _set_password(account: Account, password: str | HashedPassword) -> None:
    if isinstance(password, HashedPassword):
        account.password = password.encoded
        return
    try:
        validate_password(password, account)
    except ValidationError as exc:
        raise ActionRefused("密码不符合要求：" + "；".join(exc.messages)) from None
    account.set_password(password)
