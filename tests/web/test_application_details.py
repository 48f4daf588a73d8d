"""The form's details beyond the applicant record (phone, household registration, bank
account …): shown where the programme's own documents print them, saved with drafts,
checked in Chinese, kept out of the exported record, masked for roles that do not need them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from skillaward.campaigns.forms import detail_items
from skillaward.campaigns.selectors import application_record, details_problems
from skillaward.campaigns.services import (
    ApplicationIncomplete,
    application_save,
    application_submit,
)
from skillaward.core.record import FieldError
from skillaward.review.services import review_return
from tests.builders import applicant
from tests.web.chain_helpers import submitted
from tests.web.factories import draft, reference_day, with_id_number_facts, world
from tests.web.test_application_pages import as_post, logged_in, page_form
from tests.web.test_applications import ready

pytestmark = pytest.mark.django_db

CHANGCHUN_DETAILS = {
    "mobile": "13812345678",
    "phone": "0431-88888888",
    "email": "wang@example.com",
    "postcode": "130000",
    "address": "长春市朝阳区某路1号",
    "bank_account": "6222020200112233",
    "occupation_since": "2000-07",
    "witnesses": ["李明", "", "张华"],
    "innovations": "改进夹具",
}


def keys(program_id: str) -> set[str]:
    return {item.key.removeprefix("details.") for item in detail_items(program_id)}


def test_cc3_17_changchun_form_asks_for_the_bank_account_and_witnesses():
    assert {"bank_account", "occupation_since", "witnesses", "postcode", "email"} <= keys(
        "changchun-skills-3"
    )


@pytest.mark.parametrize("program_id", ["beijing-allowance-2024", "beijing-outstanding-6"])
def test_bj24_15_beijing_forms_ask_for_household_and_unit_contact_but_no_bank_account(program_id):
    found = keys(program_id)
    assert {"household_registration", "unit_contact", "unit_phone", "trainees"} <= found
    assert "bank_account" not in found and "native_place" not in found


def test_xa24_17_xingan_form_asks_for_native_place_and_cv():
    assert keys("xingan-expert-2024") == {"native_place", "mobile", "cv"}


def test_details_round_trip_through_the_page_apart_from_the_record(client):
    w = world("changchun-skills-3")
    record = applicant(w.program_id)
    application = draft(w, data=record)
    application_save(
        application=application,
        actor=w.account("applicant"),
        data=record,
        details=CHANGCHUN_DETAILS,
    )
    form = page_form(logged_in(client, w), application)
    assert ("details.bank_account", "6222020200112233") in form.posted
    response = client.post(reverse("application_edit", args=[application.pk]), as_post(form.posted))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.details == CHANGCHUN_DETAILS
    assert application.data == with_id_number_facts(record)


def test_bj24_19_trainees_are_saved_with_the_draft(client):
    w = world("beijing-allowance-2024")
    application = draft(w)
    form = page_form(logged_in(client, w), application)
    posted = as_post(form.posted) | {
        "details.trainees.0.level": ["senior"],
        "details.trainees.0.occupation": ["车工"],
        "details.trainees.0.count": ["12"],
        "details.household_registration": ["北京市东城区"],
    }
    client.post(reverse("application_edit", args=[application.pk]), posted)
    application.refresh_from_db()
    assert application.details == {
        "household_registration": "北京市东城区",
        "trainees": [{"level": "senior", "occupation": "车工", "count": 12}],
    }


def test_autosave_answers_details_errors_in_chinese(client):
    w = world("changchun-skills-3")
    application = draft(w)
    response = logged_in(client, w).post(
        reverse("application_edit", args=[application.pk]),
        {
            "details.mobile": "1381234",
            "details.bank_account": "6222 0202",
            "details.occupation_since": "2000/07",
            "details.postcode": "13000",
        },
        headers={"X-Autosave": "1"},
    )
    errors = response.json()["errors"]
    assert errors["f-details-mobile"] == "手机号码应为11位数字，以1开头"
    assert errors["f-details-bank_account"] == "银行账号应为12至19位数字，不含空格"
    assert errors["f-details-occupation_since"] == "“2000/07”格式不对，应为YYYY-MM"
    assert errors["f-details-postcode"] == "邮政编码应为6位数字"
    application.refresh_from_db()
    assert application.details["mobile"] == "1381234"  # kept as typed


def test_details_problems_refuse_the_photo_and_opinions_and_bad_counts():
    problems = details_problems(
        {"photo": "a.jpg", "opinions": {}, "trainee_awards_city": "三", "email": "x@y"}
    )
    assert problems == [
        FieldError("details.photo", "不能在此填写"),
        FieldError("details.opinions", "不能在此填写"),
        FieldError("details.trainee_awards_city", "应为整数"),
        FieldError("details.email", "电子邮箱格式不对，应如 name@example.com"),
    ]


def test_submission_refused_while_a_detail_is_wrong():
    w = world("changchun-skills-3")
    application = ready(w)
    actor = w.account("applicant")
    application_save(
        application=application, actor=actor, data=application.data, details={"mobile": "123"}
    )
    with pytest.raises(ApplicationIncomplete) as incomplete:
        application_submit(application=application, actor=actor, today=reference_day(w))
    assert {e.field: e.message for e in incomplete.value.errors} == {
        "details.mobile": "手机号码应为11位数字，以1开头"
    }


def test_export_stays_the_pure_interchange_record():
    w = world("changchun-skills-3")
    application = submitted(w)
    application.details = CHANGCHUN_DETAILS
    application.save()
    assert "details" not in application_record(application)
    assert application_record(application) == application.data


def detail_page(client, account, application) -> str:
    client.force_login(account)
    return client.get(reverse("application_detail", args=[application.pk])).content.decode()


@pytest.mark.parametrize("role", ["applicant", "unit_staff", "recommender_staff", "office_staff"])
def test_mobile_and_bank_account_shown_to_roles_that_need_them(client, role):
    w = world("changchun-skills-3")
    application = submitted(w)
    application.details = CHANGCHUN_DETAILS
    application.save()
    html = detail_page(client, w.account(role), application)
    assert "<dd>13812345678</dd>" in html
    assert "<dd>6222020200112233</dd>" in html


@pytest.mark.parametrize("role", ["expert", "approver"])
def test_mobile_and_bank_account_masked_for_experts_and_approvers(client, role):
    w = world("changchun-skills-3")
    application = submitted(w)
    application.details = CHANGCHUN_DETAILS
    application.save()
    html = detail_page(client, w.account(role), application)
    assert "<dd>138****5678</dd>" in html and "<dd>**** 2233</dd>" in html
    assert "13812345678" not in html and "6222020200112233" not in html
    assert "<dd>长春市朝阳区某路1号</dd>" in html


def test_returned_application_edit_page_is_only_the_applicants(client):
    w = world("changchun-skills-3")
    application = review_return(
        application=submitted(w), actor=w.account("unit_staff"), reason="请补充"
    )
    client.force_login(w.account("expert"))
    response = client.get(reverse("application_edit", args=[application.pk]))
    assert response["Location"] == reverse("application_detail", args=[application.pk])
