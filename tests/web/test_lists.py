"""The lists (issue 11 §3): worklist, a campaign's applications, the document index, the
registry — filters, search, sort, pages, "done by me", counts as links, the unit's quota, and
the Excel download of exactly what the list shows, with a constant number of queries."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from skillaward.base import lists
from skillaward.base.lists import ID_SEARCH_REFUSED
from skillaward.downloads.models import DocumentJob
from skillaward.registry.services import registry_import
from tests.builders import applicant, id_number
from tests.web.chain_helpers import advance, at_stage, submitted
from tests.web.factories import PASSWORD, world

pytestmark = pytest.mark.django_db

PROGRAM = "beijing-allowance-2024"


def login(client, w, role):
    client.login(username=w.account(role).username, password=PASSWORD)
    return client


def person(w, serial, name, **start):
    """A submitted application of the world's applicant (or the other one) named ``name``."""
    return submitted(
        w, serial=serial, data=applicant(w.program_id, serial=serial, name=name), **start
    )


def moved_to(w, application, stage):
    while application.stage != stage:
        application = advance(w, application, plain=True)
    return application


def listed(client, w, **query):
    response = client.get(reverse("campaign_applications", args=[w.campaign.pk]), query)
    assert response.status_code == 200
    return response


def names(response):
    return [row.cells[0][1] for row in response.context["list"].rows]


@pytest.fixture
def office_world(db):
    """Beijing: three applications at the office's review, one still at the unit's review
    (of the other unit), one at the recommending unit's review."""
    w = world(PROGRAM)
    for serial, name in ((1, "丙三"), (2, "甲一"), (3, "乙二")):
        moved_to(w, person(w, serial, name), "office_review")
    person(w, 4, "丁四", who="other_applicant")
    moved_to(w, person(w, 5, "戊五"), "recommender_review")
    return w


# --- filters and search -------------------------------------------------------------------


def test_office_list_filters_by_stage_unit_recommender_and_verdict(client, office_world):
    w = office_world
    login(client, w, "office_staff")
    assert sorted(names(listed(client, w))) == sorted(["丙三", "甲一", "乙二", "丁四", "戊五"])
    assert sorted(names(listed(client, w, stage="office_review"))) == ["丙三", "乙二", "甲一"]
    assert names(listed(client, w, stage="recommender_review")) == ["戊五"]
    assert names(listed(client, w, recommender=w.other_recommender.pk)) == ["丁四"]
    both = {"recommender": w.recommender.pk, "unit": w.unit.pk, "stage": "recommender_review"}
    assert names(listed(client, w, **both)) == ["戊五"]
    assert names(listed(client, w, verdict="ineligible")) == []
    assert len(names(listed(client, w, verdict="eligible"))) == 5


def test_award_filter_keeps_only_that_award(client):
    w = world("changchun-skills-3")
    person(w, 1, "甲一", award_id="grand-award")
    person(w, 2, "乙二", award_id="technical-expert")
    login(client, w, "office_staff")
    assert names(listed(client, w, award="technical-expert")) == ["乙二"]


def test_a_filter_value_not_offered_is_a_chinese_error_beside_it_and_no_rows(client, office_world):
    w = office_world
    login(client, w, "office_staff")
    response = listed(client, w, stage="nowhere")
    assert names(response) == []
    (stage,) = [f for f in response.context["filters"] if f.label == "所处环节"]
    assert stage.errors and "nowhere" in stage.errors[0]


def test_search_by_name_part(client, office_world):
    w = office_world
    login(client, w, "office_staff")
    assert names(listed(client, w, q="乙")) == ["乙二"]


@pytest.mark.parametrize("role", ["expert", "approver"])
def test_id_number_search_is_refused_for_roles_without_personal_data(client, office_world, role):
    w = office_world
    number = applicant(PROGRAM, serial=2)["id_number"]
    login(client, w, role)
    response = listed(client, w, q=number[:10])
    assert names(response) == []
    assert ID_SEARCH_REFUSED in response.content.decode()
    # … and its Excel download says so instead of an empty file.
    download = reverse("list_download", args=["applications"])
    refused = client.get(download, {"campaign": w.campaign.pk, "q": number[:10]})
    assert refused.status_code == 400 and ID_SEARCH_REFUSED in refused.content.decode()


def test_id_number_search_finds_the_person_for_the_office_staff(client, office_world):
    w = office_world
    number = applicant(PROGRAM, serial=2)["id_number"]
    login(client, w, "office_staff")
    assert names(listed(client, w, q=number[-6:])) == ["甲一"]


def test_the_list_masks_id_numbers_for_roles_without_personal_data(client, office_world):
    w = office_world
    number = applicant(PROGRAM, serial=2)["id_number"]
    page = listed(login(client, w, "approver"), w, q="甲一").content.decode()
    assert number not in page and number[:6] in page


# --- sort and pages -----------------------------------------------------------------------


def test_sort_by_name_both_ways_and_the_header_links_flip_it(client, office_world):
    w = office_world
    login(client, w, "office_staff")
    ascending = listed(client, w, stage="office_review", sort="name")
    assert names(ascending) == sorted(["丙三", "甲一", "乙二"])
    assert names(listed(client, w, stage="office_review", sort="-name")) == sorted(
        ["丙三", "甲一", "乙二"], reverse=True
    )
    header = next(h for h in ascending.context["list"].headers if h.label == "姓名")
    assert (
        header.state == "asc" and "sort=-name" in header.url and "stage=office_review" in header.url
    )


def test_an_unknown_sort_falls_back_to_the_default(client, office_world):
    w = office_world
    login(client, w, "office_staff")
    assert names(listed(client, w, sort="data")) == names(listed(client, w))


def test_pages_of_twenty_keep_the_filters_in_their_links(client, monkeypatch, office_world):
    w = office_world
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    login(client, w, "office_staff")
    first = listed(client, w, stage="office_review", sort="name")
    page = first.context["list"]
    assert page.count == 3 and len(page.rows) == 2
    assert page.next_url == "?stage=office_review&sort=name&page=2"
    second = listed(client, w, stage="office_review", sort="name", page=2)
    assert names(second) == sorted(["丙三", "甲一", "乙二"])[2:]
    assert second.context["list"].next_url is None
    # A page past the last shows the last (Django's get_page), never a server error.
    assert names(listed(client, w, stage="office_review", sort="name", page=99)) == names(second)


# --- done by me, counts, quota ------------------------------------------------------------


def test_done_by_me_lists_what_the_account_moved_from_the_audit_trail(client):
    w = world(PROGRAM)
    mine = person(w, 1, "甲一")
    person(w, 2, "乙二")
    moved_to(w, mine, "recommender_review")  # the unit's staff approved it
    login(client, w, "unit_staff")
    worklist = reverse("review_worklist")
    assert names(client.get(worklist)) == ["乙二"]
    assert names(client.get(worklist, {"mine": "on"})) == []  # not waiting for the unit any more
    assert names(listed(client, w, mine="on")) == ["甲一"]
    assert names(listed(login(client, w, "office_staff"), w, mine="on")) == []


def test_campaign_page_counts_link_to_the_list_filtered_by_that_stage(client, office_world):
    w = office_world
    login(client, w, "office_staff")
    page = client.get(reverse("campaign_detail", args=[w.campaign.pk])).content.decode()
    url = reverse("campaign_applications", args=[w.campaign.pk]) + "?stage=office_review"
    assert f'<a href="{url}">3</a>' in page
    assert listed(client, w, stage="office_review").context["list"].count == 3
    chips = listed(client, w).context["stage_counts"]
    assert [(count, link) for _, count, link in chips if link == url] == [(3, url)]


def test_CC3_16_the_recommending_units_quota_stands_beside_what_it_sent(client):
    w = world("changchun-skills-3")
    at_stage(w, "panel", serial=1, award_id="grand-award")
    login(client, w, "recommender_staff")
    page = client.get(reverse("review_worklist"), {"campaign": w.campaign.pk}).content.decode()
    assert "长春技能大奖：已报送1人 / 名额3人" in page
    assert "长春技术能手：已报送0人 / 名额3人" in page
    login(client, w, "office_staff")
    narrowed = listed(client, w, recommender=w.recommender.pk).content.decode()
    assert "长春技能大奖：已报送1人 / 名额3人" in narrowed
    assert listed(client, w).context["quotas"] == []  # the whole office: no one unit's quota


# --- Excel --------------------------------------------------------------------------------


def sheet_rows(response):
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_excel_download_holds_exactly_the_filtered_sorted_list(client, office_world):
    w = office_world
    login(client, w, "office_staff")
    query = {"stage": "office_review", "sort": "-name"}
    page = listed(client, w, **query).context["list"]
    response = client.get(page.xlsx_url)
    assert response.status_code == 200
    rows = sheet_rows(response)
    assert list(rows[0]) == [h.label for h in page.headers]
    shown = [[str(v) if v is not None else None for _, v in row.cells] for row in page.rows]
    exported = [[None if v is None else str(v) for v in row] for row in rows[1:]]
    assert exported == [[v if v != "" else None for v in row] for row in shown]
    assert [r[0] for r in rows[1:]] == sorted(["丙三", "甲一", "乙二"], reverse=True)


def test_excel_download_masks_id_numbers_as_the_list_does(client, office_world):
    w = office_world
    number = applicant(PROGRAM, serial=2)["id_number"]
    login(client, w, "expert")
    url = reverse("list_download", args=["applications"])
    rows = sheet_rows(client.get(url, {"campaign": w.campaign.pk, "q": "甲一"}))
    assert rows[1][1] != number and rows[1][1].startswith(number[:6])


@pytest.mark.django_db(transaction=True)  # the job is enqueued when the request commits
def test_a_long_list_is_written_by_a_background_job(client, settings, monkeypatch, office_world):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr("skillaward.downloads.lists.INLINE_XLSX_ROWS", 2)
    w = office_world
    login(client, w, "office_staff")
    url = reverse("list_download", args=["applications"])
    response = client.get(url, {"campaign": w.campaign.pk, "sort": "name"}, follow=True)
    job = DocumentJob.objects.get()
    assert job.is_list and job.status == "done" and job.total == 5
    assert "下载Excel" in response.content.decode()
    download = client.get(reverse("document_job_download", args=[job.pk]))
    assert "xlsx" in download["Content-Disposition"]
    rows = list(
        load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert [r[0] for r in rows[1:]] == sorted(["丙三", "甲一", "乙二", "丁四", "戊五"])


def test_worklist_excel_is_the_worklist(client, office_world):
    w = office_world
    login(client, w, "office_staff")
    page = client.get(reverse("review_worklist"), {"campaign": w.campaign.pk})
    rows = sheet_rows(client.get(page.context["list"].xlsx_url))
    assert sorted(r[0] for r in rows[1:]) == sorted(["丙三", "甲一", "乙二"])


# --- the document index and the registry use the same list --------------------------------


def test_document_index_lists_applications_with_their_forms_filtered_and_paged(
    client, office_world
):
    w = office_world
    login(client, w, "office_staff")
    index = reverse("document_index", args=[w.campaign.pk])
    response = client.get(index, {"q": "乙"})
    page = response.context["list"]
    assert [r.cells[0][1] for r in page.rows] == ["乙二"]
    assert page.rows[0].links and all("/documents/" in url for _, url in page.rows[0].links)


def test_registry_list_sorts_and_refuses_id_search_for_experts(client):
    w = world("xingan-expert-2024")
    rows = [
        {"id_number": id_number("1980-01-01", serial=i), "title": "兴安技术能手"}
        | {"level": "city", "year": year}
        for i, year in enumerate((2020, 2022, 2021))
    ]
    registry_import(rows=rows, actor=w.account("office_staff"))
    login(client, w, "office_staff")
    years = [r.cells[5][1] for r in client.get(reverse("registry_list")).context["list"].rows]
    assert years == [2022, 2021, 2020]
    flipped = client.get(reverse("registry_list"), {"sort": "-year"}).context["list"].rows
    assert [r.cells[5][1] for r in flipped] == [2020, 2021, 2022]
    login(client, w, "expert")
    refused = client.get(reverse("registry_list"), {"q": "19800101"})
    assert ID_SEARCH_REFUSED in refused.content.decode()
    assert refused.context["list"].rows == []


# --- queries do not grow with the rows ----------------------------------------------------


def _count(client, url, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "role", "query"),
    [
        ("campaign_applications", "office_staff", {}),
        ("campaign_applications", "office_staff", {"recommender": "R", "sort": "-name"}),
        ("campaign_applications", "recommender_staff", {"mine": "on", "q": "王"}),
        ("review_worklist", "office_staff", {"campaign": "C", "stage": "office_review"}),
        ("document_index", "office_staff", {}),
        ("campaign_detail", "office_staff", {}),
    ],
)
def test_list_queries_do_not_grow_with_the_rows(
    client, django_assert_num_queries, name, role, query
):
    w = world(PROGRAM)
    moved_to(w, person(w, 1, "王1"), "office_review")
    args = [] if name == "review_worklist" else [w.campaign.pk]
    url = reverse(name, args=args)
    query = {
        k: str(w.campaign.pk) if v == "C" else str(w.recommender.pk) if v == "R" else v
        for k, v in query.items()
    }
    login(client, w, role)
    one = _count(client, url, query)
    for serial in (2, 3):
        moved_to(w, person(w, serial, f"王{serial}"), "office_review")
    moved_to(w, person(w, 4, "王4", who="other_applicant"), "office_review")
    with django_assert_num_queries(one):
        assert client.get(url, query).status_code == 200


def test_every_page_holds_the_next_rows_in_order_deep_pages_read_from_the_other_end(
    client, monkeypatch, office_world
):
    w = office_world
    monkeypatch.setattr(lists, "PAGE_SIZE", 1)
    login(client, w, "office_staff")
    pages = [names(listed(client, w, sort="name", page=n)) for n in range(1, 6)]
    assert pages == [[n] for n in sorted(["丙三", "甲一", "乙二", "丁四", "戊五"])]
    backwards = [names(listed(client, w, sort="-name", page=n)) for n in range(1, 6)]
    assert backwards == pages[::-1]


def test_cached_stage_counts_follow_every_move(client, office_world):
    w = office_world
    login(client, w, "office_staff")
    url = reverse("campaign_applications", args=[w.campaign.pk])
    before = dict((name, n) for name, n, _ in listed(client, w).context["stage_counts"])
    waiting = listed(client, w, stage="recommender_review").context["list"]
    assert waiting.count == 1
    from skillaward.campaigns.models import Application

    moved_to(w, Application.objects.get(name="戊五"), "office_review")
    after = listed(client, w)
    assert dict((name, n) for name, n, _ in after.context["stage_counts"]) != before
    assert listed(client, w, stage="office_review").context["list"].count == 4
    assert listed(client, w, stage="recommender_review").context["list"].count == 0
    assert url in after.content.decode()
