"""The registry of awardees: entries written at announcement, honours read by screening."""

from __future__ import annotations

from skillaward.core.record import Honor
from skillaward.registry.models import Awardee


def honours_of(id_number: str) -> list[Honor]:
    """Honours a person received in announced campaigns, as the engine reads them."""
    return [
        Honor.model_validate(
            {"title": a.title, "level": a.level, "year": a.year}
            | ({"term_end": a.term_end.isoformat()} if a.term_end else {})
        )
        for a in Awardee.objects.filter(id_number=id_number)
    ]
