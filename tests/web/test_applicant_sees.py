"""Issue 11 §2: nothing addressed to an applicant is hidden from them.

A return's reason and who returned it stand at the top of the applicant's pages; every later
opinion and decision is listed with the submission it concerns.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from skillaward.base.clock import beijing_today
from skillaward.campaigns.selectors import decisions
from skillaward.campaigns.services import application_submit
from skillaward.core import chain
from skillaward.review.services import review_approve, review_return
from tests.builders import applicant
from tests.web.chain_helpers import submitted
from tests.web.factories import PASSWORD, draft, reference_day, world

pytestmark = pytest.mark.django_db

REASON = "工作经历中2015年至2018年的单位名称与证书不一致，请核对"


def _returned(w):
    application = submitted(w)
    return review_return(application=application, actor=w.account("unit_staff"), reason=REASON)


def _as_applicant(client, w):
    client.login(username=w.account("applicant").username, password=PASSWORD)
    return client


@pytest.mark.parametrize("page", ["application_detail", "application_edit"])
def test_returned_applicant_sees_the_reason_and_who_returned_it(client, page):
    w = world("beijing-allowance-2024")
    application = _returned(w)
    html = _as_applicant(client, w).get(reverse(page, args=[application.pk])).content.decode()
    top = html.split('id="returned"', 1)[1].split("</div>", 1)[0]
    assert REASON in top
    assert w.unit.name in top  # the returning unit
    assert chain.ROLE_NAMES["unit_staff"] in top


def test_returned_applicant_sees_the_reason_on_the_home_page(client):
    w = world("beijing-allowance-2024")
    _returned(w)
    html = _as_applicant(client, w).get(reverse("home")).content.decode()
    assert REASON in html


def test_later_opinions_and_decisions_are_shown_with_the_submission_they_concern(client):
    w = world("beijing-allowance-2024")
    application = _returned(w)
    applicant = w.account("applicant")
    application = application_submit(
        application=application, actor=applicant, today=reference_day(w)
    )
    review_approve(application=application, actor=w.account("unit_staff"), opinion="同意推荐该同志")
    shown = decisions(application)
    assert [(d.action, d.version) for d in shown] == [("return", 1), ("approve", 2)]
    html = _as_applicant(client, w).get(reverse("application_detail", args=[application.pk]))
    section = html.content.decode().split('id="decisions"', 1)[1]
    assert REASON in section
    assert "同意推荐该同志" in section
    assert "第2次提交" in section
    # resubmitted: the return is history now, no longer the banner at the top
    assert 'id="returned"' not in html.content.decode()


def test_the_applicants_own_saves_and_uploads_are_not_listed_as_decisions():
    w = world("beijing-allowance-2024")
    application = submitted(w)
    assert decisions(application) == []


# --- Chinese names, never keys ------------------------------------------------------------------


def test_the_read_only_record_names_a_chosen_level_in_chinese(client):
    w = world("beijing-allowance-2024")
    honour = {"title": "北京市劳动模范", "level": "city", "year": 2020}
    application = submitted(w, data=applicant(w.program_id) | {"honors": [honour]})
    html = _as_applicant(client, w).get(reverse("application_detail", args=[application.pk]))
    record = html.content.decode().split('id="record"', 1)[1].split("</section>", 1)[0]
    assert "市级" in record
    assert "city" not in record


def test_errors_outside_the_form_name_their_section_not_their_key(client):
    open_now = [{"id": "submission", "end": beijing_today() + timedelta(days=5)}]
    w = world("beijing-allowance-2024", phases=open_now)
    application = draft(w)
    response = _as_applicant(client, w).post(reverse("application_submit", args=[application.pk]))
    top = response.content.decode().split('class="card problems"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#pledge">真实性承诺</a>：请阅读并签署真实性承诺' in top
    assert '<a href="#photo">照片</a>' in top
    assert "（pledge）" not in top and "（photo）" not in top


def test_the_applicant_is_offered_the_forms_not_raw_json(client):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    html = _as_applicant(client, w).get(reverse("application_detail", args=[application.pk]))
    page = html.content.decode()
    assert reverse("application_export", args=[application.pk]) not in page
    assert "JSON" not in page
    assert "下载申报表（Word/PDF）" in page
    client.force_login(w.account("unit_staff"))
    staff_page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert reverse("application_export", args=[application.pk]) in staff_page
