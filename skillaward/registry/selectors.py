"""Reads of the registry: a person's honours as the engine reads them, the office's list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict

from skillaward.base.errors import ActionRefused
from skillaward.base.forms import Form
from skillaward.base.lists import (
    ID_LIKE,
    ID_SEARCH_REFUSED,
    Column,
    Listing,
    Row,
    without_nul,
)
from skillaward.core.codes import HONOUR_LEVEL_NAMES
from skillaward.core.record import Honor
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import (
    handles_personal_data,
    is_office_staff,
    masked_id_number,
    office_of,
)
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


def registry_listing(personal: bool) -> Listing:
    """The registry's columns (page and Excel); ID numbers in full only when ``personal``."""

    def id_number(row: Row) -> str:
        return row["id_number"] if personal else masked_id_number(row["id_number"])

    return Listing(
        columns=(
            Column("name", "姓名", ("name",), lambda r: r["name"] or "—", ("name", "pk"), 10),
            Column("id_number", "身份证号码", ("id_number",), id_number, width=22),
            Column("unit", "工作单位", ("unit_name",), lambda r: r["unit_name"] or "—", width=30),
            Column("title", "荣誉称号", ("title",), lambda r: r["title"], ("title", "pk"), 28),
            Column(
                "level",
                "级别",
                ("level",),
                lambda r: HONOUR_LEVEL_NAMES.get(r["level"], r["level"]),
                width=8,
            ),
            Column("year", "年度", ("year",), lambda r: r["year"], ("-year", "name", "pk"), 8),
            Column(
                "term_end",
                "有效期至",
                ("term_end",),
                lambda r: f"{r['term_end']:%Y-%m-%d}" if r["term_end"] else "—",
                ("term_end", "pk"),
                12,
            ),
            Column(
                "source",
                "来源",
                ("campaign__name",),
                lambda r: r["campaign__name"] or "往届名单导入",
                width=36,
            ),
        ),
        default_sort="year",
    )


class RegistryFilters(Form):
    q = forms.CharField(label="查询", required=False, max_length=40)
    level = forms.ChoiceField(
        label="级别", required=False, choices=[("", "全部"), *HONOUR_LEVEL_NAMES.items()]
    )
    year = forms.IntegerField(label="年度", required=False, min_value=1949, max_value=2100)

    def __init__(self, query: QueryDict, *, personal: bool) -> None:
        super().__init__(without_nul(query))
        self.personal = personal
        self.fields["q"].label = (
            "查询（姓名、身份证号码、工作单位或称号）"
            if personal
            else "查询（姓名、工作单位或称号）"
        )

    def clean_q(self) -> str:
        q = str(self.cleaned_data["q"])
        if ID_LIKE.fullmatch(q.strip()) and not self.personal:
            raise forms.ValidationError(ID_SEARCH_REFUSED)
        return q


@dataclass
class RegistryList:
    form: RegistryFilters
    awardees: QuerySet[Awardee]
    listing: Listing


def registry_list(account: Account, query: QueryDict) -> RegistryList:
    """The office's registry as the query filters it, with the columns the account sees."""
    personal = handles_personal_data(account)
    form = RegistryFilters(query, personal=personal)
    if not form.is_valid():
        return RegistryList(form, Awardee.objects.none(), registry_listing(personal))
    data = form.cleaned_data
    awardees = office_awardees(office_of(account), data["q"], by_id_number=personal)
    if data["level"]:
        awardees = awardees.filter(level=data["level"])
    if data["year"]:
        awardees = awardees.filter(year=data["year"])
    return RegistryList(form, awardees, registry_listing(personal))
