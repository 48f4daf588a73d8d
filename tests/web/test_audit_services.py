"""Every public service writes its audit entries (issue 9 §2): one case per function.

The list of public functions is read from the services modules, so a new service without a
case here fails ``test_every_public_service_has_a_case``. Each case prepares its data through
the real services, then runs the one call and states the entries it must append: the
subject (by model label) and the action, in order, each with the acting account's role.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import timedelta
from types import ModuleType
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillaward.audit.models import AuditEntry
from skillaward.campaigns import services as campaigns
from skillaward.holidays import services as holidays
from skillaward.organisations import services as organisations
from skillaward.panels import services as panels
from skillaward.publicity import services as publicity
from skillaward.registry import services as registry
from skillaward.review import services as review
from tests.builders import applicant, id_number
from tests.web.chain_helpers import at_stage, pdf, submitted
from tests.web.factories import draft, jpeg, pdf_bytes, reference_day, world
from tests.web.panel_helpers import candidates, drawn, give, members, opened, pool, xlsx

pytestmark = pytest.mark.django_db

MODULES: tuple[ModuleType, ...] = (
    organisations,
    campaigns,
    review,
    publicity,
    registry,
    holidays,
    panels,
)
APPLICATION = "campaigns.application"

# A case prepares what its service needs and answers (the call, the entries it must write,
# the role of the acting account; None for the public or the system).
Case = Callable[[], tuple[Callable[[], Any], list[tuple[str, str]], str | None]]
CASES: dict[str, Case] = {}


def case(service: Callable[..., Any]) -> Callable[[Case], Case]:
    def register(prepare: Case) -> Case:
        CASES[f"{service.__module__}.{service.__name__}"] = prepare
        return prepare

    return register


def public_services() -> list[str]:
    return sorted(
        f"{module.__name__}.{name}"
        for module in MODULES
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and not name.startswith("_")
    )


def test_every_public_service_has_a_case():
    assert public_services() == sorted(CASES)


# --- organisations and accounts --------------------------------------------------------------


@case(organisations.organisation_create)
def _organisation_create():
    w = world("beijing-allowance-2024", campaign=False)
    office = w.account("office_staff")

    def call():
        return organisations.organisation_create(
            parent=w.office, name="海淀区人社局", recommender_type="district", actor=office
        )

    return call, [("organisations.organisation", "organisation_create")], "office_staff"


@case(organisations.office_create)
def _office_create():
    def call():
        return organisations.office_create(
            name="测试市评选办公室", region="测试市", username="office9", password="Zx9!kq2w-long"
        )

    expected = [
        ("organisations.organisation", "organisation_create"),
        ("organisations.account", "account_create"),
    ]
    return call, expected, None


@case(organisations.account_create)
def _account_create():
    w = world("beijing-allowance-2024", campaign=False)

    def call():
        return organisations.account_create(
            organisation=w.office,
            role="expert",
            username="expert9",
            password="Zx9!kq2w-long",
            actor=w.account("office_staff"),
        )

    return call, [("organisations.account", "account_create")], "office_staff"


@case(organisations.account_password_reset)
def _account_password_reset():
    w = world("beijing-allowance-2024", campaign=False)

    def call():
        return organisations.account_password_reset(
            account=w.account("unit_staff"),
            password="Zx9!kq2w-long",
            actor=w.account("office_staff"),
        )

    return call, [("organisations.account", "account_password_reset")], "office_staff"


@case(organisations.account_role_change)
def _account_role_change():
    w = world("beijing-allowance-2024", campaign=False)

    def call():
        return organisations.account_role_change(
            account=w.account("expert"), role="approver", actor=w.account("office_staff")
        )

    return call, [("organisations.account", "account_role")], "office_staff"


@case(organisations.account_active_set)
def _account_active_set():
    w = world("beijing-allowance-2024", campaign=False)

    def call():
        return organisations.account_active_set(
            account=w.account("unit_staff"),
            active=False,
            reason="调离",
            actor=w.account("office_staff"),
        )

    return call, [("organisations.account", "account_deactivate")], "office_staff"


# --- campaigns and applications ------------------------------------------------------------


@case(campaigns.campaign_create)
def _campaign_create():
    w = world("changchun-skills-3", campaign=False)

    def call():
        return campaigns.campaign_create(
            program_id="changchun-skills-3", actor=w.account("office_staff")
        )

    return call, [("campaigns.campaign", "campaign_create")], "office_staff"


@case(campaigns.campaign_dates_change)
def _campaign_dates_change():
    w = world("changchun-skills-3")
    end = w.campaign.submission_phase().end + timedelta(days=2)

    def call():
        return campaigns.campaign_dates_change(
            campaign=w.campaign,
            phases=[{"id": "submission", "end": end}],
            reason="延期受理",
            actor=w.account("office_staff"),
        )

    return call, [("campaigns.campaign", "campaign_dates")], "office_staff"


@case(campaigns.application_start)
def _application_start():
    w = world("beijing-allowance-2024")

    def call():
        return campaigns.application_start(
            campaign=w.campaign,
            actor=w.account("applicant"),
            award_id=None,
            channel="unit",
            recommender=w.recommender,
            unit=w.unit,
            today=reference_day(w),
        )

    return call, [(APPLICATION, "draft_create")], "applicant"


@case(campaigns.application_save)
def _application_save():
    w = world("beijing-allowance-2024")
    application = draft(w, data={})

    def call():
        return campaigns.application_save(
            application=application,
            actor=w.account("applicant"),
            data=applicant(w.program_id),
        )

    return call, [(APPLICATION, "draft_save")], "applicant"


@case(campaigns.application_submit)
def _application_submit():
    w = world("beijing-allowance-2024")
    application = draft(w)
    actor = w.account("applicant")
    campaigns.application_photo(application=application, actor=actor, upload=jpeg())
    campaigns.application_pledge(application=application, actor=actor)

    def call():
        return campaigns.application_submit(
            application=application, actor=actor, today=reference_day(w)
        )

    return call, [(APPLICATION, "submit")], "applicant"


@case(campaigns.application_pledge)
def _application_pledge():
    w = world("beijing-allowance-2024")
    application = draft(w)

    def call():
        return campaigns.application_pledge(application=application, actor=w.account("applicant"))

    return call, [(APPLICATION, "pledge")], "applicant"


@case(campaigns.application_photo)
def _application_photo():
    w = world("beijing-allowance-2024")
    application = draft(w)

    def call():
        return campaigns.application_photo(
            application=application, actor=w.account("applicant"), upload=jpeg()
        )

    return call, [(APPLICATION, "file_upload")], "applicant"


def _evidence(application, actor):
    return campaigns.application_attachment(
        application=application,
        actor=actor,
        material_id="evidence",
        upload=SimpleUploadedFile("证书.pdf", pdf_bytes(), content_type="application/pdf"),
    )


@case(campaigns.application_attachment)
def _application_attachment():
    w = world("beijing-allowance-2024")
    application = draft(w)

    def call():
        return _evidence(application, w.account("applicant"))

    return call, [(APPLICATION, "file_upload")], "applicant"


@case(campaigns.application_attachments)
def _application_attachments():
    w = world("beijing-allowance-2024")
    application = draft(w)

    def call():
        return campaigns.application_attachments(
            application=application,
            actor=w.account("applicant"),
            material_id="evidence",
            uploads=[
                SimpleUploadedFile(f"证书{i}.pdf", pdf_bytes(), content_type="application/pdf")
                for i in (1, 2)
            ],
        )

    return call, [(APPLICATION, "file_upload"), (APPLICATION, "file_upload")], "applicant"


@case(campaigns.application_attachment_delete)
def _application_attachment_delete():
    w = world("beijing-allowance-2024")
    actor = w.account("applicant")
    attachment = _evidence(draft(w), actor)

    def call():
        return campaigns.application_attachment_delete(attachment=attachment, actor=actor)

    return call, [(APPLICATION, "file_delete")], "applicant"


@case(campaigns.external_investigation_record)
def _external_investigation_record():
    w = world("beijing-outstanding-6")
    application = at_stage(w, "recommender_review", channel="self", unit=None)

    def call():
        return campaigns.external_investigation_record(
            application=application, actor=w.account("recommender_staff"), text="经外调考察属实"
        )

    return call, [(APPLICATION, "external_investigation")], "recommender_staff"


# --- reviews, the ranked list, the panel, approval and announcement ---------------------------


@case(review.review_approve)
def _review_approve():
    w = world("beijing-allowance-2024")
    application = submitted(w)

    def call():
        return review.review_approve(
            application=application, actor=w.account("unit_staff"), opinion="同意推荐"
        )

    return call, [(APPLICATION, "approve")], "unit_staff"


@case(review.review_return)
def _review_return():
    w = world("beijing-allowance-2024")
    application = submitted(w)

    def call():
        return review.review_return(
            application=application, actor=w.account("unit_staff"), reason="请补充工作经历"
        )

    return call, [(APPLICATION, "return")], "unit_staff"


@case(review.review_reject)
def _review_reject():
    w = world("beijing-allowance-2024")
    application = submitted(w)

    def call():
        return review.review_reject(
            application=application, actor=w.account("unit_staff"), reason="不符合条件"
        )

    return call, [(APPLICATION, "reject")], "unit_staff"


@case(review.finding_override)
def _finding_override():
    w = world("liaocheng-chief-2019")
    application = at_stage(
        w, "office_review", data=applicant("liaocheng-chief-2019", born="1963-01-01")
    )

    def call():
        return review.finding_override(
            application=application,
            clause="LC19-06",
            reason="经集体研究破格推荐",
            actor=w.account("office_staff"),
        )

    return call, [(APPLICATION, "override")], "office_staff"


@case(review.recommendation_submit)
def _recommendation_submit():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "recommender_submit")

    def call():
        return review.recommendation_submit(
            campaign=w.campaign,
            recommender=w.recommender,
            ranked=[(1, application)],
            confirmed=True,
            actor=w.account("recommender_staff"),
            today=reference_day(w),
        )

    return call, [(APPLICATION, "recommendation_submit")], "recommender_staff"


@case(review.panel_record)
def _panel_record():
    w = world("changchun-skills-3")
    application = at_stage(w, "panel", award_id="grand-award")

    def call():
        return review.panel_record(
            campaign=w.campaign,
            award_id="grand-award",
            method="vote",
            members=7,
            lines=[review.PanelLineInput(application, rank=1, selected=True, votes=6)],
            sheet=pdf("签字表.pdf"),
            actor=w.account("office_staff"),
        )

    expected = [("review.panelresult", "panel_record"), (APPLICATION, "panel_selected")]
    return call, expected, "office_staff"


@case(review.approval_decide)
def _approval_decide():
    w = world("changchun-skills-3")
    application = at_stage(w, "approval", award_id="grand-award")

    def call():
        return review.approval_decide(
            campaign=w.campaign,
            decisions=[review.ApprovalDecision(application, False, "经审定不予通过")],
            minutes=pdf("会议纪要.pdf"),
            actor=w.account("approver"),
        )

    return call, [(APPLICATION, "approval_decline")], "approver"


@case(review.result_announce)
def _result_announce():
    w = world("changchun-skills-3")
    at_stage(w, "announcement", award_id="grand-award")

    def call():
        return review.result_announce(campaign=w.campaign, actor=w.account("office_staff"))

    expected = [(APPLICATION, "awardee_register"), (APPLICATION, "result_announce")]
    return call, expected, "office_staff"


# --- publicity and objections ------------------------------------------------------------------


def _opened(w):
    at_stage(w, "publicity_unit")
    return publicity.publicity_open(
        campaign=w.campaign, step_id="publicity_unit", actor=w.account("unit_staff")
    )


@case(publicity.publicity_open)
def _publicity_open():
    w = world("changchun-skills-3")
    at_stage(w, "publicity_unit")

    def call():
        return publicity.publicity_open(
            campaign=w.campaign, step_id="publicity_unit", actor=w.account("unit_staff")
        )

    expected = [("publicity.publicity", "publicity_open"), (APPLICATION, "publicity_open")]
    return call, expected, "unit_staff"


@case(publicity.objection_submit)
def _objection_submit():
    w = world("changchun-skills-3")
    opened = _opened(w)
    (application,) = opened.applications.all()

    def call():
        return publicity.objection_submit(
            publicity=opened,
            application=application,
            text="业绩不实",
            name="张三",
            contact="13800000000",
            today=opened.start_date,
        )

    expected = [("publicity.objection", "objection_submit"), (APPLICATION, "objection_submit")]
    return call, expected, None


@case(publicity.objection_resolve)
def _objection_resolve():
    w = world("changchun-skills-3")
    opened = _opened(w)
    (application,) = opened.applications.all()
    objection = publicity.objection_submit(
        publicity=opened,
        application=application,
        text="业绩不实",
        name="张三",
        contact="13800000000",
        today=opened.start_date,
    )

    def call():
        return publicity.objection_resolve(
            objection=objection,
            upheld=False,
            resolution="经核查不属实",
            actor=w.account("unit_staff"),
        )

    expected = [("publicity.objection", "objection_resolve"), (APPLICATION, "objection_resolve")]
    return call, expected, "unit_staff"


@case(publicity.publicity_close)
def _publicity_close():
    w = world("changchun-skills-3")
    opened = _opened(w)

    def call():
        return publicity.publicity_close(
            publicity=opened,
            actor=w.account("unit_staff"),
            today=opened.end_date + timedelta(days=1),
        )

    expected = [(APPLICATION, "publicity_pass"), ("publicity.publicity", "publicity_close")]
    return call, expected, "unit_staff"


# --- the registry ------------------------------------------------------------------------------


@case(registry.awardee_register)
def _awardee_register():
    w = world("changchun-skills-3")
    application = at_stage(w, "announcement", award_id="grand-award")

    def call():
        return registry.awardee_register(application=application, actor=w.account("office_staff"))

    return call, [(APPLICATION, "awardee_register")], "office_staff"


@case(registry.registry_import)
def _registry_import():
    w = world("xingan-expert-2024")
    row = {
        "id_number": id_number("1975-03-02"),
        "title": "北京市政府技师特殊津贴",
        "level": "provincial",
        "year": 2020,
    }

    def call():
        return registry.registry_import(rows=[row], actor=w.account("office_staff"))

    return call, [("organisations.organisation", "registry_import")], "office_staff"


# --- holiday schedules -------------------------------------------------------------------------


@case(holidays.schedule_import)
def _schedule_import():
    w = world("changchun-skills-3", campaign=False)
    content = b"year: 2027\nholidays:\n  - 2027-01-01\nworkdays: [2027-01-09]\n"

    def call():
        return holidays.schedule_import(
            actor=w.account("office_staff"), content=content, name="2027.yaml"
        )

    return call, [("holidays.holidayyear", "holidays_import")], "office_staff"


# --- expert review on the platform (issue 10) ---------------------------------------------------

PANEL = "panels.panel"
EXPERT = "panels.expert"
SHEET = "panels.sheet"
ROUND = "panels.round"
LC = "liaocheng-chief-2019"


@case(panels.expert_import)
def _expert_import():
    w = world(LC, campaign=False)
    file = xlsx(["王建国", "车工", "高级技师", "某厂", "聊城市", "13900000001"])

    def call():
        return panels.expert_import(office=w.office, file=file, actor=w.account("office_staff"))

    return (
        call,
        [("organisations.account", "account_create"), (EXPERT, "expert_import")],
        "office_staff",
    )


@case(panels.expert_save)
def _expert_save():
    w = world(LC, campaign=False)
    (expert,) = pool(w, 1)

    def call():
        return panels.expert_save(
            office=w.office, actor=w.account("office_staff"), expert=expert, level="技师"
        )

    return call, [(EXPERT, "expert_save")], "office_staff"


@case(panels.expert_active_set)
def _expert_active_set():
    w = world(LC, campaign=False)
    (expert,) = pool(w, 1)

    def call():
        return panels.expert_active_set(
            expert=expert, active=False, actor=w.account("office_staff")
        )

    return call, [(EXPERT, "expert_deactivate")], "office_staff"


@case(panels.panel_create)
def _panel_create():
    w = world(LC)

    def call():
        return panels.panel_create(
            campaign=w.campaign,
            step_id="panel",
            award_id="chief-technician",
            actor=w.account("office_staff"),
        )

    return call, [(PANEL, "panel_create")], "office_staff"


def _city(w, *, n=1, experts=6, reserves=1):
    apps = candidates(w, n)
    pool(w, experts)
    return drawn(w, size=5, reserves=reserves), apps


@case(panels.panel_draw)
def _panel_draw():
    w = world(LC)
    panel, _ = _city(w)

    def call():
        return panels.panel_draw(panel=panel, size=5, reserves=0, actor=w.account("office_staff"))

    return call, [(PANEL, "panel_redraw")], "office_staff"


@case(panels.member_pick)
def _member_pick():
    w = world(LC)
    panel, _ = _city(w)
    (spare,) = pool(w, 1, start=50)

    def call():
        return panels.member_pick(
            panel=panel, expert=spare, reason="稀缺", actor=w.account("office_staff")
        )

    return call, [(PANEL, "member_pick")], "office_staff"


@case(panels.reserve_call)
def _reserve_call():
    w = world(LC)
    panel, _ = _city(w)
    leaving = members(panel)[0]

    def call():
        return panels.reserve_call(
            panel=panel, actor=w.account("office_staff"), reason="因病", member=leaving
        )

    return call, [(PANEL, "reserve_call")], "office_staff"


@case(panels.recusal_declare)
def _recusal_declare():
    w = world(LC)
    panel, (application,) = _city(w)
    member = members(panel)[0]

    def call():
        return panels.recusal_declare(
            member=member,
            application=application,
            reason_code="kinship",
            reason="亲属",
            actor=member.expert.account,
        )

    return call, [(PANEL, "recusal_declare")], "expert"


@case(panels.round_open)
def _round_open():
    w = world(LC)
    panel, _ = _city(w)

    def call():
        return panels.round_open(panel=panel, actor=w.account("office_staff"))

    return call, [(ROUND, "round_open")], "office_staff"


@case(panels.sheet_save)
def _sheet_save():
    w = world(LC)
    panel, (application,) = _city(w)
    opened(w, panel)
    member = members(panel)[0]

    def call():
        return panels.sheet_save(
            member=member, application=application, actor=member.expert.account, vote="yes"
        )

    return call, [(SHEET, "sheet_save")], "expert"


@case(panels.sheet_submit)
def _sheet_submit():
    w = world(LC)
    panel, (application,) = _city(w)
    opened(w, panel)
    member = members(panel)[0]
    panels.sheet_save(
        member=member, application=application, actor=member.expert.account, vote="no"
    )

    def call():
        return panels.sheet_submit(
            member=member, application=application, actor=member.expert.account
        )

    return call, [(SHEET, "sheet_submit")], "expert"


@case(panels.sheet_correct)
def _sheet_correct():
    w = world(LC)
    panel, (application,) = _city(w)
    opened(w, panel)
    member = members(panel)[0]
    give(member, application, vote="no")

    def call():
        return panels.sheet_correct(
            member=member,
            application=application,
            actor=member.expert.account,
            reason="误选",
            vote="yes",
        )

    return call, [(SHEET, "sheet_correct")], "expert"


def _voted(w, votes):
    panel, apps = _city(w, n=len(votes))
    current = opened(w, panel)
    for member in members(panel):
        for application, vote in zip(apps, votes, strict=True):
            give(member, application, vote=vote)
    return panel, current, apps


@case(panels.round_close)
def _round_close():
    w = world(LC)
    _, current, _ = _voted(w, ["yes"])

    def call():
        return panels.round_close(round=current, actor=w.account("office_staff"))

    return call, [(ROUND, "round_close")], "office_staff"


@case(panels.runoff_open)
def _runoff_open():
    w = world(LC)
    _, current, _ = _voted(w, ["yes", "yes"])
    current.quota = 1
    current.save(update_fields=["quota"])
    panels.round_close(round=current, actor=w.account("office_staff"))

    def call():
        return panels.runoff_open(round=current, actor=w.account("office_staff"))

    return call, [(ROUND, "runoff_open")], "office_staff"


@case(panels.panel_finish)
def _panel_finish():
    w = world(LC)
    panel, current, _ = _voted(w, ["yes", "no"])
    panels.round_close(round=current, actor=w.account("office_staff"))

    def call():
        return panels.panel_finish(
            panel=panel, summary=pdf("汇总表.pdf"), actor=w.account("office_staff")
        )

    expected = [
        (PANEL, "panel_finish"),
        (APPLICATION, "panel_selected"),
        (APPLICATION, "panel_not_selected"),
    ]
    return call, expected, "office_staff"


# Parametrised last: every case above is registered by now.
@pytest.mark.parametrize("name", sorted(CASES))
def test_service_writes_its_audit_entries_in_its_transaction(name):
    call, expected, role = CASES[name]()
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    call()
    written = list(AuditEntry.objects.filter(id__gt=last).order_by("id"))
    assert [(e.subject_type, e.action) for e in written] == expected
    assert {e.role for e in written} == {role or ""}
