"""Bulk documents as background jobs (issue 13 §6): django-tasks with its database backend.

``bulk_start`` records a :class:`DocumentJob` and enqueues :func:`build_bundle`; a worker
(``skillaward manage db_worker``) renders every application's form, converts the Word files
to PDF in parallel chunks with a timeout per chunk (:func:`convert_in_chunks`), writing the
progress to the job after each chunk, and stores one zip. With the immediate backend (tests,
``SKILLAWARD_TASKS=immediate``) the same function runs inside the request.
"""

from __future__ import annotations

import tempfile
import zipfile
from itertools import groupby
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from skillaward.base.errors import ActionRefused
from skillaward.base.lists import rows_by_key, write_xlsx
from skillaward.campaigns.lists import application_listing
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.selectors import visible_applications
from skillaward.documents.api import UNSAFE, render_documents
from skillaward.documents.errors import DocumentError
from skillaward.documents.pdf import convert_in_chunks
from skillaward.downloads.inputs import batch_context, document_inputs
from skillaward.downloads.models import DocumentJob
from skillaward.organisations.models import Account

UNEXPECTED = "生成时服务器出错，错误已记录；请稍后重试，如多次出现请联系评选办公室"


def bulk_start(*, campaign: Campaign, name: str, title: str, actor: Account) -> DocumentJob:
    """A job for the form ``name`` of every application of the campaign the actor may see."""
    ids = list(
        visible_applications(actor)
        .filter(campaign=campaign)
        .order_by("recommender_id", "rank", "pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise ActionRefused("没有可生成表格的申报")
    job = DocumentJob.objects.create(
        owner=actor,
        campaign=campaign,
        document=name,
        title=f"{campaign.name}-{title}（{len(ids)}份PDF）",
        applications=ids,
        total=len(ids),
    )
    transaction.on_commit(lambda: build_bundle.enqueue(job.pk))
    return job


def _update(job: DocumentJob, **fields: object) -> None:
    for key, value in fields.items():
        setattr(job, key, value)
    DocumentJob.objects.filter(pk=job.pk).update(**fields)


@task()
def build_bundle(job_id: int) -> None:
    """Render, convert in chunks, zip; the job records progress, the zip or the Chinese error."""
    job = DocumentJob.objects.select_related("campaign", "owner").get(pk=job_id)
    _update(job, status=DocumentJob.Status.RUNNING, done=0)
    applications = list(
        Application.objects.filter(pk__in=job.applications)
        .select_related("campaign", "recommender", "unit")
        .order_by("recommender_id", "rank", "pk")
    )
    try:
        with tempfile.TemporaryDirectory(prefix="skillaward-job-") as directory:
            work = Path(directory)
            words: list[Path] = []
            for _, members in groupby(applications, key=lambda a: a.recommender_id):
                group = list(members)
                batch = batch_context(job.campaign, group[0].recommender, job.owner)
                records, context = document_inputs(
                    job.campaign,
                    job.document,
                    group,
                    actor=job.owner,
                    batch=batch,
                    with_opinions=True,
                )
                unit = UNSAFE.sub("_", group[0].recommender.name)
                out = work / f"unit-{group[0].recommender_id}"
                rendered = render_documents(
                    job.campaign.program_id, job.document, records, out, context=context
                )
                # One folder for all: each file named after its unit, so names never clash.
                words += [path.rename(work / f"{unit}-{path.name}") for path in rendered]
            pdfs = convert_in_chunks(
                words, work / "pdf", progress=lambda done: _update(job, done=done)
            )
            bundle = work / "bundle.zip"
            with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
                for pdf in pdfs:
                    archive.write(pdf, arcname=pdf.name)
            with bundle.open("rb") as stream:
                job.archive.save(f"job-{job.pk}.zip", File(stream), save=False)
    except DocumentError as error:
        _update(job, status=DocumentJob.Status.FAILED, error=str(error), finished_at=timezone.now())
        return
    except Exception:  # a bug: the page says so, the worker logs the traceback
        _update(job, status=DocumentJob.Status.FAILED, error=UNEXPECTED, finished_at=timezone.now())
        raise
    _update(
        job,
        status=DocumentJob.Status.DONE,
        done=job.total,
        archive=job.archive.name,
        finished_at=timezone.now(),
    )


LIST_PREFIX = "list:"


def list_start(
    *, name: str, ids: list[int], title: str, actor: Account, campaign_id: int
) -> DocumentJob:
    """A job writing the list ``name`` as the actor sees it now: the rows ``ids``, in order."""
    job = DocumentJob.objects.create(
        owner=actor,
        campaign_id=campaign_id,
        document=f"{LIST_PREFIX}{name}",
        title=f"{title}（{len(ids)}条）",
        applications=ids,
        total=len(ids),
    )
    transaction.on_commit(lambda: build_list.enqueue(job.pk))
    return job


@task()
def build_list(job_id: int) -> None:
    """The list's Excel file, its columns as the owner sees them, progress every 5,000 rows."""
    job = DocumentJob.objects.select_related("owner").get(pk=job_id)
    _update(job, status=DocumentJob.Status.RUNNING, done=0)
    listing = application_listing(job.owner)  # every list of applications has these columns
    try:
        with tempfile.TemporaryDirectory(prefix="skillaward-job-") as directory:
            target = Path(directory) / "list.xlsx"
            rows = rows_by_key(Application, listing, job.applications)
            write_xlsx(target, job.title, listing, rows, progress=lambda n: _update(job, done=n))
            with target.open("rb") as stream:
                job.archive.save(f"job-{job.pk}.xlsx", File(stream), save=False)
    except Exception:
        _update(job, status=DocumentJob.Status.FAILED, error=UNEXPECTED, finished_at=timezone.now())
        raise
    _update(
        job,
        status=DocumentJob.Status.DONE,
        done=job.total,
        archive=job.archive.name,
        finished_at=timezone.now(),
    )
