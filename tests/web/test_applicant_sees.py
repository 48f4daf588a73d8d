"""Issue 11 §2: nothing addressed to an applicant is hidden from them.

A return's reason and who returned it stand at the top of the applicant's pages; every later
opinion and decision is listed with the submission it concerns.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from skillaward.campaigns.selectors import decisions
from skillaward.campaigns.services import application_submit
from skillaward.core import chain
from skillaward.review.services import review_approve, review_return
from tests.web.chain_helpers import submitted
from tests.web.factories import PASSWORD, reference_day, world

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
