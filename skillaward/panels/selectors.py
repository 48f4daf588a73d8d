"""Reads of expert review: the pool, a panel's candidates, what an expert may see, the sheet.

An expert sees the candidates of the open rounds of the panels they sit on (as an active
member), never a candidate they stand aside for, and no one else's score or vote before the
round closes. The platform's panel sheet (:func:`round_sheet`) is the interchange.md format,
tallied by the same :func:`skillaward.core.tally.tally` as ``skillaward panel tally``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from skillaward.campaigns.models import Application, Campaign
from skillaward.core.batch_rules import RecommenderQuotaRule
from skillaward.core.chain import ChainStep
from skillaward.core.tally import TallyReport, tally
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import is_expert
from skillaward.panels.models import Expert, Member, Panel, Recusal, Round, Sheet
from skillaward.review.selectors import waiting_at


def expert_of(account: Account) -> Expert | None:
    """The pool entry of an expert's account (None for any other account)."""
    if not is_expert(account):
        return None
    return Expert.objects.filter(account=account).select_related("office").first()


def pool(office: Organisation, query: str = "") -> QuerySet[Expert]:
    """The office's experts, those whose name, occupation, level or work unit has ``query``."""
    experts = Expert.objects.filter(office=office).select_related("account")
    query = query.strip()
    if query:
        # SQLite keeps JSON with its Chinese escaped (\uXXXX), so occupations are matched
        # here rather than by the database.
        listed = Expert.objects.filter(office=office).values_list("pk", "occupations")
        by_occupation = [pk for pk, names in listed if any(query in str(n) for n in names)]
        experts = experts.filter(
            Q(name__icontains=query)
            | Q(pk__in=by_occupation)
            | Q(level__icontains=query)
            | Q(work_unit__icontains=query)
        )
    return experts.order_by("-active", "name", "id")


def panels_of(campaign: Campaign) -> QuerySet[Panel]:
    return Panel.objects.filter(campaign=campaign).select_related("recommender", "campaign")


def panel_step(panel: Panel) -> ChainStep:
    step = panel.campaign.workflow.step(panel.step_id)
    assert step is not None and step.panel is not None
    return step


def member_ref(member: Member) -> str:
    """The member's id on the panel sheet: the expert's login name."""
    return member.expert.account.username


def candidate_ref(application: Application) -> str:
    return str(application.pk)


def active_members(panel: Panel) -> list[Member]:
    return list(
        panel.members.filter(active=True).select_related("expert__account").order_by("order", "id")
    )


def in_group(panel: Panel, application: Application) -> bool:
    """Whether a candidate belongs to the panel's group: its occupation (as on the skill
    certificate) or one of its industry tags, as the programme's grouping says."""
    step = panel_step(panel)
    assert step.panel is not None and step.panel.groups is not None
    by = step.panel.groups.by
    occupation = str(application.data.get("occupation", ""))
    industries = [str(t) for t in application.data.get("industry_tags") or []]
    if by == "occupation":
        return occupation == panel.group
    if by == "industry":
        return panel.group in industries
    return occupation == panel.group or panel.group in industries


def siblings(panel: Panel) -> QuerySet[Panel]:
    """The panels of the same step, award and recommending unit (groups and deliberation)."""
    return Panel.objects.filter(
        campaign=panel.campaign_id,
        step_id=panel.step_id,
        award_id=panel.award_id,
        recommender=panel.recommender_id,
    )


def waiting_candidates(panel: Panel) -> list[Application]:
    """The candidates a panel's first round reviews: those waiting at its step for its award
    (and recommending unit); a group panel takes those of its group no other group has taken;
    the deliberation takes those still waiting, all of whom have passed a group."""
    filters: dict[str, Any] = {"award_id": panel.award_id}
    if panel.recommender_id is not None:
        filters["recommender"] = panel.recommender_id
    waiting = list(waiting_at(panel.campaign, panel.step_id, **filters))
    step = panel_step(panel)
    assert step.panel is not None
    if step.panel.groups is None:
        return waiting
    others = siblings(panel).exclude(pk=panel.pk)
    taken = set(
        Round.candidates.through.objects.filter(round__panel__in=others).values_list(
            "application_id", flat=True
        )
    )
    if panel.group:
        return [a for a in waiting if a.pk not in taken and in_group(panel, a)]
    return [a for a in waiting if a.pk in taken]


def panel_quota(panel: Panel, candidates: Sequence[Application]) -> int:
    """Places to fill: a group passes on every candidate it approves to the deliberation; a
    recommending unit's panel fills the unit's quota (LC19-02 …); the city's, the award's."""
    program = panel.campaign.program
    if panel.group:
        return max(1, len(candidates))
    if panel.recommender is not None:
        kind = panel.recommender.recommender_type
        for rule in program.batch_rules:
            if isinstance(rule, RecommenderQuotaRule):
                for limit in rule.limits:
                    if limit.recommender_type == kind and limit.award in (None, panel.award_id):
                        return max(1, limit.max)
        return max(1, len(candidates))
    award = program.award(panel.award_id)
    return award.quota or program.quotas.total


def current_round(panel: Panel) -> Round | None:
    return panel.rounds.order_by("-number").first()


def recused_pairs(panel: Panel) -> set[tuple[int, int]]:
    """(member id, application id) of every recusal on the panel."""
    return set(Recusal.objects.filter(panel=panel).values_list("member_id", "application_id"))


def round_sheet(round: Round) -> dict[str, Any]:
    """The round as an interchange.md panel sheet: the active members; as present, those who
    submitted at least one sheet (or stand aside for every candidate); the recusals; every
    current submitted sheet."""
    panel = round.panel
    members = active_members(panel)
    candidates = list(round.candidates.order_by("id"))
    ids = {a.pk for a in candidates}
    recusals = [
        r
        for r in Recusal.objects.filter(panel=panel, member__in=members, application__in=ids)
        .select_related("member__expert__account")
        .order_by("id")
    ]
    sheets = list(
        Sheet.objects.filter(
            round=round, current=True, status=Sheet.Status.SUBMITTED, member__in=members
        )
        .select_related("member__expert__account")
        .order_by("member__order", "application_id")
    )
    given = {s.member_id for s in sheets}
    aside: dict[int, int] = {}
    for recusal in recusals:
        aside[recusal.member_id] = aside.get(recusal.member_id, 0) + 1
    present = [m for m in members if m.pk in given or aside.get(m.pk) == len(candidates)]
    data: dict[str, Any] = sheet_rules(panel.settings["rules"])
    data |= {
        "quota": round.quota,
        "members": [member_ref(m) for m in members],
        "present": [member_ref(m) for m in present],
        "candidates": [{"ref": candidate_ref(a), "name": a.name} for a in candidates],
        "recusals": [
            {
                "expert": member_ref(r.member),
                "candidate": str(r.application_id),
                "reason": r.get_reason_code_display() + (f"：{r.reason}" if r.reason else ""),
            }
            for r in recusals
        ],
    }
    if data["method"] == "score":
        data["scores"] = [
            {
                "expert": member_ref(s.member),
                "candidate": str(s.application_id),
                "criteria": {k: sheet_number(v) for k, v in (s.criteria or {}).items()},
            }
            for s in sheets
        ]
    else:
        data["votes"] = [
            {"expert": member_ref(s.member), "candidate": str(s.application_id), "vote": s.vote}
            for s in sheets
        ]
    return data


def round_report(round: Round) -> TallyReport:
    """The round's tally report, computed again from its sheet (the documents print it)."""
    return tally(round_sheet(round))


def stored_rules(rules: dict[str, Any]) -> dict[str, Any]:
    """The sheet's rules as JSON keeps them: the criteria's maxima and weights as strings."""
    if "criteria" not in rules:
        return rules
    criteria = [c | {"max": str(c["max"]), "weight": str(c["weight"])} for c in rules["criteria"]]
    return rules | {"criteria": criteria}


def sheet_rules(rules: dict[str, Any]) -> dict[str, Any]:
    """The stored rules back as the sheet's exact numbers (:func:`stored_rules` undone)."""
    if "criteria" not in rules:
        return dict(rules)
    criteria = [
        c | {"max": Decimal(c["max"]), "weight": Decimal(c["weight"])} for c in rules["criteria"]
    ]
    return rules | {"criteria": criteria}


def sheet_number(value: object) -> object:
    """A stored score (a decimal string) as the sheet's exact number."""
    return Decimal(str(value))


def min_members(panel: Panel) -> tuple[int, str]:
    return int(panel.settings["members"]), str(panel.settings["min_source"])


def open_candidates(panel: Panel) -> list[Application]:
    current = panel.rounds.filter(status=Round.Status.OPEN).first()
    if current is not None:
        return list(current.candidates.select_related("recommender"))
    return waiting_candidates(panel)


def pending_runoff(panel: Panel) -> list[Application]:
    """The candidates tied at the quota line of the panel's last closed round, while no
    runoff has been opened for them (empty otherwise)."""
    last = panel.rounds.filter(status=Round.Status.CLOSED).order_by("-number").first()
    if last is None or last.runoffs.exists():
        return []
    tied = (last.tally or {}).get("runoff") or []
    return list(Application.objects.filter(pk__in=[int(ref) for ref in tied]))


def shortage(panel: Panel, candidates: Sequence[Application] | None = None) -> str | None:
    """Why the panel needs a reserve: fewer active members than it must have, or, for a
    candidate (of ``candidates``, by default those under review or waiting; after a tie,
    those of the coming runoff), fewer members entitled (not standing aside) than the
    minimum."""
    if candidates is None:
        candidates = pending_runoff(panel) or open_candidates(panel)
    needed, source = min_members(panel)
    members = active_members(panel)
    if len(members) < needed:
        return f"评审组现有{len(members)}人，少于{needed}人（{source}）"
    aside: dict[int, int] = {}
    for application_id in Recusal.objects.filter(member__in=members).values_list(
        "application_id", flat=True
    ):
        aside[application_id] = aside.get(application_id, 0) + 1
    for application in candidates:
        entitled = len(members) - aside.get(application.pk, 0)
        if entitled < needed:
            return (
                f"回避后对“{application.name}”有表决权的专家只有{entitled}人，"
                f"少于{needed}人（{source}）"
            )
    return None


def outcome(panel: Panel) -> tuple[dict[int, bool], dict[int, dict[str, Any]]]:
    """Each first-round candidate: selected or not (a runoff decides those it held), and the
    tally line that decided it."""
    rounds = list(panel.rounds.order_by("number"))
    selected: dict[int, bool] = {}
    lines: dict[int, dict[str, Any]] = {}
    for closed in rounds:
        for line in (closed.tally or {}).get("results", []):
            ref = int(line["ref"])
            lines[ref] = line
            if line.get("selected") is not None:
                selected[ref] = bool(line["selected"])
    return selected, lines


# --- what an expert sees ---------------------------------------------------------------------


@dataclass
class Assignment:
    """One open round of a panel the expert sits on: the candidates they review in it (not
    those they stand aside for) and their own current sheets, by application id."""

    member: Member
    round: Round
    candidates: list[Application] = field(default_factory=list)
    sheets: dict[int, Sheet] = field(default_factory=dict)


def assignments(account: Account) -> list[Assignment]:
    """The expert's open rounds and candidates; a fixed number of queries however many."""
    if not is_expert(account):
        return []
    members = list(
        Member.objects.filter(expert__account=account, active=True)
        .select_related("panel__campaign", "panel__recommender", "expert__account")
        .prefetch_related(
            Prefetch(
                "panel__rounds",
                queryset=Round.objects.filter(status=Round.Status.OPEN).prefetch_related(
                    Prefetch(
                        "candidates",
                        queryset=Application.objects.select_related(
                            "campaign", "recommender", "unit"
                        ).order_by("id"),
                    )
                ),
                to_attr="open_rounds",
            ),
            Prefetch("recusals", to_attr="own_recusals"),
            Prefetch("sheets", queryset=Sheet.objects.filter(current=True), to_attr="own_sheets"),
        )
        .order_by("panel_id")
    )
    found = []
    for member in members:
        aside = {r.application_id for r in member.own_recusals}
        for open_round in member.panel.open_rounds:  # type: ignore[attr-defined]
            sheets = {s.application_id: s for s in member.own_sheets if s.round_id == open_round.pk}
            candidates = [a for a in open_round.candidates.all() if a.pk not in aside]
            found.append(Assignment(member, open_round, candidates, sheets))
    return found


def may_review(account: Account, application: Application) -> bool:
    """Whether the expert has the application among their assigned, non-recused candidates."""
    if not is_expert(account):
        return False
    rounds = Round.objects.filter(
        status=Round.Status.OPEN,
        candidates=application,
        panel__members__expert__account=account,
        panel__members__active=True,
    )
    aside = Recusal.objects.filter(member__expert__account=account, application=application)
    return rounds.exists() and not aside.exists()


def visible_sheets(account: Account, round: Round) -> list[Sheet]:
    """The current sheets of a round the account may read: before the round closes an expert
    sees only their own (and the office none: it sees progress); after, the submitted sheets,
    without the candidates the expert stood aside for."""
    sheets = Sheet.objects.filter(round=round, current=True).select_related(
        "member__expert", "application"
    )
    if round.status == Round.Status.OPEN:
        return list(sheets.filter(member__expert__account=account)) if is_expert(account) else []
    sheets = sheets.filter(status=Sheet.Status.SUBMITTED)
    if is_expert(account):
        aside = Recusal.objects.filter(panel=round.panel_id, member__expert__account=account)
        sheets = sheets.exclude(application__in=aside.values("application"))
    return list(sheets)


def visible_tally(account: Account, round: Round) -> dict[str, Any] | None:
    """A closed round's tally as the account may read it: an expert does not see the lines of
    the candidates they stood aside for (nor those among the runoff)."""
    tally: dict[str, Any] | None = round.tally
    if tally is None:
        return None
    if not is_expert(account):
        return dict(tally)
    aside = {
        str(a)
        for a in Recusal.objects.filter(
            panel=round.panel_id, member__expert__account=account
        ).values_list("application_id", flat=True)
    }
    return tally | {
        "results": [r for r in tally["results"] if r["ref"] not in aside],
        "runoff": [ref for ref in tally["runoff"] if ref not in aside],
    }


@dataclass(frozen=True)
class Progress:
    member: Member
    done: int  # submitted
    draft: int
    not_started: int
    recused: int


def round_progress(round: Round) -> list[Progress]:
    """Per active member: how many candidates submitted, in draft, not started, stood aside."""
    members = active_members(round.panel)
    candidates = set(round.candidates.values_list("id", flat=True))
    sheets = Sheet.objects.filter(round=round, current=True).values_list(
        "member_id", "application_id", "status"
    )
    status = {(m, a): s for m, a, s in sheets}
    aside = recused_pairs(round.panel)
    progress = []
    for member in members:
        mine = [a for a in candidates if (member.pk, a) not in aside]
        done = sum(status.get((member.pk, a)) == Sheet.Status.SUBMITTED for a in mine)
        draft = sum(status.get((member.pk, a)) == Sheet.Status.DRAFT for a in mine)
        progress.append(
            Progress(member, done, draft, len(mine) - done - draft, len(candidates) - len(mine))
        )
    return progress
