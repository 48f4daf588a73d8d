"""Reads of the registry: a person's honours as the engine reads them, the office's list."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from skillaward.base.errors import ActionRefused
from skillaward.core.record import Honor
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import is_office_staff, office_of
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


def term_end(program_term_years: int | None, announced_on: date) -> date | None:
    """Last day of a term of N years from the day of announcement (XA24-15), if any."""
    if program_term_years is None:
        return None
    try:
        anniversary = announced_on.replace(year=announced_on.year + program_term_years)
    except ValueError:  # 29 February, in a year that has none
        anniversary = date(announced_on.year + program_term_years, 3, 1)
    return anniversary - timedelta(days=1)


def office_awardees(
    office: Organisation | None, query: str = "", *, by_id_number: bool = False
) -> QuerySet[Awardee]:
    """The office's awardees, newest edition first, filtered by ``query`` when given: name,
    unit or title, and the ID number only ``by_id_number`` — for roles that see it in full,
    since a search is a way to read a masked field. The registry page, its download and the
    command line."""
    awardees = Awardee.objects.filter(office=office).select_related("campaign")
    query = query.replace("\x00", "").strip()  # PostgreSQL takes no NUL
    if query:
        matches = Q(name__contains=query) | Q(unit_name__contains=query) | Q(title__contains=query)
        if by_id_number:
            matches |= Q(id_number__contains=query.upper())
        awardees = awardees.filter(matches)
    return awardees.order_by("-year", "name", "pk")


def registry_office(actor: Account) -> Organisation:
    """The office whose registry the actor keeps (its staff only)."""
    office = office_of(actor)
    if not is_office_staff(actor) or office is None:
        raise ActionRefused("只有评选办公室的工作人员可以管理获评人员库")
    return office
