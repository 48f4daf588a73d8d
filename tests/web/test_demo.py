"""``skillaward demo``: the demonstration site, built through the real services."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import override_settings

from skillaward.base.errors import ActionRefused
from skillaward.campaigns.forms import detail_items
from skillaward.campaigns.models import Application
from skillaward.campaigns.selectors import details_problems
from skillaward.core import chain
from skillaward.core.idnumber import parse_id_number
from skillaward.core.program import bundled_programs
from skillaward.demo import (
    CLOSED_PROGRAM,
    CURRENT_STOP,
    EDITION_NAMES,
    FLAWS,
    PASSWORD,
    PAST_EDITIONS,
    REAPPLY,
    account_table,
    build_demo,
    campaign_lines,
    years_before,
)
from skillaward.organisations.models import Account
from skillaward.panels.models import Expert, Panel, Round, Sheet
from skillaward.panels.selectors import round_progress
from skillaward.publicity.models import Objection, Publicity
from skillaward.publicity.services import publicity_close
from skillaward.registry.models import Awardee
from skillaward.review.services import review_approve

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)  # any day: the campaigns' dates follow it


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, inside a transaction rolled back at its end."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        yield build_demo(TODAY)
        transaction.set_rollback(True)


def editions(demo, program_id):
    return [c for c in demo.campaigns if c.program_id == program_id]


def current(demo, program_id, **filters):
    return Application.objects.filter(campaign=demo.current[program_id], **filters)


def test_demo_has_a_current_campaign_per_programme_open_today_but_one(demo):
    assert sorted(demo.current) == sorted(bundled_programs())
    open_today = {p for p, c in demo.current.items() if c.accepts_material_on(TODAY)}
    assert set(demo.current) - open_today == {CLOSED_PROGRAM}


def test_demo_earlier_editions_are_named_and_closed_a_year_apart(demo):
    for program_id, stops in PAST_EDITIONS.items():
        this = demo.current[program_id]
        past = [c for c in editions(demo, program_id) if c != this]
        assert [c.name for c in past] == [this.name + EDITION_NAMES[i] for i in range(len(stops))]
        for years, campaign in enumerate(past, start=1):
            deadline = campaign.submission_phase().end
            assert deadline == years_before(TODAY, years) - timedelta(days=10), campaign.name
            assert campaign.reference_date == deadline


def test_demo_beijing_runs_both_beijing_programmes_from_one_office(demo):
    assert demo.current["beijing-outstanding-6"].office == (
        demo.current["beijing-allowance-2024"].office
    )
    assert len({c.office_id for c in demo.campaigns}) == 4


def test_demo_has_an_account_for_every_role_of_every_region_that_can_log_in(demo, client):
    roles = {(a.region, a.role) for a in demo.accounts}
    regions = {c.office.region for c in demo.campaigns}
    assert roles == {(r, role) for r in regions for role in Account.Role.values}
    table = account_table(demo)
    assert len(table) == 1 + len(roles)
    assert {a.account.password for a in demo.accounts} == {demo.accounts[0].account.password}
    assert demo.accounts[0].account.check_password(PASSWORD)
    username = table[1].split()[2]
    assert client.login(username=username, password=PASSWORD)


def test_demo_recommenders_are_of_the_types_each_programme_names(demo):
    for campaign in demo.campaigns:
        types = {o.recommender_type for o in campaign.office.children.all()}
        assert types <= set(campaign.program.nomination.recommender_types), campaign.name


def test_demo_applicants_are_real_people_and_only_the_awardee_applies_twice(demo):
    applications = Application.objects.select_related("campaign")
    for application in applications.exclude(verdict=""):
        parse_id_number(application.id_number)
    twice = {n for n, k in Counter(a.id_number for a in applications).items() if k > 1}
    awarded = set(applications.filter(stage=chain.AWARDED).values_list("id_number", flat=True))
    assert len(twice) == 1
    assert twice <= awarded


def test_demo_current_editions_fail_one_record_and_the_re_applicant(demo):
    assert set(FLAWS) == set(demo.current)
    for program_id in demo.current:
        verdicts = Counter(current(demo, program_id).values_list("verdict", flat=True))
        assert verdicts["ineligible"] == 1 + (program_id in REAPPLY), program_id
        assert verdicts["eligible"] >= 10, program_id


def test_demo_open_campaigns_keep_two_drafts(demo):
    for program_id in demo.current:
        drafts = current(demo, program_id, stage=chain.DRAFT).count()
        assert drafts == (0 if program_id == CLOSED_PROGRAM else 2), program_id


def test_demo_every_step_of_every_chain_has_someone_waiting_in_some_edition(demo):
    for program_id in demo.current:
        waiting = set(
            Application.objects.filter(campaign__program_id=program_id).values_list(
                "stage", flat=True
            )
        )
        steps = {s.id for s in demo.current[program_id].workflow.steps}
        assert steps <= waiting, (program_id, steps - waiting)
        assert {chain.RETURNED, chain.REJECTED, chain.NOT_SELECTED} <= waiting, program_id


def test_demo_current_editions_have_every_step_up_to_the_panel_a_return_and_a_rejection(demo):
    for program_id, campaign in demo.current.items():
        ids = [s.id for s in campaign.workflow.path("unit")]
        before = set(ids[: ids.index(CURRENT_STOP) + 1])
        stages = Counter(current(demo, program_id).values_list("stage", flat=True))
        assert before | {chain.RETURNED, chain.REJECTED} <= set(stages), (program_id, stages)
        assert set(stages) <= before | {chain.DRAFT, chain.RETURNED, chain.REJECTED}
        returned = current(demo, program_id, stage=chain.RETURNED).get()
        assert returned.audit_entries.filter(action="return").exclude(reason="").count() == 1


def test_demo_publicity_after_the_panel_waits_open_where_a_chain_has_one(demo):
    for program_id, campaign in demo.current.items():
        path = [s.id for s in campaign.workflow.path("unit")]
        after = [s for s in path[path.index(CURRENT_STOP) :] if s.startswith("publicity_")]
        for step in after:
            open_now = Publicity.objects.filter(
                campaign__program_id=program_id, step=step, closed_at__isnull=True
            )
            assert open_now.exists(), program_id
            for publicity in open_now:
                assert publicity.start_date <= TODAY <= publicity.end_date
                assert {a.stage for a in publicity.applications.all()} == {step}


def test_demo_announced_editions_put_their_awardees_in_the_registry(demo):
    announced = [p for p, stops in PAST_EDITIONS.items() if chain.AWARDED in stops]
    assert len(announced) == 2
    for program_id in announced:
        awarded = Application.objects.filter(campaign__program_id=program_id, stage="awarded")
        assert awarded.exists(), program_id
        entries = Awardee.objects.filter(campaign__program_id=program_id)
        assert sorted(entries.values_list("application_id", flat=True)) == sorted(
            awarded.values_list("pk", flat=True)
        )
    imported = Awardee.objects.filter(campaign__isnull=True)
    offices = {c.office.region for p, c in demo.current.items() if p not in announced}
    assert set(imported.values_list("office__region", flat=True)) == offices - {"长春市"}


def test_demo_re_applicant_fails_the_already_honoured_clause(demo):
    for program_id, clause in REAPPLY.items():
        honoured = Awardee.objects.values_list("id_number", flat=True)
        again = current(demo, program_id, id_number__in=honoured).get()
        failing = {f["clause"] for f in again.findings if f["outcome"] == "fail"}
        assert failing == {clause}, program_id
        past = Awardee.objects.filter(id_number=again.id_number).get()
        assert again.name == past.name
        if past.application is not None:  # announced here: the same award, the same account
            assert again.award_id == past.application.award_id
            assert again.applicant == past.application.applicant
        assert again.stage == demo.current[program_id].workflow.first_stage("unit")


def test_demo_self_nominees_and_the_expert_recommendation(demo):
    program_id = "beijing-outstanding-6"
    selves = list(current(demo, program_id, channel="self").order_by("id"))
    assert [a.stage for a in selves] == ["recommender_review"] * 2
    assert [bool(a.external_investigation) for a in selves] == [False, True]
    staff = Account.objects.get(role="recommender_staff", organisation=selves[0].recommender)
    with pytest.raises(ActionRefused, match="BJ6-12"):
        review_approve(application=selves[0], actor=staff, opinion="同意")
    expert = current(demo, program_id, channel="expert").get()
    experts = expert.data["nomination"]["experts"]
    assert len(experts) == 3 and all(e["signed"] for e in experts)
    assert {f["outcome"] for f in expert.findings if f["clause"] == "BJ6-10"} == {"pass"}
    assert current(demo, "xingan-expert-2024", channel="self").count() == 1


def test_demo_publicity_has_a_pending_and_a_settled_objection(demo):
    pending = Objection.objects.get(upheld__isnull=True)
    settled = Objection.objects.get(upheld=False)
    assert settled.resolution and settled.handled_by is not None
    publicity = pending.publicity
    assert publicity.closed_at is None and publicity.start_date <= TODAY
    with pytest.raises(ActionRefused, match="异议尚未处理"):
        publicity_close(
            publicity=publicity, actor=publicity.created_by, today=publicity.end_date + timedelta(1)
        )


def test_demo_submitted_applicants_fill_every_detail_their_forms_print(demo):
    submitted = Application.objects.exclude(stage=chain.DRAFT).select_related("campaign")
    for application in submitted:
        keys = {
            i.key.removeprefix("details.") for i in detail_items(application.campaign.program_id)
        }
        assert set(application.details) == keys, application.campaign.program_id
        assert details_problems(application.details) == []
    changchun = submitted.filter(campaign__program_id="changchun-skills-3")
    assert all(a.details["bank_account"] for a in changchun)


def test_LC19_06_closed_campaign_has_an_applicant_over_55_the_office_accepted(demo):
    campaign = demo.current[CLOSED_PROGRAM]
    assert not campaign.accepts_material_on(TODAY)
    older = current(demo, CLOSED_PROGRAM, overrides__clause="LC19-06").get()
    assert older.stage == "office_review"
    assert {f["outcome"] for f in older.findings if f["clause"] == "LC19-06"} == {"fail"}
    assert older.verdict == "eligible"


def test_demo_summary_lists_every_campaign_and_the_cases(demo):
    text = "\n".join(campaign_lines(demo))
    for campaign in demo.campaigns:
        assert campaign.name + "：申报" in text
    assert "退回修改" in text and "已公布获评" in text and "获评人员库" in text
    assert len(demo.notes) >= 10


def test_demo_current_editions_have_a_pool_a_drawn_panel_a_recusal_and_an_expert_not_done(demo):
    for campaign in demo.current.values():
        assert campaign.office.experts.filter(active=True).count() >= 10
        panel = Panel.objects.get(campaign=campaign)
        assert panel.status == "scoring" and panel.draws.count() == 1
        assert panel.recusals.filter(automatic=False).count() == 1
        (open_round,) = panel.rounds.all()
        progress = round_progress(open_round)
        not_done = [p for p in progress if p.not_started or p.draft]
        assert len(not_done) == 1 and not_done[0].draft == 1
        assert Sheet.objects.filter(round=open_round, status="submitted").exists()


def test_demo_pool_experts_log_in_with_the_demo_password(demo, client):
    rows = [a.split() for a in account_table(demo)[1:] if "评审专家" in a]
    assert len(rows) == len({r.region for r in demo.accounts})
    for row in rows:
        assert Expert.objects.filter(account__username=row[2]).exists()
        assert client.login(username=row[2], password=PASSWORD)
        assert "我的评审" in client.get("/").content.decode()


def test_demo_an_earlier_edition_went_through_a_runoff_lc19_10(demo):
    (runoff,) = Round.objects.filter(runoff_of__isnull=False)
    assert runoff.status == "closed" and runoff.panel.status == "finished"
    assert runoff.panel.campaign not in demo.current.values()
    assert runoff.panel.step_id == "recommender_review" and runoff.panel.summary
    tied = {int(ref) for ref in runoff.runoff_of.tally["runoff"]}
    assert tied == set(runoff.candidates.values_list("pk", flat=True)) and len(tied) == 2
    stages = Counter(Application.objects.filter(pk__in=tied).values_list("stage", flat=True))
    assert stages[chain.REJECTED] == 1
