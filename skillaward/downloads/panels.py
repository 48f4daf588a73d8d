"""A panel round's documents from the database: the plain context the documents layer prints.

The sheet is the round's panel sheet as the platform builds it (``round_sheet``), the tally the
one stored when the round closed, the rule the programme's panel declaration with the
campaign's adjustments. Who may download: the staff who run the panel (those who act at its
step, for the office or the recommending unit that formed it) the summary and the statistics;
each member of the panel their own sheet.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from skillaward.core.panel import PanelAdjustment, panel_settings
from skillaward.documents.panel import Comment, PanelContext, PanelMember
from skillaward.organisations.models import Account
from skillaward.organisations.permissions import acts_at, office_of
from skillaward.panels.models import Member, Panel, Round, Sheet
from skillaward.panels.selectors import (
    active_members,
    candidate_ref,
    member_ref,
    panel_step,
    round_sheet,
)


def runs_panel(account: Account, panel: Panel) -> bool:
    """Whether the account runs the panel: acts at its step, for the office (a city panel) or
    for the recommending unit whose panel it is."""
    if not acts_at(account, panel_step(panel)):
        return False
    if panel.recommender_id is not None:
        return account.organisation_id == panel.recommender_id
    office = office_of(account)
    return office is not None and office.pk == panel.campaign.office_id


def own_member(account: Account, panel: Panel) -> Member | None:
    """The account's membership of the panel (the expert's own), or None."""
    return panel.members.filter(expert__account=account).select_related("expert__account").first()


def rounds() -> QuerySet[Round]:
    return Round.objects.select_related("panel__campaign__office", "panel__recommender")


def rule_text(panel: Panel) -> str:
    """The rule applied: the programme's declaration, then what the campaign adjusted."""
    step = panel_step(panel)
    assert step.panel is not None
    spec = step.panel
    adjustment = PanelAdjustment.model_validate(panel.settings.get("adjustment") or {})
    settings = panel_settings(spec, adjustment)
    changes = []
    if adjustment.members is not None:
        changes.append(f"聘请评审专家{settings.members}人")
    if adjustment.quorum is not None:
        changes.append(f"出席不少于应到人数的{settings.quorum.share}")
    if adjustment.threshold is not None and settings.threshold is not None:
        changes.append(f"赞成票{settings.threshold.describe()}为通过")
    if adjustment.trim is not None and settings.trim is not None:
        trim = settings.trim
        changes.append(f"有效评分{trim.min_scores}个以上时去掉最高分、最低分各{trim.drop}个")
    text = spec.describe()
    return text + (f"；本次评选：{'，'.join(changes)}" if changes else "")


def panel_context(round: Round) -> PanelContext:
    """The context of the round's summary, statistics and members' own sheets."""
    panel = round.panel
    campaign = panel.campaign
    step = panel_step(panel)
    candidates = list(round.candidates.select_related("unit").order_by("id"))
    comments = (
        Sheet.objects.filter(round=round, current=True, status=Sheet.Status.SUBMITTED)
        .exclude(comment="")
        .select_related("member__expert__account")
        .order_by("member__order", "application_id")
    )
    organiser = panel.recommender or campaign.office
    return PanelContext(
        campaign=campaign.name,
        award=campaign.program.award(panel.award_id).name,
        panel=f"{panel.group}评审组" if panel.group else step.title,
        organiser=organiser.name,
        round=round.number,
        runoff=round.runoff_of_id is not None,
        rule=rule_text(panel),
        date=timezone.localtime(round.closed_at).date().isoformat() if round.closed_at else None,
        members=tuple(
            PanelMember(ref=member_ref(m), name=m.expert.name, work_unit=m.expert.work_unit)
            for m in active_members(panel)
        ),
        units={candidate_ref(a): _unit(a.data, a.unit.name if a.unit else "") for a in candidates},
        sheet=round_sheet(round),
        tally=round.tally,
        comments=tuple(
            Comment(expert=member_ref(s.member), candidate=str(s.application_id), comment=s.comment)
            for s in comments
        ),
    )


def _unit(data: dict[str, object], fallback: str) -> str:
    employer = data.get("employer")
    name = employer.get("name") if isinstance(employer, dict) else None
    return str(name) if name else fallback
