"""The registry of awardees (XA24-15, XA24-16) and what later editions read from it (BJ24-03)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.utils import timezone

from skillaward.audit.models import AuditEntry
from skillaward.base.errors import ActionRefused
from skillaward.campaigns.selectors import screening
from skillaward.campaigns.services import campaign_create
from skillaward.registry.models import Awardee
from skillaward.registry.selectors import term_end
from skillaward.registry.services import awardee_register, registry_import
from tests.builders import applicant, id_number
from tests.web.factories import draft, world
from tests.web.test_publicity import at_stage

pytestmark = pytest.mark.django_db


def test_BJ24_03_awardee_of_an_announced_campaign_fails_a_later_campaign():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "announcement")
    awardee_register(application=application, actor=w.account("office_staff"))
    w.campaign = campaign_create(
        program_id=w.program_id, actor=w.account("office_staff"), name="下一批"
    )
    again = draft(w)
    _, _, findings = screening(again)
    outcomes = {f.clause: f.outcome for f in findings}
    assert outcomes["BJ24-03"] == "fail"


def test_awardee_register_writes_the_programme_title_level_year_and_unit():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "announcement")
    awardee = awardee_register(application=application, actor=w.account("office_staff"))
    assert (awardee.title, awardee.level, awardee.year, awardee.term_end) == (
        "享受北京市政府技师特殊津贴",
        "provincial",
        2024,
        None,
    )
    assert awardee.id_number == application.id_number
    assert awardee.unit_name == application.data["employer"]["name"]
    assert awardee.office == w.office
    assert AuditEntry.objects.of(application).last().action == ("awardee_register")


def test_XA24_15_awardee_term_ends_three_years_after_announcement():
    w = world("xingan-expert-2024")
    application = at_stage(w, "announcement")
    awardee = awardee_register(application=application, actor=w.account("office_staff"))
    assert awardee.term_end == term_end(3, timezone.localdate())


def test_term_end_is_the_day_before_the_anniversary():
    assert term_end(3, date(2024, 12, 20)) == date(2027, 12, 19)
    assert term_end(3, date(2024, 2, 29)) == date(2027, 2, 28)
    assert term_end(None, date(2024, 12, 20)) is None


@pytest.mark.parametrize("role", ["unit_staff", "recommender_staff", "expert", "approver"])
def test_awardee_register_refuses_other_roles(role):
    w = world("beijing-allowance-2024")
    application = at_stage(w, "announcement")
    with pytest.raises(ActionRefused):
        awardee_register(application=application, actor=w.account(role))
    assert Awardee.objects.count() == 0


def test_awardee_register_refuses_before_announcement():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "approval")
    with pytest.raises(ActionRefused, match="公布结果时才能登记"):
        awardee_register(application=application, actor=w.account("office_staff"))


def test_awardee_register_refuses_a_second_entry():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "announcement")
    awardee_register(application=application, actor=w.account("office_staff"))
    with pytest.raises(ActionRefused, match="已登记"):
        awardee_register(application=application, actor=w.account("office_staff"))
    assert Awardee.objects.count() == 1


def test_awardee_register_refuses_another_office():
    w = world("beijing-allowance-2024")
    other = world("xingan-expert-2024")
    application = at_stage(w, "announcement")
    with pytest.raises(ActionRefused, match="本评选办公室"):
        awardee_register(application=application, actor=other.account("office_staff"))


# --- importing past editions ------------------------------------------------------------------

PERSON = id_number("1975-03-02")


def past_entry(**changes: object) -> dict[str, object]:
    entry = {"id_number": PERSON, "title": "北京市政府技师特殊津贴", "level": "provincial"}
    return entry | {"year": 2020} | changes


def test_BJ24_03_an_imported_past_awardee_fails_the_campaign():
    w = world("beijing-allowance-2024")
    record = applicant(w.program_id)
    added = registry_import(
        rows=[past_entry(id_number=record["id_number"])], actor=w.account("office_staff")
    )
    assert added == 1
    _, _, findings = screening(draft(w, data=record))
    assert {f.clause: f.outcome for f in findings}["BJ24-03"] == "fail"


def test_XA24_16_registry_import_reads_json_lines_of_both_kinds(tmp_path):
    w = world("xingan-expert-2024")
    record = applicant("changchun-skills-3", serial=40)
    lines = [past_entry(term_end="2023-12-31"), record]
    path = tmp_path / "past.jsonl"
    path.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n\n",
        encoding="utf-8",
    )
    assert registry_import(path=path, actor=w.account("office_staff")) == 2
    first, second = Awardee.objects.order_by("pk")
    assert (first.id_number, first.title, first.level, first.year, first.term_end) == (
        PERSON,
        "北京市政府技师特殊津贴",
        "provincial",
        2020,
        date(2023, 12, 31),
    )
    assert (first.name, first.campaign, first.office) == ("", None, w.office)
    assert (second.name, second.unit_name, second.title, second.level, second.year) == (
        record["name"],
        record["employer"]["name"],
        "长春技能大奖",
        "city",
        2022,
    )


def test_XA24_16_registry_import_skips_who_is_already_registered():
    w = world("xingan-expert-2024")
    actor = w.account("office_staff")
    assert registry_import(rows=[past_entry(), past_entry()], actor=actor) == 1
    assert registry_import(rows=[past_entry(), past_entry(year=2017)], actor=actor) == 1
    assert Awardee.objects.count() == 2


def test_XA24_16_registry_import_names_the_bad_line_and_imports_nothing():
    w = world("xingan-expert-2024")
    rows = [past_entry(), past_entry(id_number="110105197503021234")]
    with pytest.raises(ActionRefused, match="第2条：id_number"):
        registry_import(rows=rows, actor=w.account("office_staff"))
    assert Awardee.objects.count() == 0


def test_XA24_16_registry_import_refuses_broken_json(tmp_path):
    w = world("xingan-expert-2024")
    path = tmp_path / "past.jsonl"
    path.write_text('{"id_number": \n', encoding="utf-8")
    with pytest.raises(ActionRefused, match="JSON格式错误"):
        registry_import(path=path, actor=w.account("office_staff"))


@pytest.mark.parametrize(
    "role", ["applicant", "unit_staff", "recommender_staff", "expert", "approver"]
)
def test_XA24_16_registry_import_is_for_office_staff_only(role):
    w = world("xingan-expert-2024")
    with pytest.raises(ActionRefused, match="只有评选办公室的工作人员"):
        registry_import(rows=[past_entry()], actor=w.account(role))
    assert Awardee.objects.count() == 0
