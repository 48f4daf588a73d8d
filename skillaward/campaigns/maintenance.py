"""Upkeep of the uploads on disk, run by the operator (``skillaward manage sweep_uploads``),
not a business action: it changes no row, so it writes no audit entry."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.core.files.storage import Storage
from django.utils import timezone

from skillaward.campaigns.models import Application, Attachment

# Where applicants' uploads are written (the models' ``upload_to``).
UPLOAD_DIRECTORIES = ("photos", "materials")


def orphan_uploads_remove(*, older_than: timedelta = timedelta(hours=1)) -> list[str]:
    """Delete uploaded files that no row names: what a request killed between writing a
    file and committing its row leaves behind. Files younger than ``older_than`` may belong
    to a request still running and are kept. Answers the names removed."""
    storage = Attachment._meta.get_field("file").storage
    known = set(Attachment.objects.values_list("file", flat=True))
    known |= set(Application.objects.exclude(photo="").values_list("photo", flat=True))
    cutoff = timezone.now() - older_than
    removed = []
    for name in _stored_names(storage, UPLOAD_DIRECTORIES):
        if name not in known and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            removed.append(name)
    return removed


def _stored_names(storage: Storage, directories: Iterable[str]) -> Iterator[str]:
    for directory in directories:
        if not storage.exists(directory):
            continue
        folders, files = storage.listdir(directory)
        yield from (f"{directory}/{name}" for name in files)
        yield from _stored_names(storage, (f"{directory}/{folder}" for folder in folders))
