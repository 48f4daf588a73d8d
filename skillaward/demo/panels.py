"""Expert review in the demo (``data/panels.yaml``): each office's pool of experts, each current
edition's city panel half-way through its round, and an earlier edition's runoff — every step
through the panel services, as the office, the recommending unit and the experts would take it."""

from __future__ import annotations

import random
from decimal import Decimal

from skillaward.campaigns.models import Application, Campaign
from skillaward.core.chain import ChainStep
from skillaward.core.regions import region_code
from skillaward.demo.accounts import Staff
from skillaward.demo.data import PANELS, TRADES, RegionSpec
from skillaward.demo.records import mobile, scanned
from skillaward.organisations.models import Account, Organisation
from skillaward.panels.models import Member, Panel
from skillaward.panels.selectors import active_members, waiting_candidates
from skillaward.panels.services import (
    expert_save,
    panel_create,
    panel_draw,
    panel_finish,
    recusal_declare,
    round_close,
    round_open,
    runoff_open,
    sheet_save,
    sheet_submit,
)


def pool(staff: Staff, spec: RegionSpec, office_staff: Account, rng: random.Random) -> None:
    """The office's experts, of its region's occupations in turn, each with a demo account."""
    office = office_staff.organisation
    assert office is not None
    trades = list(
        dict.fromkeys(
            TRADES[t].occupation for r in spec.recommenders for u in r.units for t in u.trades
        )
    )
    for number in range(PANELS.pool_size):
        made = expert_save(
            office=office,
            actor=office_staff,
            password=staff.password,
            name=staff.people.name("女" if rng.random() < 0.4 else "男"),
            occupations=[trades[number % len(trades)]],
            level=PANELS.levels[number % len(PANELS.levels)],
            work_unit=spec.region + PANELS.work_units[number % len(PANELS.work_units)],
            region_code=region_code(spec.region) or "",
            phone=mobile(rng),
        )
        staff.keep(spec, made.expert.account)


def _form(
    campaign: Campaign, step: ChainStep, actor: Account, recommender: Organisation | None = None
) -> Panel:
    """The panel of the step for the campaign's first award, its members drawn."""
    assert step.panel is not None
    award = campaign.program.awards[0].id
    group = ""
    if step.panel.groups is not None:
        waiting = campaign.applications.filter(stage=step.id, award_id=award).order_by("id")
        group = str(waiting[0].data["occupation"])
    panel = panel_create(
        campaign=campaign,
        step_id=step.id,
        award_id=award,
        actor=actor,
        recommender=recommender,
        group=group,
    )
    size = int(panel.settings["members"])
    if recommender is None:
        size += PANELS.extra_members
    panel_draw(
        panel=panel, size=size, reserves=PANELS.reserves, actor=actor, seed=f"demo-{campaign.pk}"
    )
    return panel


def _give(member: Member, application: Application, values: dict[str, object]) -> None:
    account = member.expert.account
    sheet_save(member=member, application=application, actor=account, **values)  # type: ignore[arg-type]
    sheet_submit(member=member, application=application, actor=account)


def _values(panel: Panel, turn: int) -> dict[str, object]:
    """The ``turn``-th sheet's score or vote, with a comment."""
    rules = panel.settings["rules"]
    comment = PANELS.comments[turn % len(PANELS.comments)]
    if rules["method"] == "vote":
        return {"vote": PANELS.votes[turn % len(PANELS.votes)], "comment": comment}
    share = Decimal(PANELS.shares[turn % len(PANELS.shares)])
    criteria = {c["id"]: str(Decimal(str(c["max"])) * share) for c in rules["criteria"]}
    return {"criteria": criteria, "comment": comment}


def current_panel(campaign: Campaign, step: ChainStep, office_staff: Account) -> list[str]:
    """The city panel half-way: a recusal declared, every member but the last done, the last
    with a draft. Returns the notes on where to look."""
    panel = _form(campaign, step, office_staff)
    candidates = waiting_candidates(panel)
    members = active_members(panel)
    first, last = members[0], members[-1]
    recusal_declare(
        member=first,
        application=candidates[0],
        reason_code=PANELS.recusal.reason_code,
        reason=PANELS.recusal.reason,
        actor=first.expert.account,
    )
    round_open(panel=panel, actor=office_staff)
    turn = 0
    for member in members[:-1]:
        for application in candidates:
            if member == first and application == candidates[0]:
                continue
            _give(member, application, _values(panel, turn))
            turn += 1
    sheet_save(
        member=last,
        application=candidates[0],
        actor=last.expert.account,
        **_values(panel, turn),  # type: ignore[arg-type]
    )
    return [
        f"{campaign.name}：{panel.group or '评审委员会'}在线评审进行中，"
        f"{len(members) - 1}名专家已提交；"
        f"专家{last.expert.name}（{last.expert.account.username}）尚未完成；"
        f"专家{first.expert.name}对{candidates[0].name}声明回避"
    ]


def runoff_panel(
    campaign: Campaign, step: ChainStep, recommender: Organisation, actor: Account
) -> list[str]:
    """The recommending unit's review held on the platform: a tie at the quota line, the
    runoff among the tied, the signed summary; the notes on where to look."""
    panel = _form(campaign, step, actor, recommender)
    leader, *tied = waiting_candidates(panel)
    members = active_members(panel)
    first = round_open(panel=panel, actor=actor)
    criterion = panel.settings["rules"]["criteria"][0]["id"]
    spec = PANELS.runoff
    for number, member in enumerate(members):
        _give(member, leader, {"criteria": {criterion: spec.leader[number]}})
        for application in tied:
            _give(member, application, {"criteria": {criterion: spec.tied[number]}})
    round_close(round=first, actor=actor)
    again = runoff_open(round=first, actor=actor)
    ordered = sorted(again.candidates.all(), key=lambda a: a.pk)
    for number, member in enumerate(members):
        for application, score in zip(ordered, spec.again[number], strict=True):
            _give(member, application, {"criteria": {criterion: score}})
    round_close(round=again, actor=actor)
    panel_finish(panel=panel, summary=scanned("专家评议结果汇总表（签字）.pdf"), actor=actor)
    return [
        f"{campaign.name}：{recommender}的专家评议在平台上进行，"
        f"{'、'.join(a.name for a in ordered)}并列于推荐名额线上，再次评审后{ordered[0].name}获推荐"
    ]
