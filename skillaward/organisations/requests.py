"""The request of a signed-in account, as views behind ``login_required`` receive it."""

from __future__ import annotations

from django.http import HttpRequest

from skillaward.organisations.models import Account


class AccountRequest(HttpRequest):
    """A request whose user is an :class:`Account`, never anonymous: the type of every view
    (and view helper) that ``login_required`` guards. Django builds the request; this class
    only names, for the type checker, what the guard has already made true."""

    user: Account
