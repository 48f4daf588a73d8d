"""The application pages: every programme's form renders with a label for every input and
round-trips the record; drafts autosave; the panel lists findings; files are permission-checked."""

from __future__ import annotations

import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillaward.base.clock import beijing_today
from skillaward.campaigns.models import Application
from skillaward.campaigns.selectors import applicant_materials
from skillaward.campaigns.services import application_attachment, application_submit
from skillaward.core.program import bundled_programs, find_program
from tests.builders import applicant
from tests.web.factories import draft, jpeg, pdf_bytes, reference_day, with_id_number_facts, world
from tests.web.test_applications import ready, rich

pytestmark = pytest.mark.django_db
PROGRAMS = sorted(bundled_programs())


class FormValues(HTMLParser):
    """What a browser would post from the application form: names and values, labels by id."""

    def __init__(self) -> None:
        super().__init__()
        self.posted: list[tuple[str, str]] = []
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self._in_form = False
        self._in_template = 0
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "application-form":
            self._in_form = True
        if tag == "template":
            self._in_template += 1
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if not self._in_form or self._in_template:
            return
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.ids.append(a.get("id", ""))
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.posted.append((a["name"], a.get("value", "on")))
            elif a.get("name"):
                self.posted.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.posted.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template -= 1
        elif tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.posted.append((self._textarea, self._text))
            self._textarea = None


def page_form(client, application: Application) -> FormValues:
    response = client.get(reverse("application_edit", args=[application.pk]))
    assert response.status_code == 200
    parser = FormValues()
    parser.feed(response.content.decode())
    return parser


def as_post(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def open_world(program_id: str):
    """A campaign whose submission window is open today (pages use the real date)."""
    end = beijing_today() + timedelta(days=10)
    phases = [{"id": p.id, "end": end} for p in find_program(program_id).timeline if p.submission]
    return world(program_id, phases=phases)


def logged_in(client, w, role="applicant"):
    client.force_login(w.account(role))
    return client


@pytest.mark.parametrize("program_id", PROGRAMS)
def test_every_programme_form_renders_with_a_label_for_every_input(client, program_id):
    w = world(program_id)
    application = draft(w, data=rich(program_id))
    form = page_form(logged_in(client, w), application)
    assert form.ids
    assert [i for i in form.ids if i not in form.labels] == []
    assert len(form.ids) == len(set(form.ids))


@pytest.mark.parametrize("program_id", PROGRAMS)
def test_every_programme_form_round_trips_the_record(client, program_id):
    w = world(program_id)
    record = rich(program_id)
    application = draft(w, data=record)
    form = page_form(logged_in(client, w), application)
    response = client.post(reverse("application_edit", args=[application.pk]), as_post(form.posted))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.data == with_id_number_facts(record)


def test_empty_form_offers_a_work_history_row_but_no_empty_optional_rows(client):
    """Optional groups (honours, patents, …) start with only their add button, so that an
    empty row's required marks do not suggest the group must be filled (BJ24-16 needs the
    work history)."""
    w = world("beijing-allowance-2024")
    application = draft(w, data={})
    page = logged_in(client, w).get(reverse("application_edit", args=[application.pk]))
    text = page.content.decode()
    assert 'id="f-work_history-0-from"' in text
    assert "f-honors-0-" not in text and "f-patents-0-" not in text
    assert "增加一条荣誉称号" in text


def test_bj6_10_expert_form_collects_the_co_signers(client):
    w = world("beijing-outstanding-6")
    experts = [
        {"name": f"专家{n}", "skill_level": "高级技师", "occupation": "车工", "signed": True}
        for n in "甲乙丙"
    ]
    record = applicant(w.program_id, nomination={"experts": experts})
    application = draft(w, channel="expert", unit=None, data=record)
    form = page_form(logged_in(client, w), application)
    assert ("nomination.experts.2.name", "专家丙") in form.posted
    client.post(reverse("application_edit", args=[application.pk]), as_post(form.posted))
    application.refresh_from_db()
    assert application.data["nomination"] == {"experts": experts}
    assert {f["clause"]: f["outcome"] for f in application.findings}["BJ6-10"] == "pass"


def test_bj24_07_new_application_page_offers_only_allowed_channels(client):
    w = world("beijing-allowance-2024")
    page = logged_in(client, w).get(reverse("application_new") + f"?campaign={w.campaign.pk}")
    html = page.content.decode()
    assert 'value="unit"' in html
    assert 'value="self"' not in html and 'value="expert"' not in html
    assert "本项目只接受单位推荐（BJ24-07）" in html


def test_bj6_09_new_application_page_starts_a_self_nomination(client):
    w = open_world("beijing-outstanding-6")
    post = {
        "campaign": w.campaign.pk,
        "award": "outstanding",
        "channel": "self",
        "recommender": w.recommender.pk,
        "unit": "",
    }
    response = logged_in(client, w).post(reverse("application_new"), post)
    application = Application.objects.get()
    assert response["Location"] == reverse("application_edit", args=[application.pk])
    assert (application.channel, application.unit) == ("self", None)


def test_bj24_11_new_application_page_shows_the_deadline_refusal(client):
    w = world("beijing-allowance-2024")
    post = {"campaign": w.campaign.pk, "award": "allowance", "channel": "unit"}
    post |= {"recommender": w.recommender.pk, "unit": w.unit.pk}
    response = logged_in(client, w).post(reverse("application_new"), post)
    assert "逾期不予受理（BJ24-11）" in response.content.decode()
    assert Application.objects.count() == 0


def test_autosave_keeps_invalid_input_and_answers_field_errors(client):
    w = world("beijing-allowance-2024")
    application = draft(w, data={})
    response = logged_in(client, w).post(
        reverse("application_edit", args=[application.pk]),
        {"name": "王建国", "id_number": "110105197803100124", "work_history.0.from": "2005/07"},
        headers={"X-Autosave": "1"},
    )
    answer = response.json()
    assert set(answer) == {"saved", "errors", "left"}
    assert answer["errors"]["f-id_number"].startswith("身份证号码校验位应为")
    assert answer["errors"]["f-work_history-0-from"] == "“2005/07”格式不对，应为YYYY-MM"
    application.refresh_from_db()
    assert application.data == {
        "name": "王建国",
        "id_number": "110105197803100124",
        "work_history": [{"from": "2005/07"}],
        "post": {"front_line": False},
    }


def test_eligibility_panel_lists_every_finding_with_its_clause(client):
    w = world("beijing-allowance-2024")
    application = draft(w)
    html = logged_in(client, w).get(reverse("application_eligibility", args=[application.pk]))
    text = html.content.decode()
    for finding in application.findings:
        assert finding["clause"] in text
    assert "符合申报条件" in text
    posted = client.post(
        reverse("application_eligibility", args=[application.pk]), {"name": "王建国"}
    )
    assert "项必填信息未填或有误" in posted.content.decode()


def test_submit_page_shows_field_errors_next_to_the_fields(client):
    w = open_world("beijing-allowance-2024")
    data = applicant(w.program_id, deeds="字" * 1001)
    application = draft(w, data=data, today=beijing_today())
    response = logged_in(client, w).post(reverse("application_submit", args=[application.pk]))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-error-for="f-deeds">主要事迹限1000字以内，现有1001字（BJ24-20）<' in html
    assert 'id="f-photo-error">请上传二寸免冠照片（BJ24-10）<' in html
    assert 'id="f-pledge-error">请阅读并签署真实性承诺<' in html


def test_pledge_photo_and_submit_through_the_pages(client):
    w = open_world("beijing-allowance-2024")
    application = draft(w, today=beijing_today())
    c = logged_in(client, w)
    c.post(reverse("application_photo", args=[application.pk]), {"photo": jpeg()})
    c.post(reverse("application_pledge", args=[application.pk]), {"agree": "on"})
    response = c.post(reverse("application_submit", args=[application.pk]))
    assert response["Location"] == reverse("application_detail", args=[application.pk])
    application.refresh_from_db()
    assert application.stage == w.campaign.workflow.first_stage("unit")
    detail = c.get(response["Location"]).content.decode()
    assert application.stage_name in detail


def test_bj24_11_submit_page_refuses_after_the_deadline(client):
    w = world("beijing-allowance-2024")
    application = ready(w)
    response = logged_in(client, w).post(
        reverse("application_submit", args=[application.pk]), follow=True
    )
    assert "逾期不予受理（BJ24-11）" in response.content.decode()


def test_photo_page_shows_the_refusal(client):
    w = world("xingan-expert-2024")
    application = draft(w)
    response = logged_in(client, w).post(
        reverse("application_photo", args=[application.pk]), {"photo": jpeg()}, follow=True
    )
    assert "照片背景应为红色，上传的照片背景为蓝色（XA24-10）" in response.content.decode()


def test_files_only_for_those_who_may_see_the_application(client):
    w = world("beijing-allowance-2024")
    application = ready(w)
    url = reverse("application_file", args=[application.pk, "photo"])
    assert logged_in(client, w).get(url).status_code == 200
    assert logged_in(client, w, "other_applicant").get(url).status_code == 404
    assert logged_in(client, w, "unit_staff").get(url).status_code == 404  # a draft
    application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )
    assert logged_in(client, w, "unit_staff").get(url).status_code == 200
    assert logged_in(client, w, "other_unit_staff").get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_export_downloads_the_submitted_record(client):
    w = world("beijing-allowance-2024")
    record = rich(w.program_id)
    application = ready(w, data=record)
    export = reverse("application_export", args=[application.pk])
    assert logged_in(client, w).get(export).status_code == 302  # a draft is not exported
    application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )
    response = client.get(export)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="application-{application.pk}.json"'
    )
    assert json.loads(response.content) == with_id_number_facts(record)


def test_bj6_12_recommender_records_the_investigation_on_the_detail_page(client):
    w = world("beijing-outstanding-6")
    application = ready(w, channel="self", unit=None)
    application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )
    c = logged_in(client, w, "recommender_staff")
    assert (
        "记录外调考察情况"
        in c.get(reverse("application_detail", args=[application.pk])).content.decode()
    )
    c.post(reverse("application_investigation", args=[application.pk]), {"text": "情况属实"})
    application.refresh_from_db()
    assert application.external_investigation == "情况属实"


def test_bj6_12_candidate_page_leads_to_the_investigation_and_back(client):
    """The recommending unit reviews on the candidate page: it says the investigation is
    missing, links the form, and recording it returns there."""
    w = world("beijing-outstanding-6")
    application = ready(w, channel="self", unit=None)
    application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )
    c = logged_in(client, w, "recommender_staff")
    page = c.get(reverse("candidate_detail", args=[application.pk])).content.decode()
    assert "个人自荐人选须先记录外调考察情况，才能审核通过（BJ6-12）" in page
    assert reverse("application_detail", args=[application.pk]) + "#investigation" in page
    response = c.post(
        reverse("application_investigation", args=[application.pk]), {"text": "情况属实"}
    )
    assert response.url == reverse("candidate_detail", args=[application.pk])
    page = c.get(reverse("candidate_detail", args=[application.pk])).content.decode()
    assert "外调考察情况：情况属实" in page and "须先记录外调考察情况" not in page


def test_self_nominee_detail_page_offers_no_investigation_where_the_chain_asks_for_none(client):
    """XA24-08 admits self-nominations; its chain asks for no investigation (unlike BJ6-12)."""
    w = world("xingan-expert-2024")
    application = ready(w, channel="self", unit=None)
    application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )
    page = logged_in(client, w, "recommender_staff").get(
        reverse("application_detail", args=[application.pk])
    )
    assert "外调考察" not in page.content.decode()


def test_candidate_page_links_the_full_application_and_its_files(client):
    w = world("beijing-allowance-2024")
    application = ready(w)
    material = applicant_materials(application.campaign.program)[0]
    application_attachment(
        application=application,
        actor=w.account("applicant"),
        material_id=material.id,
        upload=SimpleUploadedFile("证书.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )
    attachment = application.attachments.get()
    page = logged_in(client, w, "unit_staff").get(
        reverse("candidate_detail", args=[application.pk])
    )
    text = page.content.decode()
    assert reverse("application_detail", args=[application.pk]) in text
    assert reverse("application_file", args=[application.pk, attachment.pk]) in text
    detail = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert reverse("candidate_detail", args=[application.pk]) in detail


@pytest.mark.parametrize(
    ("role", "offered", "allowed"),
    [("applicant", False, True), ("unit_staff", True, True), ("expert", False, False)],
)
def test_detail_page_offers_the_export_only_to_roles_that_may_download_it(
    client, role, offered, allowed
):
    """The record carries the full ID number: experts and approvers get no button that
    would answer 403. Applicants are offered their forms as Word/PDF instead (issue 11 §2);
    their own record still downloads."""
    w = world("beijing-allowance-2024")
    application = ready(w)
    application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )
    page = logged_in(client, w, role).get(reverse("application_detail", args=[application.pk]))
    export = reverse("application_export", args=[application.pk])
    assert (export in page.content.decode()) == offered
    assert (client.get(export).status_code == 200) == allowed
