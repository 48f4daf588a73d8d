"""Web benchmark (issue 15 §1, §2): the lists, the campaign page and the Excel download at
100,000 applications of one campaign, beside a bare Django view in the same run.

Uses DATABASE_URL (PostgreSQL; SQLite in a temporary directory without it). One real
beijing-allowance-2024 application goes through the services to the office's review; its
record, details and findings are then copied by ``bulk_create`` into N applications (default
100,000) under 200 recommending units and 5,000 work units, most waiting at the office's
review, with the office's moves of a tenth of them in the audit trail (the "done by me" view)
and as many awardees in the registry. Then, for each page, first and deep pages alike: p50/p95
over REPEAT requests and the SQL query count; EXPLAIN of every query of the page, flagging a
sequential scan of the applications. The Excel download: the request that starts the job,
the job itself, and raw XlsxWriter writing the same rows (the target is ≤ 2×).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/web.py [N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SKILLAWARD_DATA", tempfile.mkdtemp(prefix="skillaward-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillaward.web.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

import xlsxwriter
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path, reverse
from django.utils import timezone

from skillaward.audit.models import AuditEntry
from skillaward.campaigns.models import Application
from skillaward.downloads.jobs import build_list
from skillaward.downloads.models import DocumentJob
from skillaward.organisations.models import Account, Organisation
from skillaward.registry.models import Awardee
from tests.builders import id_number
from tests.web.chain_helpers import advance, submitted
from tests.web.factories import world

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
RECOMMENDERS = 200
UNITS = 5_000
REPEAT = 20
PROGRAM = "beijing-allowance-2024"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def bare(request: HttpRequest) -> HttpResponse:
    """The bare Django view: one query of twenty rows, no template."""
    rows = (
        Application.objects.filter(campaign_id=request.GET["campaign"])
        .order_by("pk")
        .values_list("pk", "name")[:20]
    )
    return HttpResponse("\n".join(f"{pk} {name}" for pk, name in rows))


urlpatterns = [path("bare/", bare), path("", include("skillaward.web.urls"))]


def build(count: int):
    w = world(PROGRAM)
    model = submitted(w, serial=1)
    while model.stage != "office_review":
        model = advance(w, model, plain=True)
    office = w.office
    recommenders = Organisation.objects.bulk_create(
        Organisation(
            name=f"推荐单位{i:03d}", kind="recommender", recommender_type="district", parent=office
        )
        for i in range(RECOMMENDERS)
    )
    units = Organisation.objects.bulk_create(
        Organisation(name=f"基层单位{i:04d}", kind="unit", parent=recommenders[i % RECOMMENDERS])
        for i in range(UNITS)
    )
    applicants = Account.objects.bulk_create(
        Account(username=f"bench-{i}", password="!", role="applicant", full_name=f"申报人{i}")
        for i in range(count)
    )
    stages = ["office_review"] * 7 + ["unit_review", "recommender_review", "recommender_submit"]
    now = timezone.now()
    batch = []
    for i, applicant in enumerate(applicants):
        unit = units[i % UNITS]
        number = id_number("1975-01-01", serial=i % 500, area=f"{110101 + i // 500:06d}")
        name = SURNAMES[i % 20] + SURNAMES[(i // 20) % 20] + str(i)
        batch.append(
            Application(
                campaign=w.campaign,
                applicant=applicant,
                unit=unit,
                recommender_id=unit.parent_id,
                award_id=model.award_id,
                channel="unit",
                data=model.data | {"name": name, "id_number": number},
                details=model.details,
                name=name,
                id_number=number,
                stage=stages[i % 10],
                verdict="eligible" if i % 13 else "ineligible",
                findings=model.findings,
                rank=i // UNITS + 1,
                submitted_at=now,
            )
        )
    Application.objects.bulk_create(batch, batch_size=5000)
    staff = w.account("office_staff")
    moved = Application.objects.filter(campaign=w.campaign).order_by("pk")[: count // 10]
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(
                subject_type="campaigns.application",
                subject_id=pk,
                actor=staff,
                actor_name=str(staff),
                role="office_staff",
                action="approve",
                stage="office_review",
                before={"stage": "office_review"},
                after={"stage": "panel"},
            )
            for pk in moved.values_list("pk", flat=True)
        ),
        batch_size=5000,
    )
    Awardee.objects.bulk_create(
        (
            Awardee(
                office=office,
                id_number=id_number("1970-01-01", serial=i % 500, area=f"{120101 + i // 500:06d}"),
                name=f"获评人{i}",
                unit_name=f"基层单位{i % UNITS:04d}",
                title="首都技能大奖" if i % 2 else "北京市有突出贡献的高技能人才",
                level="city",
                year=2000 + i % 24,
            )
            for i in range(count)
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return w


def reused() -> SimpleNamespace:
    """The world of the previous run (BENCH_REUSE=1, same N): its campaign and accounts."""
    campaign = Application.objects.get(name="王建国").campaign  # the one made by the services
    accounts = {a.role: a for a in Account.objects.filter(organisation=campaign.office)}
    return SimpleNamespace(campaign=campaign, office=campaign.office, account=accounts.__getitem__)


def explain(queries: list[dict[str, str]]) -> list[str]:
    """Each query's plan on one line; ``SEQ SCAN`` where it reads the applications table."""
    if connection.vendor != "postgresql":
        return []
    lines = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + sql)
            plan = [row[0] for row in cursor.fetchall()]
            seq = any("Seq Scan on campaigns_application" in line for line in plan)
            lines.append(("SEQ SCAN  " if seq else "          ") + plan[0].strip()[:110])
    return lines


def measure(client: Client, url: str) -> tuple[float, float, int, list[str]]:
    """p50 and p95 milliseconds, queries, and the plans of GET ``url``."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    queries = list(captured.captured_queries)
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return times[REPEAT // 2], times[int(REPEAT * 0.95) - 1], len(queries), explain(queries)


def excel(client: Client, w, count: int) -> None:
    url = f"{reverse('list_download', args=['applications'])}?campaign={w.campaign.pk}"
    start = time.perf_counter()
    response = client.get(url)
    request_s = time.perf_counter() - start
    job = DocumentJob.objects.order_by("-pk").first()
    assert response.status_code == 302 and job is not None, response.status_code
    start = time.perf_counter()
    build_list.call(job.pk)
    job_s = time.perf_counter() - start
    job.refresh_from_db()
    assert job.status == "done", job.error
    # Raw XlsxWriter: the same rows' columns by one plain query, written as they come.
    start = time.perf_counter()
    target = Path(tempfile.mkdtemp()) / "raw.xlsx"
    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = book.add_worksheet("raw")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.name, a.id_number, a.award_id, r.name, u.name, a.rank, a.stage,"
            " a.verdict, a.submitted_at FROM campaigns_application a"
            " JOIN organisations_organisation r ON r.id = a.recommender_id"
            " LEFT JOIN organisations_organisation u ON u.id = a.unit_id"
            " WHERE a.campaign_id = %s AND a.stage <> 'draft'"
            " ORDER BY a.recommender_id, a.rank, a.id",
            [w.campaign.pk],
        )
        for index, row in enumerate(cursor, start=1):
            sheet.write_row(index, 0, [*row[:8], f"{row[8]:%Y-%m-%d %H:%M}"])
    book.close()
    raw_s = time.perf_counter() - start
    print(
        f"  Excel of {job.total} rows: request {request_s * 1000:.0f} ms (starts the job), "
        f"job {job_s:.2f} s, raw XlsxWriter {raw_s:.2f} s → {job_s / raw_s:.2f}× raw"
    )


def main() -> None:
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if os.environ.get("BENCH_REUSE") and Application.objects.count() == COUNT + 1:
        w = reused()
    else:
        call_command("flush", interactive=False, verbosity=0)
        w = build(COUNT)
    print(f"N={COUNT}: built in {time.perf_counter() - started:.1f} s")
    client = Client()
    client.force_login(w.account("office_staff"))
    c = w.campaign.pk
    waiting = Application.objects.filter(campaign=c, stage="office_review").count()
    last_work = (waiting + 19) // 20
    last_all = (COUNT + 19) // 20
    unit = Organisation.objects.filter(kind="recommender", name="推荐单位007").get()
    worklist = f"{reverse('review_worklist')}?campaign={c}"
    listed = reverse("campaign_applications", args=[c])
    pages = {
        "bare view": f"/bare/?campaign={c}",
        "campaign page": reverse("campaign_detail", args=[c]),
        "worklist p1": worklist,
        "worklist p1000": f"{worklist}&page=1000",
        f"worklist last (p{last_work})": f"{worklist}&page={last_work}",
        "worklist done by me": f"{worklist}&mine=on",
        "applications p1": listed,
        "applications p1000": f"{listed}?page=1000",
        f"applications last (p{last_all})": f"{listed}?page={last_all}",
        "applications by name p2500": f"{listed}?sort=name&page=2500",
        "applications -submitted last": f"{listed}?sort=-submitted&page={last_all}",
        "applications stage filter": f"{listed}?stage=unit_review&page=200",
        "applications one unit": f"{listed}?recommender={unit.pk}",
        "applications search name": f"{listed}?q=王李",
        "applications search ID": f"{listed}?q=110105",
        "document index p1": reverse("document_index", args=[c]),
        "document index p1000": f"{reverse('document_index', args=[c])}?page=1000",
        "registry p1": reverse("registry_list"),
        "registry last": f"{reverse('registry_list')}?page={(COUNT + 49) // 50}",
    }
    bare_p50 = None
    for name, url in pages.items():
        p50, p95, queries, plans = measure(client, url)
        bare_p50 = bare_p50 or p50
        flag = "" if p95 < 100 else "  ← over 100 ms"
        print(f"  {name:<32} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries:3d} queries{flag}")
        for line in plans:
            if line.startswith("SEQ"):
                print(f"      {line}")
    excel(client, w, COUNT)


if __name__ == "__main__":
    with override_settings(ROOT_URLCONF=__name__):
        main()
