"""Bulk PDFs as a background job (issue 13 §6): the office starts the job on the documents
page, follows its progress, and downloads one zip; the job runs in-process here (the immediate
backend of django-tasks), exactly the function the database worker runs."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from skillaward.campaigns.models import Application
from skillaward.downloads.jobs import build_bundle
from skillaward.downloads.models import DocumentJob
from tests.builders import applicant
from tests.web.chain_helpers import submitted
from tests.web.factories import world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jobs_in_process(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def three_applications():
    w = world("liaocheng-chief-2019")
    names = ["张三", "李四", "王五"]
    for index, name in enumerate(names):
        who = "applicant" if index % 2 == 0 else "other_applicant"
        submitted(w, who=who, data=applicant(w.program_id, name=name, serial=20 + 2 * index))
    return w


def start(client, w, name="pledge"):
    client.force_login(w.account("office_staff"))
    url = reverse("document_bulk", args=[w.campaign.pk, name])
    return client.post(url)


@pytest.mark.django_db(transaction=True)  # the job is enqueued when the request commits
def test_bulk_pdf_job_makes_one_zip_of_every_applicants_form(client, monkeypatch):
    monkeypatch.setattr("skillaward.documents.pdf.CHUNK_SIZE", 2)  # two chunks: 2 + 1
    w = three_applications()
    response = start(client, w)
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "document_job", args=[job.pk]
    )
    assert (job.status, job.done, job.total) == ("done", 3, 3)
    page = client.get(reverse("document_job", args=[job.pk])).content.decode()
    assert "下载全部PDF" in page and 'value="100"' in page
    assert "downloads/job.js" in page  # the progress script is the project's own, no CDN
    status = client.get(reverse("document_job_status", args=[job.pk])).json()
    assert (status["status"], status["percent"]) == ("done", 100)
    download = client.get(reverse("document_job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len(names) == 3 and all(n.endswith(".pdf") for n in names)
    assert {n for n in names if "张三" in n or "李四" in n or "王五" in n} == set(names)
    assert all(archive.read(n).startswith(b"%PDF") for n in names)


def pledge_job(w):
    """A waiting job for the pledge form of every application, owned by the office."""
    return DocumentJob.objects.create(
        owner=w.account("office_staff"),
        campaign=w.campaign,
        document="pledge",
        title="t",
        applications=list(Application.objects.values_list("pk", flat=True)),
        total=3,
    )


def test_progress_is_written_after_each_chunk(monkeypatch):
    w = three_applications()
    seen = []

    def convert(paths, outdir, *, progress):
        for done in (2, 3):
            progress(done)
            seen.append(DocumentJob.objects.get().done)
        return []

    monkeypatch.setattr("skillaward.downloads.jobs.convert_in_chunks", convert)
    job = pledge_job(w)
    build_bundle.call(job.pk)
    assert seen == [2, 3]
    assert DocumentJob.objects.get().status == "done"


def test_a_failed_conversion_is_shown_in_chinese_on_the_page(client, monkeypatch):
    monkeypatch.setenv("SKILLAWARD_SOFFICE", "no-such-soffice")
    w = three_applications()
    client.force_login(w.account("office_staff"))
    job = pledge_job(w)
    build_bundle.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "未找到 LibreOffice" in job.error
    page = client.get(reverse("document_job", args=[job.pk])).content.decode()
    assert "生成失败" in page and "未找到 LibreOffice" in page
    assert client.get(reverse("document_job_download", args=[job.pk])).status_code == 404


def test_someone_elses_job_is_not_found(client):
    w = three_applications()
    job = DocumentJob.objects.create(
        owner=w.account("office_staff"), campaign=w.campaign, document="pledge", title="t"
    )
    client.force_login(w.account("expert"))
    for name in ("document_job", "document_job_status", "document_job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_a_bulk_job_without_visible_applications_is_refused(client):
    w = world("liaocheng-chief-2019")
    client.force_login(w.account("office_staff"))
    response = client.post(reverse("document_bulk", args=[w.campaign.pk, "pledge"]))
    assert response.status_code == 409
    assert "没有可生成表格的申报" in response.content.decode()
    assert not DocumentJob.objects.exists()


def test_the_documents_page_offers_the_bulk_pdf(client):
    w = three_applications()
    client.force_login(w.account("office_staff"))
    page = client.get(reverse("document_index", args=[w.campaign.pk])).content.decode()
    assert reverse("document_bulk", args=[w.campaign.pk, "pledge"]) in page


def test_an_unexpected_error_fails_the_job_visibly_and_is_raised_for_the_log(monkeypatch):
    w = three_applications()

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("skillaward.downloads.jobs.convert_in_chunks", broken)
    job = pledge_job(w)
    with pytest.raises(RuntimeError):
        build_bundle.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "服务器出错" in job.error
