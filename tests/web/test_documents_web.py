"""Official documents on the web: every programme's forms, lists, reports and notices download
with the right type and open; opinions come from the audit trail; permissions; PDF; queries."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as Docx
from docx.oxml.ns import qn
from openpyxl import load_workbook

from skillaward.core.program import bundled_programs
from skillaward.documents.catalogue import program as catalogue_program
from skillaward.documents.pdf import find_soffice
from skillaward.downloads.views import CONTENT_TYPES
from skillaward.publicity.services import publicity_open
from tests.builders import applicant
from tests.web.chain_helpers import at_stage, staff, submitted
from tests.web.factories import world

pytestmark = pytest.mark.django_db
PROGRAMS = sorted(bundled_programs())
RARE = "王𡃁"  # an Extension B character: must survive every output

FORMS = [
    (p, d.name)
    for p in PROGRAMS
    for d in catalogue_program(p).documents.values()
    if d.per_applicant
]
LISTS = [
    (p, d.name, fmt)
    for p in PROGRAMS
    for d in catalogue_program(p).documents.values()
    if d.kind in ("list", "report")
    for fmt in (("docx", "xlsx") if d.kind == "list" else ("docx",))
]
NOTICES = [
    (p, d.name)
    for p in PROGRAMS
    for d in catalogue_program(p).documents.values()
    if d.kind == "notice"
]


def docx_text(data: bytes) -> str:
    """The text of every run of the document, tables included, in order."""
    body = Docx(io.BytesIO(data)).element.body
    return "".join(t.text or "" for t in body.iter(qn("w:t")))


def xlsx_text(data: bytes) -> str:
    sheet = load_workbook(io.BytesIO(data)).active
    return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)


def body_text(response, fmt: str) -> str:
    assert response.status_code == 200, response.content.decode()[:500]
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    return xlsx_text(response.content) if fmt == "xlsx" else docx_text(response.content)


def get(client, account, name, *args, query=""):
    client.force_login(account)
    return client.get(reverse(name, args=args) + query)


def rare(program_id: str, **changes) -> dict:
    return applicant(program_id, name=RARE, **changes)


# --- every document of every programme -------------------------------------------------------


@pytest.mark.parametrize(("program_id", "name"), FORMS)
def test_every_form_downloads_as_word_with_the_applicants_name(client, program_id, name):
    w = world(program_id)
    application = submitted(w, data=rare(program_id))
    application.details = {"mobile": "13812345678"}
    application.save()
    response = get(
        client, w.account("applicant"), "document_application", application.pk, name, "docx"
    )
    text = body_text(response, "docx")
    assert RARE in text
    title = catalogue_program(program_id).document(name).title
    assert response[
        "Content-Disposition"
    ] == "attachment; filename=\"document.docx\"; filename*=UTF-8''" + quote(f"{RARE}-{title}.docx")


@pytest.mark.parametrize(("program_id", "name", "fmt"), LISTS)
def test_every_list_and_report_downloads_for_the_recommending_unit(client, program_id, name, fmt):
    w = world(program_id)
    at_stage(w, "recommender_submit", data=rare(program_id))
    response = get(
        client, w.account("recommender_staff"), "document_batch", w.campaign.pk, name, fmt
    )
    text = body_text(response, fmt)
    assert RARE in text
    assert w.recommender.name in text


@pytest.mark.parametrize(("program_id", "name"), NOTICES)
def test_every_publicity_notice_downloads_once_the_publicity_is_open(client, program_id, name):
    """The recommending unit's (or, without one, the office's) publicity: its start date from
    the publicity opened (BJ24-08, CC3-09, LC19-11, XA24-14)."""
    w = world(program_id)
    workflow = w.campaign.workflow
    step = next(
        s
        for s in workflow.steps
        if s.kind == "publicity" and s.role in ("recommender_staff", "office_staff")
    )
    application = at_stage(w, step.id, data=rare(program_id))
    actor = staff(w, application, step.role)
    publicity = publicity_open(campaign=w.campaign, step_id=step.id, actor=actor)
    query = f"?publicity={publicity.pk}"
    index = get(client, actor, "document_index", w.campaign.pk).content.decode()
    assert reverse("document_batch", args=[w.campaign.pk, name, "docx"]) + query in index
    response = get(client, actor, "document_batch", w.campaign.pk, name, "docx", query=query)
    text = body_text(response, "docx")
    assert RARE in text
    assert (
        f"{publicity.start_date.year}年{publicity.start_date.month}月{publicity.start_date.day}日"
        in text
    )


def test_office_list_has_every_candidate_past_the_recommending_units(client):
    w = world("liaocheng-chief-2019")
    at_stage(w, "office_review", data=rare(w.program_id))
    other = applicant(w.program_id, serial=30, name="赵六")
    at_stage(w, "office_review", who="other_applicant", data=other)
    waiting = submitted(w, serial=40, data=applicant(w.program_id, serial=40, name="钱七"))
    assert waiting.stage == "publicity_unit"
    text = body_text(
        get(client, w.account("office_staff"), "document_batch", w.campaign.pk, "list", "xlsx"),
        "xlsx",
    )
    assert RARE in text and "赵六" in text and "钱七" not in text
    one = get(
        client,
        w.account("office_staff"),
        "document_batch",
        w.campaign.pk,
        "list",
        "xlsx",
        query=f"?recommender={w.other_recommender.pk}",
    )
    text = body_text(one, "xlsx")
    assert "赵六" in text and RARE not in text and w.other_recommender.name in text


# --- what the form prints from the database ----------------------------------------------------


def test_bj24_21_form_prints_the_opinions_of_the_steps_passed(client):
    w = world("beijing-allowance-2024")
    application = at_stage(w, "office_review", data=rare(w.program_id))
    response = get(
        client,
        w.account("office_staff"),
        "document_application",
        application.pk,
        "application",
        "docx",
    )
    text = body_text(response, "docx")
    assert text.count("同意推荐") == 2  # the unit's opinion and the 归口 unit's


def test_bj24_15_form_prints_the_details_and_the_photo(client):
    w = world("beijing-allowance-2024")
    application = submitted(w, data=rare(w.program_id))
    application.details = {
        "household_registration": "北京市东城区",
        "mobile": "13812345678",
        "trainees": [{"level": "senior", "occupation": "车工", "count": 12}],
    }
    application.save()
    response = get(
        client,
        w.account("unit_staff"),
        "document_application",
        application.pk,
        "application",
        "docx",
    )
    text = body_text(response, "docx")
    assert "北京市东城区" in text and "13812345678" in text and "车工12" in text
    assert len(Docx(io.BytesIO(response.content)).inline_shapes) == 1


def test_personal_data_masked_in_the_forms_experts_download(client):
    w = world("changchun-skills-3")
    application = submitted(w, data=rare(w.program_id))
    application.details = {"mobile": "13812345678", "bank_account": "6222020200112233"}
    application.save()
    text = body_text(
        get(
            client,
            w.account("expert"),
            "document_application",
            application.pk,
            "recommendation",
            "docx",
        ),
        "docx",
    )
    assert "138****5678" in text and "**** 2233" in text
    assert "13812345678" not in text and "6222020200112233" not in text
    assert application.id_number not in text and "男" in text


# --- PDF -----------------------------------------------------------------------------------------


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_form_downloads_as_pdf(client):
    w = world("liaocheng-chief-2019")
    application = submitted(w, data=rare(w.program_id))
    response = get(
        client, w.account("applicant"), "document_application", application.pk, "pledge", "pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pdf_without_libreoffice_is_a_chinese_error_page(client, monkeypatch):
    monkeypatch.setenv("SKILLAWARD_SOFFICE", "no-such-soffice")
    w = world("liaocheng-chief-2019")
    application = submitted(w)
    response = get(
        client, w.account("applicant"), "document_application", application.pk, "pledge", "pdf"
    )
    assert response.status_code == 503
    assert "未找到 LibreOffice" in response.content.decode()


# --- permissions ---------------------------------------------------------------------------------


def test_application_forms_only_for_those_who_may_see_the_application(client):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    args = (application.pk, "application", "docx")
    assert get(client, w.account("unit_staff"), "document_application", *args).status_code == 200
    for role in ("other_applicant", "other_unit_staff", "other_recommender_staff"):
        assert get(client, w.account(role), "document_application", *args).status_code == 404
    stranger = world("changchun-skills-3", campaign=False).account("office_staff")
    assert get(client, stranger, "document_application", *args).status_code == 404
    client.logout()
    response = client.get(reverse("document_application", args=args))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_unknown_document_or_format_is_404(client):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    applicant_account = w.account("applicant")
    assert (
        get(
            client, applicant_account, "document_application", application.pk, "list", "docx"
        ).status_code
        == 404
    )
    assert (
        get(
            client, applicant_account, "document_application", application.pk, "application", "xlsx"
        ).status_code
        == 404
    )


def test_lists_only_for_recommending_unit_and_office(client):
    w = world("beijing-allowance-2024")
    at_stage(w, "recommender_review")
    args = (w.campaign.pk, "list", "docx")
    for role in ("applicant", "unit_staff"):
        assert get(client, w.account(role), "document_batch", *args).status_code == 403
    for role in ("recommender_staff", "office_staff", "expert"):
        assert get(client, w.account(role), "document_batch", *args).status_code in (200, 409)
    stranger = world("changchun-skills-3", campaign=False).account("recommender_staff")
    assert get(client, stranger, "document_batch", *args).status_code == 404
    client.logout()
    assert client.get(reverse("document_batch", args=args)).status_code == 302


def test_recommending_unit_list_has_only_its_own_candidates(client):
    w = world("beijing-allowance-2024")
    at_stage(w, "recommender_submit", data=rare(w.program_id))
    other = applicant(w.program_id, serial=30, name="赵六")
    at_stage(w, "recommender_submit", who="other_applicant", data=other)
    text = body_text(
        get(
            client, w.account("recommender_staff"), "document_batch", w.campaign.pk, "list", "xlsx"
        ),
        "xlsx",
    )
    assert RARE in text and "赵六" not in text


def test_index_lists_what_the_actor_may_download(client):
    w = world("changchun-skills-3")
    application = at_stage(w, "recommender_review", data=rare(w.program_id))
    page = get(
        client, w.account("recommender_staff"), "document_index", w.campaign.pk
    ).content.decode()
    assert reverse("document_batch", args=[w.campaign.pk, "summary", "xlsx"]) in page
    assert reverse("document_application", args=[application.pk, "bag-cover", "docx"]) in page
    assert "尚未发起公示" in page
    own = get(client, w.account("applicant"), "document_index", w.campaign.pk).content.decode()
    assert reverse("document_application", args=[application.pk, "recommendation", "pdf"]) in own
    assert "document_batch" not in own and "/documents/summary" not in own


def test_application_detail_links_its_forms(client):
    w = world("liaocheng-chief-2019")
    application = submitted(w)
    page = get(
        client, w.account("applicant"), "application_detail", application.pk
    ).content.decode()
    assert reverse("document_application", args=[application.pk, "pledge", "docx"]) in page
    assert reverse("document_application", args=[application.pk, "application", "pdf"]) in page


@pytest.mark.parametrize("role", ["unit_staff", "office_staff"])
def test_candidate_page_links_the_forms_for_staff(client, role):
    w = world("liaocheng-chief-2019")
    application = submitted(w)
    page = get(client, w.account(role), "candidate_detail", application.pk).content.decode()
    assert reverse("document_application", args=[application.pk, "application", "docx"]) in page


# --- query counts ---------------------------------------------------------------------------------


def list_queries(client, w) -> int:
    client.force_login(w.account("recommender_staff"))
    url = reverse("document_batch", args=[w.campaign.pk, "list", "xlsx"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_download_queries_do_not_grow_with_candidates(client):
    w = world("liaocheng-chief-2019")
    at_stage(w, "recommender_submit", serial=12)
    one = list_queries(client, w)
    for serial in (13, 14):
        at_stage(w, "recommender_submit", serial=serial)
    assert list_queries(client, w) == one


def test_office_list_download_queries_do_not_grow_with_candidates(client):
    w = world("beijing-allowance-2024")
    at_stage(w, "office_review", serial=12)

    def count() -> int:
        client.force_login(w.account("office_staff"))
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(
                    reverse("document_batch", args=[w.campaign.pk, "list", "docx"])
                ).status_code
                == 200
            )
        return len(queries)

    one = count()
    at_stage(w, "office_review", serial=13)
    at_stage(w, "office_review", serial=14, who="other_applicant")
    assert count() == one
