"""Logins over the web, and what an account does with its own password."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from skillaward.organisations.models import Account


class LoginLockout(AxesStandaloneBackend):
    """django-axes' lockout for logins through the login page.

    ``authenticate()`` without a request (the command line, scripts, the test client's
    ``login``) is no login attempt over the network: it is neither counted nor refused.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


class Accounts(ModelBackend):
    """Django's own accounts, each request's account read together with its organisation
    (which nearly every page names or checks): one query instead of two."""

    def get_user(self, user_id: Any) -> Account | None:
        user = Account.objects.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class OwnPasswordForm(PasswordChangeForm):
    """Django's form (old password, new one twice, the password validators), without the
    ASCII colon its zh-hans catalogue puts after each label."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class OwnPasswordChange(PasswordChangeView):
    """Every account changes its own password; the session stays signed in."""

    form_class = OwnPasswordForm
    template_name = "web/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, "密码已修改，下次请用新密码登录")
        return super().form_valid(form)
