"""Test data for the platform: one region per programme, with an account for every role.

``world(program_id)`` builds the office, one recommending unit of each type the programme
admits, one work unit under each, and an account per role; ``ready_application(...)`` gives
an application that passes submission. Nothing here is random.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.services import application_save, application_start, campaign_create
from skillaward.core.idnumber import parse_id_number
from skillaward.core.program import find_program
from skillaward.organisations.models import Account, Organisation
from tests.builders import applicant

PASSWORD = "test-pass-123"


@dataclass
class World:
    program_id: str
    office: Organisation
    recommender: Organisation
    unit: Organisation
    other_recommender: Organisation
    other_unit: Organisation
    accounts: dict[str, Account] = field(default_factory=dict)
    campaign: Campaign | None = None

    def account(self, role: str) -> Account:
        return self.accounts[role]


def account(username: str, role: str, organisation: Organisation | None) -> Account:
    user = Account.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        organisation=organisation,
        full_name=username,
    )
    return user


def world(
    program_id: str, *, campaign: bool = True, phases: list[dict[str, Any]] | None = None
) -> World:
    """A region for ``program_id``: office → two recommending units → a work unit each."""
    program = find_program(program_id)
    types = program.nomination.recommender_types
    office = Organisation.objects.create(
        name=f"{program.region}评选办公室-{program.id}", kind="office", region=program.region
    )
    recommender = Organisation.objects.create(
        name=_recommender_name(program_id),
        kind="recommender",
        recommender_type=types[0],
        parent=office,
        region=program.region,
    )
    other_recommender = Organisation.objects.create(
        name="另一推荐单位",
        kind="recommender",
        recommender_type=types[-1],
        parent=office,
        region=program.region,
    )
    unit = Organisation.objects.create(name="某机械有限公司", kind="unit", parent=recommender)
    other_unit = Organisation.objects.create(name="另一单位", kind="unit", parent=other_recommender)
    w = World(program_id, office, recommender, unit, other_recommender, other_unit)
    tag = program.id[:6]
    w.accounts = {
        "applicant": account(f"{tag}-applicant", "applicant", unit),
        "other_applicant": account(f"{tag}-applicant2", "applicant", other_unit),
        "unit_staff": account(f"{tag}-unit", "unit_staff", unit),
        "other_unit_staff": account(f"{tag}-unit2", "unit_staff", other_unit),
        "recommender_staff": account(f"{tag}-rec", "recommender_staff", recommender),
        "other_recommender_staff": account(f"{tag}-rec2", "recommender_staff", other_recommender),
        "office_staff": account(f"{tag}-office", "office_staff", office),
        "expert": account(f"{tag}-expert", "expert", office),
        "approver": account(f"{tag}-approver", "approver", office),
    }
    if campaign:
        w.campaign = campaign_create(
            program_id=program_id, actor=w.accounts["office_staff"], phases=phases
        )
    return w


def _recommender_name(program_id: str) -> str:
    """The recommender the builders' valid records name (so records and rows agree)."""
    return applicant(program_id)["nomination"]["recommender"]


def reference_day(w: World) -> date:
    """A day inside the campaign's submission window."""
    assert w.campaign is not None
    return w.campaign.submission_phase().end


def jpeg(
    width: int = 330, height: int = 480, colour: tuple[int, int, int] = (67, 142, 219)
) -> SimpleUploadedFile:
    """A photo: 2-inch proportions (35×53 mm ≈ 0.66) on a blue background by default."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def photo_for(program_id: str) -> SimpleUploadedFile:
    """A photo the programme accepts: red background for Xing'an (XA24-10), blue elsewhere."""
    return jpeg(colour=(200, 30, 40)) if program_id == "xingan-expert-2024" else jpeg()


def draft(
    w: World,
    *,
    data: dict[str, Any] | None = None,
    who: str = "applicant",
    today: date | None = None,
    **start: Any,
) -> Application:
    """A saved draft of the world's applicant, with a record that passes the programme."""
    assert w.campaign is not None
    actor = w.account(who)
    program = find_program(w.program_id)
    options = {
        "award_id": program.awards[0].id,
        "channel": "unit",
        "recommender": w.recommender if who == "applicant" else w.other_recommender,
        "unit": w.unit if who == "applicant" else w.other_unit,
    } | start
    application = application_start(
        campaign=w.campaign, actor=actor, today=today or reference_day(w), **options
    )
    record = applicant(w.program_id) if data is None else data
    return application_save(application=application, actor=actor, data=record)


def pdf_bytes(pages: int = 1) -> bytes:
    """A PDF that opens, with ``pages`` blank A4 pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def with_id_number_facts(record):
    """The record as saved: gender and birth date, when absent, read from the ID number."""
    identity = parse_id_number(record["id_number"])
    facts = {"gender": identity.gender, "birth_date": identity.birth_date.isoformat()}
    return facts | record
