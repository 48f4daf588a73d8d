"""The platform's URLs and, for ``bench/surge.py``, a bare insert view beside them.

The bare view goes through the same middleware and writes one row in its own transaction:
what a request costs before the platform does anything.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def bare_insert(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare (at) VALUES (now())")
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare_insert), path("", include("skillaward.web.urls"))]
