"""Organisation and account pages: each managing account sees and builds its own subtree."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from skillaward.base.errors import ActionRefused
from skillaward.organisations import permissions, selectors, services
from skillaward.organisations.forms import AccountForm, OrganisationForm, PasswordForm
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import (
    recommender_types_for,
    visible_organisations,
)
from skillaward.organisations.requests import AccountRequest


def managing(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, and of a role that manages organisations (others get 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: AccountRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.manages_accounts(request.user):
            raise PermissionDenied("当前账号的角色不管理单位和账号")
        return view(request, *args, **kwargs)

    return wrapper


def _organisation(request: AccountRequest, pk: int) -> Organisation:
    return get_object_or_404(visible_organisations(request.user).select_related("parent"), pk=pk)


@managing
def organisation_list(request: AccountRequest) -> HttpResponse:
    """The subtree as an indented list, with the number of accounts in each unit."""
    organisations = list(
        visible_organisations(request.user).annotate(account_count=Count("accounts"))
    )
    children: dict[int | None, list[Organisation]] = {}
    for organisation in organisations:
        children.setdefault(organisation.parent_id, []).append(organisation)
    top = request.user.organisation_id
    rows: list[tuple[int, Organisation]] = []

    def walk(node: Organisation, depth: int) -> None:
        rows.append((depth, node))
        for child in children.get(node.pk, []):
            walk(child, depth + 1)

    for organisation in organisations:
        if organisation.pk == top:
            walk(organisation, 0)
    return render(request, "organisations/organisation_list.html", {"rows": rows})


@managing
def organisation_detail(request: AccountRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    user = request.user
    context = {
        "organisation": organisation,
        "children": organisation.children.annotate(account_count=Count("accounts")),
        "accounts": organisation.accounts.order_by("role", "username"),
        "show_phone": permissions.handles_personal_data(user),
        "may_create_child": permissions.may_create_organisation(parent=organisation, actor=user),
        "may_create_account": bool(
            permissions.account_roles_for(organisation=organisation, actor=user)
        ),
        "may_reset_password": permissions.is_office_staff(user),
    }
    return render(request, "organisations/organisation_detail.html", context)


@managing
def organisation_new(request: AccountRequest, pk: int) -> HttpResponse:
    parent = _organisation(request, pk)
    if not permissions.may_create_organisation(parent=parent, actor=request.user):
        raise PermissionDenied("无权在该单位下设立单位")
    types = recommender_types_for(parent) if parent.kind == Organisation.Kind.OFFICE else None
    form = OrganisationForm(request.POST or None, recommender_types=types)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.organisation_create(
                parent=parent,
                actor=request.user,
                **form.cleaned_data,
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已设立“{created}”")
            return redirect("organisation_detail", created.pk)
    return render(request, "organisations/organisation_new.html", {"parent": parent, "form": form})


@managing
def account_new(request: AccountRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    roles = permissions.account_roles_for(organisation=organisation, actor=request.user)
    if not roles:
        raise PermissionDenied("无权在该单位创建账号")
    form = AccountForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.account_create(
                organisation=organisation,
                actor=request.user,
                **form.cleaned_data,
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已创建{created.get_role_display()}账号“{created.username}”")
            return redirect("organisation_detail", organisation.pk)
    context = {"organisation": organisation, "form": form}
    return render(request, "organisations/account_new.html", context)


@managing
def account_password(request: AccountRequest, pk: int) -> HttpResponse:
    if not permissions.is_office_staff(request.user):
        raise PermissionDenied("只有评选办公室工作人员可以重置密码")
    account = get_object_or_404(
        Account.objects.select_related("organisation"),
        pk=pk,
        organisation__in=visible_organisations(request.user),
    )
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_password_reset(
                account=account,
                password=form.cleaned_data["password"],
                actor=request.user,
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已重置“{account.username}”的密码")
            return redirect("organisation_detail", account.organisation_id)
    return render(
        request, "organisations/account_password.html", {"account": account, "form": form}
    )


@login_required
def account_changes(request: AccountRequest) -> HttpResponse:
    """Who made, gave a role to or switched on which account of the region (issue 13 §3)."""
    office = permissions.office_of(request.user)
    if not permissions.sees_account_changes(request.user) or office is None:
        raise PermissionDenied("只有评选办公室和领导小组可以查看账号变动")
    context = {"office": office, "changes": selectors.account_changes(office)}
    return render(request, "organisations/account_changes.html", context)
