"""The build: each region's tree and accounts, then every programme's current edition, its
earlier editions and what the registry of past awardees changes — every step through the
services the roles' pages call."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from skillaward.base.clock import beijing_today
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.services import (
    application_photo,
    application_pledge,
    application_save,
    application_start,
    application_submit,
    campaign_create,
    external_investigation_record,
)
from skillaward.core import chain
from skillaward.core.chain import REVIEW_KINDS, ChainStep
from skillaward.core.program import Program, find_program
from skillaward.core.workdays import WorkCalendar
from skillaward.demo.accounts import DemoAccount, Staff, Workplace
from skillaward.demo.data import CASES, EDITIONS, PANELS, REGIONS, TRADES, RegionSpec, Special
from skillaward.demo.panels import current_panel, pool, runoff_panel
from skillaward.demo.people import SEED, People, Person
from skillaward.demo.records import (
    FLAWS,
    Change,
    Place,
    as_sent,
    begun,
    co_signed,
    details_for,
    portrait,
    record_for,
    scanned,
)
from skillaward.organisations.models import Account, Organisation
from skillaward.publicity.models import Publicity
from skillaward.publicity.services import (
    objection_resolve,
    objection_submit,
    publicity_close,
    publicity_open,
)
from skillaward.registry.services import registry_import
from skillaward.review.selectors import ranks_sent
from skillaward.review.services import (
    ApprovalDecision,
    PanelLineInput,
    approval_decide,
    finding_override,
    panel_record,
    recommendation_submit,
    result_announce,
    review_approve,
    review_reject,
    review_return,
)

CURRENT_STOP = EDITIONS.current_stop


@dataclass
class Demo:
    today: date
    campaigns: list[Campaign] = field(default_factory=list)  # every campaign, as printed
    current: dict[str, Campaign] = field(default_factory=dict)  # each programme's open edition
    accounts: list[DemoAccount] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # where the particular cases are


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def campaign_phases(program: Program, today: date, *, closed: bool) -> list[dict[str, Any]]:
    """The programme's timeline moved so that submission is open today, or closed just now.

    A strict window (CC3-15: no earlier, no later) opens yesterday; otherwise the deadline is
    ``open_days_left`` ahead, or ``closed_days_ago`` past for a closed campaign (editions.yaml).
    """
    submission = next(p for p in program.timeline if p.submission)
    if closed:
        shift = today - timedelta(days=EDITIONS.closed_days_ago) - submission.end
    elif submission.strict_window and submission.start is not None:
        shift = today - timedelta(days=1) - submission.start
    else:
        shift = today + timedelta(days=EDITIONS.open_days_left) - submission.end
    return [
        {"id": p.id, "start": p.start + shift if p.start else None, "end": p.end + shift}
        for p in program.timeline
    ]


@dataclass(frozen=True)
class Slot:
    """Where an applicant works: the recommending unit, the work unit, the trade."""

    recommender: Organisation
    unit: Organisation
    place: Place


def _working_day_before(day: date) -> date:
    calendar = WorkCalendar()
    day -= timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


class Builder:
    def __init__(self, today: date) -> None:
        self.demo = Demo(today)
        self.people = People()
        self.rng = random.Random(SEED + 1)
        self.staff = Staff(self.people, self.rng)
        self.demo.accounts = self.staff.accounts
        self.slots: dict[int, Slot] = {}  # each application's place of work
        self.specs: dict[int, RegionSpec] = {}  # each office's region
        self.running_start = _working_day_before(today)
        self.experts_rng = random.Random(SEED + 2)  # the pools', apart from the applicants'

    def region(self, spec: RegionSpec) -> None:
        """The office and its units and pool of experts; each programme's current edition,
        then its earlier ones, then what the registry of past awardees changes."""
        office_staff, places = self.staff.region(spec)
        assert office_staff.organisation_id is not None
        pool(self.staff, spec, office_staff, self.experts_rng)
        self.specs[office_staff.organisation_id] = spec
        for index, program_id in enumerate(spec.programs):
            self.current_edition(spec, office_staff, places, program_id, index)
        for index, program_id in enumerate(spec.programs):
            for years, stop in enumerate(EDITIONS.programs[program_id].past, start=1):
                self.past_edition(office_staff, places, program_id, index, years, stop)
        self.registry(spec, office_staff, places)

    @staticmethod
    def places_for(places: list[Workplace], count: int, trade_index: int) -> list[Slot]:
        """``count`` places of work, unit after unit, each unit's trades in turn."""
        slots = []
        for number in range(count):
            where = places[number % len(places)]
            trades = where.unit_spec.trades
            trade = TRADES[trades[(trade_index + number // len(places)) % len(trades)]]
            place = Place(where.recommender_spec, where.unit_spec, trade)
            slots.append(Slot(where.recommender, where.unit, place))
        return slots

    def person(self, slot: Slot, campaign: Campaign, ages: tuple[int, int] | None = None) -> Person:
        """Someone new who works at ``slot``, of an age the programme's rules allow."""
        return self.people.person(
            area=slot.place.recommender.area,
            reference=campaign.reference_date,
            ages=ages or EDITIONS.programs[campaign.program_id].ages,
        )

    # --- applicants -----------------------------------------------------------------------

    def enter(
        self,
        campaign: Campaign,
        slot: Slot,
        *,
        progress: str = "submitted",
        person: Person | None = None,
        user: Account | None = None,
        channel: str = "unit",
        change: Change | None = None,
    ) -> Application:
        """One applicant's application through the applicant's services: ``progress`` is
        "begun" (the first fields typed), "complete" (not yet signed) or "submitted"."""
        program = campaign.program
        day = self._day(campaign)
        if person is None:
            person = self.person(slot, campaign)
        data = record_for(program, person, slot.place, campaign.reference_date, self.rng)
        if change is not None:
            change(data)
        if user is None:
            user = self.staff.account(
                self.specs[campaign.office_id],
                "applicant",
                slot.unit,
                actor=self.staff.of(slot.unit.pk, "unit_staff"),
                full_name=person.name,
            )
        application = application_start(
            campaign=campaign,
            actor=user,
            award_id=data.get("award", program.awards[0].id),
            channel=channel,
            recommender=slot.recommender,
            unit=slot.unit if channel == "unit" else None,
            today=day,
        )
        self.slots[application.pk] = slot
        if progress == "begun":
            return application_save(application=application, actor=user, data=begun(data))
        details = details_for(program, person, slot.place, data, day, self.rng)
        application = application_save(
            application=application, actor=user, data=data, details=details
        )
        if progress == "complete":
            return application
        photo = program.photo
        if photo is not None:
            application = application_photo(
                application=application, actor=user, upload=portrait(photo.background, self.rng)
            )
        application = application_pledge(application=application, actor=user)
        return application_submit(application=application, actor=user, today=day)

    # --- the editions -----------------------------------------------------------------------

    def current_edition(
        self,
        spec: RegionSpec,
        office_staff: Account,
        places: list[Workplace],
        program_id: str,
        trade_index: int,
    ) -> None:
        """The edition open today (one has just closed): two drafts while it is open, then
        candidates waiting at every step up to the panel, one returned to the applicant, one
        rejected at the 归口 review, and the programme's particular cases."""
        program = find_program(program_id)
        closed = EDITIONS.programs[program_id].closed
        campaign = campaign_create(
            program_id=program_id,
            actor=office_staff,
            phases=campaign_phases(program, self.demo.today, closed=closed),
        )
        self.demo.current[program_id] = campaign
        self.demo.campaigns.append(campaign)
        open_today = campaign.accepts_material_on(self.demo.today)
        steps = self.steps_to(campaign, CURRENT_STOP)
        count = max(EDITIONS.applicants_per_unit * len(places), 3 * len(steps) + 4)
        slots = self.places_for(places, count, trade_index)
        for number, slot in enumerate(slots):
            progress = "submitted"
            if open_today and number < 2:
                progress = ("begun", "complete")[number]
            flaw = FLAWS[program_id] if number == len(slots) - 1 else None
            self.enter(campaign, slot, progress=progress, change=flaw)
        targets = self.plan(campaign, steps)
        cases = []
        for number, special in enumerate(s for s in CASES.specials if s.program == program_id):
            slot = slots[number]
            person = None if special.ages is None else self.person(slot, campaign, special.ages)
            application = self.enter(
                campaign,
                slot,
                person=person,
                channel=special.channel,
                change=co_signed(special.experts) if special.experts else None,
            )
            targets[application.pk] = special.waits_at
            cases.append((application, special))
            self.demo.notes.append(f"{campaign.name}：{application.name}，{special.note}")
        self.advance(campaign, targets)
        self.conclude_current(campaign, cases)
        panel = campaign.workflow.step(CURRENT_STOP)
        assert panel is not None
        self.demo.notes += current_panel(campaign, panel, office_staff)

    @staticmethod
    def steps_to(campaign: Campaign, stop: str) -> list[str]:
        ids = [step.id for step in campaign.workflow.path("unit")]
        return ids[: ids.index(stop) + 1]

    @staticmethod
    def plan(campaign: Campaign, steps: list[str]) -> dict[int, str]:
        """The step each submitted candidate is left at: the leading third at the last of
        ``steps``, the one whose record fails a hard rule at the 归口 review, the others at
        each step in turn."""
        submitted = list(campaign.applications.exclude(stage=chain.DRAFT).order_by("id"))
        leading = len(submitted) // 3
        targets = {}
        for number, application in enumerate(submitted):
            if application.verdict == "ineligible":
                targets[application.pk] = "recommender_review"
            elif number < leading:
                targets[application.pk] = steps[-1]
            else:
                targets[application.pk] = steps[(number - leading) % len(steps)]
        return targets

    def conclude_current(
        self, campaign: Campaign, cases: list[tuple[Application, Special]]
    ) -> None:
        """What the roles have done to the candidates left at their steps: the failing one
        rejected, one returned for correction, the particular cases' records and overrides,
        the publicities open today."""
        workflow = campaign.workflow
        for application in campaign.applications.filter(stage="recommender_review"):
            if application.verdict == "ineligible":
                failed = "；".join(
                    f"{f['message']}（{f['clause']}）"
                    for f in application.findings
                    if f["outcome"] == "fail"
                )
                review_reject(
                    application=application,
                    actor=self.actor(application, "recommender_staff"),
                    reason=f"不符合申报条件：{failed}",
                )
        first_review = next(s for s in workflow.path("unit") if s.kind in REVIEW_KINDS)
        returned = (
            campaign.applications.filter(stage=first_review.id, channel="unit")
            .order_by("id")
            .first()
        )
        if returned is not None:
            review_return(
                application=returned,
                actor=self.actor(returned, first_review.role),
                reason=CASES.return_reason,
            )
            self.demo.notes.append(
                f"{campaign.name}：{returned.name}，在“{workflow.title(first_review)}”"
                "被退回修改，申报人可修改后重新提交"
            )
        for application, special in cases:
            if special.investigated:
                external_investigation_record(
                    application=application,
                    actor=self.actor(application, "recommender_staff"),
                    text=CASES.investigation,
                )
            if special.override is not None:
                finding_override(
                    application=application,
                    clause=special.override.clause,
                    reason=special.override.reason,
                    actor=self.actor(application, "office_staff"),
                )
        for step in workflow.path("unit"):
            if step.kind == "publicity":
                waiting = list(campaign.applications.filter(stage=step.id))
                self.publicise(campaign, step, waiting, self.running_start)
        if EDITIONS.programs[campaign.program_id].objected:
            self.objections(campaign)

    def past_edition(
        self,
        office_staff: Account,
        places: list[Workplace],
        program_id: str,
        trade_index: int,
        years: int,
        stop: str,
    ) -> None:
        """An edition ``years`` before, its dates as many years earlier: every candidate goes
        to the panel, whose selected go on to ``stop``."""
        program = find_program(program_id)
        campaign = campaign_create(
            program_id=program_id,
            actor=office_staff,
            name=f"{program.name}{EDITIONS.names[years - 1]}",
            phases=campaign_phases(program, years_before(self.demo.today, years), closed=True),
        )
        self.demo.campaigns.append(campaign)
        count = max(len(places), EDITIONS.past_applicants)
        applications = [
            self.enter(campaign, slot)
            for slot in self.places_for(places, count, trade_index + years)
        ]
        if program_id == PANELS.runoff.program and years == 1:
            applications = self.runoff(campaign, places, applications, trade_index)
        self.advance(campaign, dict.fromkeys((a.pk for a in applications), CURRENT_STOP))
        path = campaign.workflow.path("unit")
        ids = [step.id for step in path]
        panel = ids.index(CURRENT_STOP)
        self.take(campaign, path[panel], list(campaign.applications.filter(stage=CURRENT_STOP)))
        self.onward(campaign, panel + 1, [*ids, chain.AWARDED].index(stop))

    def runoff(
        self,
        campaign: Campaign,
        places: list[Workplace],
        applications: list[Application],
        trade_index: int,
    ) -> list[Application]:
        """The recommending unit's expert review on the platform, with a runoff (panels.yaml):
        more candidates there, all taken to the review; the candidates still in the running."""
        spec = PANELS.runoff
        where = next(p for p in places if p.recommender_spec.type == spec.recommender_type)
        applications += [
            self.enter(campaign, slot)
            for slot in self.places_for([where], spec.extra, trade_index + 1)
        ]
        step = next(
            s
            for s in campaign.workflow.path("unit")
            if s.panel is not None and s.panel.sits == "recommender"
        )
        self.advance(campaign, dict.fromkeys((a.pk for a in applications), step.id))
        actor = self.staff.of(where.recommender.pk, "recommender_staff")
        self.demo.notes += runoff_panel(campaign, step, where.recommender, actor)
        return list(campaign.applications.exclude(stage=chain.REJECTED))

    def onward(self, campaign: Campaign, first: int, end: int) -> None:
        """Take the candidates waiting at step ``first`` of the chain on to step ``end`` (the
        length of the chain: announced). Approval and announcement move all who wait; at a
        publicity step they part into a group for each step from there to ``end``, the
        farthest sent first, the last kept in a publicity open today."""
        path = campaign.workflow.path("unit")
        for index in range(first, end):
            step = path[index]
            waiting = list(campaign.applications.filter(stage=step.id).order_by("award_id", "id"))
            if step.kind != "publicity":
                self.take(campaign, step, waiting)
                continue
            groups = end - index + 1
            for number in range(groups - 1):
                self.take(campaign, step, waiting[number::groups])
                self.onward(campaign, index + 1, end - number)
            self.publicise(campaign, step, waiting[groups - 1 :: groups], self.running_start)
            return

    # --- the registry of past awardees --------------------------------------------------------

    def registry(self, spec: RegionSpec, office_staff: Account, places: list[Workplace]) -> None:
        """An office without an announced edition imports past awardees of each programme;
        where the programme bars a second award, one of the awardees applies again."""
        announced = any(chain.AWARDED in EDITIONS.programs[p].past for p in spec.programs)
        imported: dict[str, list[tuple[Person, Slot]]] = {}
        rows = []
        for index, program_id in enumerate(spec.programs):
            if announced:
                break
            campaign = self.demo.current[program_id]
            reference = years_before(campaign.reference_date, 3)
            for slot in self.places_for(places, EDITIONS.imported_awardees, index + 3):
                person = self.person(slot, campaign)
                rows.append(record_for(campaign.program, person, slot.place, reference, self.rng))
                imported.setdefault(program_id, []).append((person, slot))
        if rows:
            added = registry_import(actor=office_staff, rows=rows)
            self.demo.notes.append(f"{spec.office}：从往届名单导入获评人员{added}人")
        for program_id in spec.programs:
            clause = EDITIONS.programs[program_id].reapply
            if not clause:
                continue
            campaign = self.demo.current[program_id]
            change = None
            if program_id in imported:
                person, slot = imported[program_id][0]
                user = None
            else:
                awardee = (
                    Application.objects.filter(campaign__program_id=program_id, stage=chain.AWARDED)
                    .order_by("id")
                    .first()
                )
                assert awardee is not None, program_id
                person = Person(
                    awardee.name,
                    awardee.data["gender"],
                    date.fromisoformat(awardee.data["birth_date"]),
                    awardee.id_number,
                )
                slot, user = self.slots[awardee.pk], awardee.applicant
                change = as_sent(awardee.data)
            application = self.enter(campaign, slot, person=person, user=user, change=change)
            self.demo.notes.append(
                f"{campaign.name}：{application.name}，往届已获评，本届再次申报，"
                f"资格初筛不符合（{clause}），等待所在单位审核"
            )

    # --- along the chain ----------------------------------------------------------------------

    def advance(self, campaign: Campaign, targets: dict[int, str]) -> None:
        """Move each submitted candidate along the chain through its services, step by step,
        to the step ``targets`` names for it."""
        path = campaign.workflow.path("unit")
        ids = [s.id for s in path]
        for index, step in enumerate(path[: max(ids.index(t) for t in targets.values())]):
            waiting = campaign.applications.filter(stage=step.id).order_by("id")
            movers = [a for a in waiting if ids.index(targets[a.pk]) > index]
            if movers:
                self.take(campaign, step, movers)

    def _day(self, campaign: Campaign) -> date:
        """The day applicants and units act on: today, or the deadline of a campaign that has
        closed."""
        if campaign.accepts_material_on(self.demo.today):
            return self.demo.today
        return campaign.submission_phase().end

    def actor(self, application: Application, role: str) -> Account:
        """Who acts as ``role`` on the application: in its work unit, its recommending unit or
        its office."""
        where = {"unit_staff": application.unit_id, "recommender_staff": application.recommender_id}
        return self.staff.of(where.get(role, application.campaign.office_id), role)

    def take(self, campaign: Campaign, step: ChainStep, movers: list[Application]) -> None:
        """The action of ``step`` for the candidates waiting there, as its role would take it."""
        if step.kind in CASES.opinions:
            for application in movers:
                review_approve(
                    application=application,
                    actor=self.actor(application, step.role),
                    opinion=CASES.opinions[step.kind],
                    decision_record=scanned("单位集体研究决定记录.pdf")
                    if step.kind == "unit_review"
                    else None,
                    failing_seen=True,  # the demo's units have read the screening
                )
        elif step.kind == "publicity":
            # Held three weeks before the deadline, or a month after it once the panel has met.
            deadline = campaign.submission_phase().end
            after_panel = campaign.workflow.reached(step.id, CURRENT_STOP, "unit")
            start = (
                deadline + timedelta(days=30)
                if after_panel
                else min(deadline, self.demo.today) - timedelta(days=21)
            )
            for publicity in self.publicise(campaign, step, movers, start):
                publicity_close(
                    publicity=publicity, actor=publicity.created_by, today=self.demo.today
                )
        elif step.kind == "recommender_submit":
            for actor, group in self._by_actor(step, movers).items():
                recommender = group[0].recommender  # the one the actor works for
                after = ranks_sent(campaign=campaign, recommender=recommender)
                recommendation_submit(
                    campaign=campaign,
                    recommender=recommender,
                    ranked=list(enumerate(group, start=after + 1)),
                    confirmed=True,  # the demo's units have looked at their lists
                    actor=actor,
                    today=self._day(campaign),
                )
        elif step.kind == "panel":
            self.panel(campaign, step, movers)
        elif step.kind == "approval":
            approval_decide(
                campaign=campaign,
                decisions=[ApprovalDecision(a, True, "同意") for a in movers],
                minutes=scanned("领导小组会议纪要.pdf"),
                actor=self.actor(movers[0], step.role),
            )
        elif step.kind == "announcement":
            result_announce(campaign=campaign, actor=self.actor(movers[0], step.role))

    def _by_actor(
        self, step: ChainStep, applications: list[Application]
    ) -> dict[Account, list[Application]]:
        groups: dict[Account, list[Application]] = {}
        for application in applications:
            groups.setdefault(self.actor(application, step.role), []).append(application)
        return groups

    def publicise(
        self, campaign: Campaign, step: ChainStep, applications: list[Application], start: date
    ) -> list[Publicity]:
        return [
            publicity_open(
                campaign=campaign,
                step_id=step.id,
                actor=actor,
                start=start,
                applications=group,
                today=start,  # opened on its first day, in the demo's past
            )
            for actor, group in self._by_actor(step, applications).items()
        ]

    def panel(self, campaign: Campaign, step: ChainStep, movers: list[Application]) -> None:
        """The panel's signed result for each award: the top two thirds selected, by score."""
        for award in campaign.program.awards:
            group = [a for a in movers if a.award_id == award.id]
            if not group:
                continue
            chosen = max(1, len(group) * 2 // 3)
            lines = [
                PanelLineInput(
                    application=application,
                    rank=rank,
                    selected=rank <= chosen,
                    score=Decimal(95 - rank * 3) + Decimal(self.rng.randint(0, 20)) / 10,
                )
                for rank, application in enumerate(group, start=1)
            ]
            panel_record(
                campaign=campaign,
                award_id=award.id,
                method="score",
                members=7,
                lines=lines,
                sheet=scanned("专家评审结果签字表.pdf"),
                actor=self.actor(group[0], step.role),
            )

    def objections(self, campaign: Campaign) -> None:
        """In the publicities open today: an objection waiting for the holder, and one the
        holder has found unfounded (the period goes on; it closes once all are settled)."""
        running = list(campaign.publicities.filter(closed_at__isnull=True).order_by("id"))
        first = running[0].applications.order_by("id").first()
        last = running[-1].applications.order_by("id").last()
        assert first is not None and last is not None and first != last
        pending, settled = CASES.objections.pending, CASES.objections.settled
        objection_submit(
            publicity=running[0],
            application=first,
            text=pending.text,
            name=pending.name,
            contact=pending.contact,
            today=self.demo.today,
        )
        objection = objection_submit(
            publicity=running[-1],
            application=last,
            text=settled.text,
            name=settled.name,
            contact=settled.contact,
            today=self.demo.today,
        )
        objection_resolve(
            objection=objection,
            upheld=False,
            resolution=settled.finding,
            actor=running[-1].created_by,
        )
        self.demo.notes.append(
            f"{running[0].title}：对{first.name}的异议待处理，处理后方可办结；"
            f"对{last.name}的异议已核查不成立"
        )


@transaction.atomic
def build_demo(today: date | None = None) -> Demo:
    """Create the demonstration regions, campaigns, accounts and applications (empty database)."""
    builder = Builder(today or beijing_today())
    for spec in REGIONS:
        builder.region(spec)
    return builder.demo
