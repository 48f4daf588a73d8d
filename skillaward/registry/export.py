"""The registry as an Excel workbook (the command line's export): every awardee of the
queryset, ID numbers in full, the columns of the registry page."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db.models import QuerySet

from skillaward.base.lists import export_rows, write_xlsx
from skillaward.registry.models import Awardee
from skillaward.registry.selectors import registry_listing


def registry_workbook(awardees: QuerySet[Awardee]) -> bytes:
    listing = registry_listing(personal=True)
    with tempfile.TemporaryDirectory(prefix="skillaward-registry-") as directory:
        target = Path(directory) / "registry.xlsx"
        write_xlsx(target, "获评人员库", listing, export_rows(awardees, listing, ""))
        return target.read_bytes()
