"""The lists of applications (worklists, a campaign's applications, the document index):
their filters, columns, counts and the recommending unit's quota, one definition for all.

The columns read ``values()`` rows (``base.lists``): names of awards and stages come from the
programme, looked up once per programme; ID numbers are masked for roles without personal
data, and only those roles may search by them (a search is a way to read a masked field).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache
from typing import Any

from django import forms
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict

from skillaward.audit.models import AuditEntry
from skillaward.audit.vocabulary import Subject
from skillaward.base.forms import Form
from skillaward.base.lists import (
    ID_LIKE,
    ID_SEARCH_REFUSED,
    Column,
    Listing,
    Row,
    without_nul,
)
from skillaward.campaigns.models import Application, Campaign
from skillaward.core import chain
from skillaward.core.batch_rules import RecommenderQuotaRule
from skillaward.core.program import find_program
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import handles_personal_data, masked_id_number

VERDICT_NAMES = {"eligible": "初筛符合条件", "ineligible": "初筛不符合条件"}
NO_VERDICT = "信息未填完整"
CLOSED_ORDER = (chain.RETURNED, chain.REJECTED, chain.NOT_SELECTED, chain.AWARDED)


@cache
def _names(program_id: str) -> tuple[dict[str, str], dict[str, str]]:
    """(award names, stage names) of a programme."""
    program = find_program(program_id)
    workflow = program.workflow
    stages = {s.id: chain.stage_name(workflow, s.id) for s in workflow.steps}
    stages |= {s: chain.stage_name(workflow, s) for s in (chain.DRAFT, *CLOSED_ORDER)}
    return {a.id: a.name for a in program.awards}, stages


def stage_choices(campaign: Campaign) -> list[tuple[str, str]]:
    """Every stage of the campaign's chain, in order, then the closed ones."""
    stages = _names(campaign.program_id)[1]
    order = [s.id for s in campaign.workflow.steps] + list(CLOSED_ORDER)
    return [(s, stages[s]) for s in order]


def application_listing(
    account: Account,
    *,
    url: Callable[[Row], str] | None = None,
    links: Callable[[Row], list[tuple[str, str]]] | None = None,
) -> Listing:
    """The columns every list of applications shows (and its Excel download prints)."""
    personal = handles_personal_data(account)

    def award(row: Row) -> str:
        award_id: str = row["award_id"]
        return _names(row["campaign__program_id"])[0].get(award_id, award_id)

    def stage(row: Row) -> str:
        stage_id: str = row["stage"]
        return _names(row["campaign__program_id"])[1].get(stage_id, stage_id)

    def id_number(row: Row) -> str:
        value = row["id_number"] or ""
        return value if personal or not value else masked_id_number(value)

    submitted_at = ("submitted_at",)
    return Listing(
        columns=(
            Column(
                "name", "姓名", ("name",), lambda r: r["name"] or "（未填姓名）", ("name", "pk")
            ),
            Column("id_number", "身份证号码", ("id_number",), id_number, width=21),
            Column(
                "award", "奖项", ("campaign__program_id", "award_id"), award, ("award_id", "pk")
            ),
            Column(
                "recommender",
                "推荐单位",
                ("recommender__name",),
                lambda r: r["recommender__name"],
                ("recommender_id", "rank", "pk"),
                width=28,
            ),
            Column("unit", "所在单位", ("unit__name",), lambda r: r["unit__name"] or "", width=28),
            Column("rank", "推荐排序", ("rank",), lambda r: r["rank"], width=9),
            Column(
                "stage", "所处环节", ("stage",), stage, ("stage", "recommender_id", "rank", "pk")
            ),
            Column(
                "verdict",
                "初筛",
                ("verdict",),
                lambda r: VERDICT_NAMES.get(r["verdict"], NO_VERDICT),
                ("verdict", "pk"),
            ),
            Column(
                "submitted",
                "提交时间",
                submitted_at,
                lambda r: f"{r['submitted_at']:%Y-%m-%d %H:%M}" if r["submitted_at"] else "",
                ("submitted_at", "pk"),
                width=17,
            ),
        ),
        default_sort="recommender",
        url=url,
        links=links,
    )


class ApplicationFilters(Form):
    """The filters of a list of applications, its choices from the campaign and the account."""

    q = forms.CharField(label="查询", required=False, max_length=40)
    stage = forms.ChoiceField(label="所处环节", required=False)
    recommender = forms.TypedChoiceField(label="推荐单位", required=False, coerce=int)
    unit = forms.TypedChoiceField(label="所在单位", required=False, coerce=int)
    award = forms.ChoiceField(label="奖项", required=False)
    verdict = forms.ChoiceField(
        label="初筛", required=False, choices=[("", "全部"), *VERDICT_NAMES.items()]
    )
    mine = forms.BooleanField(label="只看我办理过的", required=False)

    def __init__(self, query: QueryDict, *, account: Account, campaign: Campaign | None) -> None:
        super().__init__(without_nul(query))
        self.account = account
        personal = handles_personal_data(account)
        self.fields["q"].label = "查询（姓名或身份证号码）" if personal else "查询（姓名）"
        if campaign is None:  # a worklist of several campaigns: the campaign's filters need one
            for name in ("stage", "award", "recommender", "unit"):
                del self.fields[name]
            return
        _choices(self, "stage", stage_choices(campaign))
        _choices(self, "award", [(a.id, a.name) for a in campaign.program.awards])
        # The office chooses among its recommending units, and then among that unit's work
        # units; a recommending unit among its own work units; a work unit has only itself.
        own = account.organisation
        if own is not None and own.kind != Organisation.Kind.OFFICE:
            del self.fields["recommender"]
            parent_id = own.pk if own.kind == Organisation.Kind.RECOMMENDER else None
        else:
            recommenders = Organisation.objects.filter(
                parent=campaign.office_id, kind=Organisation.Kind.RECOMMENDER
            )
            _choices(
                self, "recommender", list(recommenders.order_by("name").values_list("pk", "name"))
            )
            chosen = query.get("recommender", "")
            parent_id = int(chosen) if chosen.isdigit() else None
        if parent_id is None:
            del self.fields["unit"]
        else:
            units = Organisation.objects.filter(parent=parent_id, kind=Organisation.Kind.UNIT)
            _choices(self, "unit", list(units.order_by("name").values_list("pk", "name")))

    def clean_q(self) -> str:
        q = str(self.cleaned_data["q"]).strip()
        if ID_LIKE.fullmatch(q) and not handles_personal_data(self.account):
            raise forms.ValidationError(ID_SEARCH_REFUSED)
        return q

    def apply(self, applications: QuerySet[Application]) -> QuerySet[Application]:
        """The applications the valid filters keep (an invalid one keeps none of the list)."""
        if not self.is_valid():
            return applications.none()
        data = self.cleaned_data
        if data["q"]:
            match = Q(name__contains=data["q"])
            if handles_personal_data(self.account):
                match |= Q(id_number__contains=data["q"].upper())
            applications = applications.filter(match)
        for name, lookup in (
            ("stage", "stage"),
            ("recommender", "recommender_id"),
            ("unit", "unit_id"),
            ("award", "award_id"),
            ("verdict", "verdict"),
        ):
            value = data.get(name)
            if value not in (None, ""):
                applications = applications.filter(**{lookup: value})
        if data["mine"]:
            applications = applications.filter(pk__in=moved_by(self.account))
        return applications

    def count_from(
        self, counts: dict[str, int], stages: Collection[str] | None = None
    ) -> int | None:
        """The list's length from the stage counts (of ``stages``, all when None) when it is
        filtered by stage at most; None when another filter applies."""
        if not self.is_valid():
            return None
        active = {k for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        if active - {"stage"}:
            return None
        shown = counts if stages is None else {s: n for s, n in counts.items() if s in stages}
        stage = self.cleaned_data.get("stage")
        return shown.get(stage, 0) if stage else sum(shown.values())

    def recommender_id(self) -> int | None:
        """The recommending unit the list is narrowed to (chosen, or the account's own)."""
        own = self.account.organisation
        if own is not None and own.kind == Organisation.Kind.RECOMMENDER:
            return own.pk
        chosen = self.cleaned_data.get("recommender") if self.is_valid() else None
        return chosen if isinstance(chosen, int) else None


def _choices(form: Form, name: str, choices: list[tuple[Any, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = [("", "全部"), *choices]


@dataclass
class ApplicationList:
    """A list of applications as filtered by the query, and the columns it shows."""

    form: ApplicationFilters
    applications: QuerySet[Application]
    listing: Listing


def application_list(
    account: Account,
    applications: QuerySet[Application],
    query: QueryDict,
    campaign: Campaign | None,
    *,
    url: Callable[[Row], str] | None = None,
    links: Callable[[Row], list[tuple[str, str]]] | None = None,
) -> ApplicationList:
    form = ApplicationFilters(query, account=account, campaign=campaign)
    return ApplicationList(
        form, form.apply(applications), application_listing(account, url=url, links=links)
    )


def moved_by(account: Account) -> QuerySet[AuditEntry, int]:
    """Keys of the applications the account moved from one stage to another (the trail)."""
    return (
        AuditEntry.objects.moves()
        .filter(actor=account, subject_type=Subject.APPLICATION)
        .values_list("subject_id", flat=True)
    )


@dataclass(frozen=True)
class Quota:
    """What a recommending unit has sent of an award (or of all) against its quota."""

    label: str
    sent: int
    quota: int


def unit_quotas(campaign: Campaign, recommender_id: int) -> list[Quota]:
    """The unit's quotas (CC3-16, LC19-02) with how many it has sent to the office."""
    unit = Organisation.objects.filter(pk=recommender_id).first()
    if unit is None:
        return []
    program = campaign.program
    limits = [
        limit
        for rule in program.batch_rules
        if isinstance(rule, RecommenderQuotaRule)
        for limit in rule.limits
        if limit.recommender_type == unit.recommender_type
    ]
    if not limits:
        return []
    sent = Application.objects.filter(
        campaign=campaign, recommender_id=recommender_id, submitted_person__isnull=False
    )
    by_award: dict[Any, int] = dict(sent.order_by().values_list("award_id").annotate(n=Count("pk")))
    return [
        Quota(
            program.award_names.get(limit.award, limit.award) if limit.award else "全部奖项",
            by_award.get(limit.award, 0) if limit.award else sum(by_award.values()),
            limit.max,
        )
        for limit in limits
    ]
