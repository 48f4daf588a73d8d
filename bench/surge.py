"""The deadline day: many applicants at once loading the form, saving and submitting.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/SCRATCH .venv/bin/python bench/surge.py \
        [--applicants 16] [--rounds 4] [--workers 4]

Empties the scratch database (migrate, flush), builds ``applicants × rounds`` applicant
accounts of one beijing-allowance-2024 campaign open today, each with a complete draft (photo,
pledge) through the real services, starts gunicorn on loopback, and drives ``applicants``
concurrent applicants: each, for one of its drafts, loads the form (GET), saves it as the
browser posts it (POST) and submits it (POST). A bare insert view beside it (same middleware,
one INSERT per request) is driven at the same concurrency. Prints submissions/s against bare
inserts/s, save+submit p50/p95, and the queries of one submission; then checks in the database
that every acknowledged submission is stored once (one version) with one audit entry.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "surge_site")
os.environ.setdefault("SKILLAWARD_SECRET_KEY", "bench-surge-" + "x" * 50)
os.environ.setdefault("SKILLAWARD_ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402
import lxml.html  # noqa: E402

PORT = 8765
PROGRAM = "beijing-allowance-2024"


def build(count: int) -> list[tuple[str, int]]:
    """``count`` applicants with a complete draft each: (session cookie, application id)."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from skillaward.base.clock import beijing_today
    from skillaward.campaigns.services import (
        application_photo,
        application_pledge,
        application_save,
        application_start,
        campaign_create,
    )
    from skillaward.core.program import find_program
    from skillaward.demo.builder import campaign_phases
    from tests.builders import applicant
    from tests.web.factories import account, photo_for, world

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_bare (id serial PRIMARY KEY, at date)")
        cursor.execute("TRUNCATE bench_bare")
    program = find_program(PROGRAM)
    w = world(PROGRAM, campaign=False)
    campaign = campaign_create(
        program_id=PROGRAM,
        actor=w.account("office_staff"),
        phases=campaign_phases(program, beijing_today(), closed=False),
    )
    drafts = []
    for serial in range(count):
        actor = account(f"surge-{serial}", "applicant", w.unit)
        application = application_start(
            campaign=campaign,
            actor=actor,
            award_id=program.awards[0].id,
            channel="unit",
            recommender=w.recommender,
            unit=w.unit,
        )
        record = applicant(PROGRAM, serial=serial, name=f"申报人{serial}")
        application = application_save(application=application, actor=actor, data=record)
        application_photo(application=application, actor=actor, upload=photo_for(PROGRAM))
        application_pledge(application=application, actor=actor)
        client = Client()
        client.force_login(actor)
        drafts.append((client.cookies["sessionid"].value, application.pk))
    return drafts


class Browser:
    """One applicant's browser: its cookies, one request at a time over loopback."""

    def __init__(self, session: str) -> None:
        self.cookies = {"sessionid": session}

    def request(
        self, method: str, url: str, form: list[tuple[str, str]] | None = None
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{PORT}{url}"
        connection.request(method, url, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, content


def submit_one(browser: Browser, pk: int) -> float:
    """Load the form, save it as posted, submit; the seconds save and submit took."""
    status, page = browser.request("GET", f"/applications/{pk}/edit/")
    assert status == 200, (pk, status)
    form = lxml.html.fromstring(page).get_element_by_id("application-form")
    values = list(form.form_values())
    token = next(v for k, v in values if k == "csrfmiddlewaretoken")
    started = time.perf_counter()
    status, _ = browser.request("POST", f"/applications/{pk}/edit/", values)
    assert status == 302, (pk, "save", status)
    status, body = browser.request(
        "POST", f"/applications/{pk}/submit/", [("csrfmiddlewaretoken", token)]
    )
    assert status == 302, (pk, "submit", status, body[:2000].decode(errors="replace"))
    return time.perf_counter() - started


def drive(applicants: int, drafts: list[tuple[str, int]]) -> tuple[float, list[float], list[int]]:
    """Every draft submitted by ``applicants`` concurrent browsers: seconds, latencies, ids."""
    queue = list(drafts)
    lock = threading.Lock()
    latencies: list[float] = []
    acknowledged: list[int] = []

    def applicant() -> None:
        while True:
            with lock:
                if not queue:
                    return
                session, pk = queue.pop()
            seconds = submit_one(Browser(session), pk)
            with lock:
                latencies.append(seconds)
                acknowledged.append(pk)

    return _run(applicants, applicant), latencies, acknowledged


def bare(concurrency: int, requests: int) -> float:
    """Requests per second of the bare insert view at the same concurrency."""
    left = [requests]
    lock = threading.Lock()

    def client() -> None:
        browser = Browser("")
        while True:
            with lock:
                if left[0] == 0:
                    return
                left[0] -= 1
            status, _ = browser.request("POST", "/bench/bare/", [])
            assert status == 200, status

    return requests / _run(concurrency, client)


def _run(concurrency: int, target) -> float:  # type: ignore[no-untyped-def]
    threads = [threading.Thread(target=target) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def queries_of_one_submission(session: str, pk: int) -> tuple[int, int, int]:
    """The SQL queries of the three requests of one submission, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    client.cookies["sessionid"] = session
    counts = []
    with CaptureQueriesContext(connection) as got:
        page = client.get(f"/applications/{pk}/edit/")
    counts.append(len(got))
    form = lxml.html.fromstring(page.content).get_element_by_id("application-form")
    values = dict(form.form_values())
    with CaptureQueriesContext(connection) as got:
        assert client.post(f"/applications/{pk}/edit/", values).status_code == 302
    counts.append(len(got))
    with CaptureQueriesContext(connection) as got:
        assert client.post(f"/applications/{pk}/submit/").status_code == 302
    counts.append(len(got))
    return counts[0], counts[1], counts[2]


def verify(acknowledged: list[int]) -> None:
    from django.db.models import Count, Q

    from skillaward.audit.models import AuditEntry
    from skillaward.campaigns.models import Application

    rows = Application.objects.filter(pk__in=acknowledged).annotate(
        stored=Count("versions", distinct=True)
    )
    submits = dict(
        AuditEntry.objects.filter(
            Q(subject_type="campaigns.application", subject_id__in=acknowledged, action="submit")
        )
        .values_list("subject_id")
        .annotate(n=Count("id"))
    )
    wrong = [
        (a.pk, a.stage, a.stored, submits.get(a.pk, 0))
        for a in rows
        if a.stage == "draft" or a.stored != 1 or submits.get(a.pk, 0) != 1
    ]
    assert len(rows) == len(acknowledged), "acknowledged submissions missing"
    assert not wrong, f"stored wrongly (id, stage, versions, audit entries): {wrong[:10]}"
    print(f"verified: {len(acknowledged)} acknowledged submissions, each once with its audit entry")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2, help="drafts per concurrent applicant")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    args = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("set DATABASE_URL to a scratch PostgreSQL database (it is emptied)")
    django.setup()
    drafts = build(args.applicants * args.rounds + 1)
    probe, drafts = drafts[0], drafts[1:]
    counts = queries_of_one_submission(*probe)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{PORT}", "--workers",
         str(args.workers), "--pythonpath", str(ROOT / "bench"), "--log-level", "warning",
         "skillaward.web.wsgi:application"],
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "surge_site"},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                Browser("").request("GET", "/bench/bare/")
                break
            except OSError:
                time.sleep(0.2)
        bare(args.applicants, 100)  # warm every worker
        inserts = bare(args.applicants, 600)
        seconds, latencies, acknowledged = drive(args.applicants, drafts)
    finally:
        server.terminate()
        server.wait()
    rate = len(acknowledged) / seconds
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    print(f"gunicorn {args.workers} workers; {args.applicants} applicants; {os.cpu_count()} cores")
    form, save, submit = counts
    print(f"queries per submission: {sum(counts)} (form {form}, save {save}, submit {submit})")
    print(f"bare insert view: {inserts:.0f} requests/s")
    print(
        f"submissions: {rate:.1f}/s ({rate / inserts:.3f}× the bare view); save+submit "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95:.0f} ms"
    )
    verify(acknowledged)


if __name__ == "__main__":
    main()
