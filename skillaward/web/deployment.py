"""What a real deployment must have before it serves anyone (issue 13 §4).

Outside ``DEBUG`` and the demonstration site, the platform refuses to start on the development
secret key or on a short one: sessions, password-reset links and CSRF tokens are signed with it.
The refusal is a system check (``migrate``, ``runserver`` and ``check`` stop on it) and is
raised again by the WSGI entry point, which the application server loads without checks.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_KEY_LENGTH = 50
SECRET_KEY_MISSING = (
    "未设置正式的密钥：正式部署必须把环境变量 SKILLAWARD_SECRET_KEY 设为至少"
    f"{MIN_SECRET_KEY_LENGTH}个字符的随机字符串（可用 "
    '`python3 -c "import secrets; print(secrets.token_urlsafe(50))"` 生成），'
    "仅开发（SKILLAWARD_DEBUG=1）和演示站点（skillaward demo）可以不设。"
    " / SKILLAWARD_SECRET_KEY is not set to a real secret key: set it to a random string of at"
    f" least {MIN_SECRET_KEY_LENGTH} characters (only DEBUG and the demo may run without one)."
)


def secret_key_problem() -> str | None:
    """The refusal, when this deployment has no real secret key; None when it may start."""
    if settings.DEBUG or settings.SKILLAWARD_DEMO:
        return None
    key = settings.SECRET_KEY
    if key == settings.DEVELOPMENT_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        return SECRET_KEY_MISSING
    return None


@checks.register(checks.Tags.security)
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    problem = secret_key_problem()
    return [checks.Error(problem, id="skillaward.E001")] if problem else []


def require_secret_key() -> None:
    """Raise the refusal for the application server (gunicorn loads the WSGI module)."""
    problem = secret_key_problem()
    if problem:
        raise ImproperlyConfigured(problem)
