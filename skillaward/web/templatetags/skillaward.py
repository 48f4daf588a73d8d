"""Template filters every page uses to show personal data only to those whose role needs it.

``{% load skillaward %}``, then ``{% with show=application|personal_data_for:user %}`` and
``{{ application.id_number|id_masked:show }}``; with ``show`` false the value is masked.
"""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser

from skillaward.organisations import permissions
from skillaward.organisations.models import Account
from skillaward.organisations.permissions import Placed

register = template.Library()


@register.filter
def personal_data_for(application: Placed, account: Account | AnonymousUser) -> bool:
    """Whether ``account`` may see the application's ID number, phone and bank account."""
    return permissions.sees_personal_data(account, application)


@register.filter
def id_masked(value: object, show: bool = False) -> str:
    value = str(value or "")
    return value if show else permissions.masked_id_number(value)


@register.filter
def phone_masked(value: object, show: bool = False) -> str:
    value = str(value or "")
    return value if show or not value else permissions.mask_phone(value)


@register.filter
def account_masked(value: object, show: bool = False) -> str:
    value = str(value or "")
    return value if show or not value else permissions.mask_account_number(value)


VERDICT_NAMES = {"eligible": "初筛符合条件", "ineligible": "初筛不符合条件"}


@register.filter
def verdict_name(verdict: str) -> str:
    """The screening verdict in Chinese (an unfinished draft has none)."""
    return VERDICT_NAMES.get(verdict, "信息未填完整")


@register.filter
def office_staff(account: Account | AnonymousUser) -> bool:
    """Whether the account works in the selection office (the navigation's office links)."""
    return permissions.is_office_staff(account)
