"""Request-wide safety nets of the platform."""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

BUSY_MESSAGE = "系统繁忙，请稍后重试"


def is_lock_timeout(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite giving up on a write lock after its busy timeout."""
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


class BusyDatabaseMiddleware:
    """A write that still finds SQLite locked after the busy timeout gets a Chinese
    "please retry" (HTTP 503 with Retry-After) instead of a server error; nothing was saved,
    since the transaction that met the lock was rolled back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_lock_timeout(exception):
            return None
        response = HttpResponse(
            f"<!doctype html><html lang='zh-hans'><meta charset='utf-8'><title>{BUSY_MESSAGE}"
            f"</title><p>{BUSY_MESSAGE}。您提交的内容没有保存，请稍候片刻再提交一次。</p></html>",
            status=503,
            content_type="text/html; charset=utf-8",
        )
        response["Retry-After"] = "5"
        return response


def no_store_when_signed_in(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Every page a signed-in user gets may carry personal data (ID numbers, phones, opinions):
    ``Cache-Control: no-store`` keeps it out of browser and proxy caches (issue 13 §4)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response

    return middleware
