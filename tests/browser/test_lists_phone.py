"""Issue 11 §3 on a phone (390 px): the office follows a stage count to the filtered list,
narrows it by recommending unit and name, sees each row as a card (no sideways scroll), and
downloads the Excel file of exactly what the list shows."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.flows import log_in, overflow
from tests.web.factories import world
from tests.web.test_lists import moved_to, person

pytestmark = pytest.mark.browser

PROGRAM = "beijing-allowance-2024"


def cards_fit(page: Page) -> None:
    """The page is no wider than the phone, and the list's header row is hidden (cards)."""
    assert overflow(page) == 0
    assert page.locator("table.cards thead").first.is_hidden()
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth + 1")


def test_office_lists_filters_and_excel_on_a_phone(page: Page, site: str, shot) -> None:
    w = world(PROGRAM)
    for serial, name in ((1, "丙三"), (2, "甲一"), (3, "乙二")):
        moved_to(w, person(w, serial, name), "office_review")
    moved_to(w, person(w, 4, "丁四", who="other_applicant"), "office_review")
    person(w, 5, "戊五")
    log_in(page, site, w.account("office_staff"))

    page.goto(f"{site}/campaigns/{w.campaign.pk}/")
    shot(page, "campaign-counts")
    page.locator("table.fits").get_by_role("link", name="4").click()
    expect(page.get_by_role("heading", name="申报列表")).to_be_visible()
    expect(page.locator("table.cards tbody tr")).to_have_count(4)
    cards_fit(page)
    shot(page, "list-of-one-stage")

    page.get_by_label("推荐单位").select_option(label=w.recommender.name)
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("table.cards tbody tr")).to_have_count(3)
    page.get_by_label("查询（姓名或身份证号码）").fill("乙")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("table.cards tbody tr")).to_have_count(1)
    expect(page.locator("table.cards td[data-label='姓名']")).to_have_text("乙二")
    cards_fit(page)
    shot(page, "filtered-by-unit-and-name")

    page.get_by_label("查询（姓名或身份证号码）").fill("")
    page.get_by_label("排序").select_option(label="姓名（升序）")
    page.get_by_role("button", name="筛选").click()
    shown = page.locator("table.cards td[data-label='姓名']").all_inner_texts()
    assert shown == sorted(["丙三", "甲一", "乙二"])
    with page.expect_download() as download:
        page.get_by_role("link", name="下载Excel（按当前筛选，共3条）").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == shown
    shot(page, "sorted-before-excel")

    page.goto(f"{site}/review/?campaign={w.campaign.pk}")
    expect(page.locator("table.cards tbody tr")).to_have_count(4)
    cards_fit(page)
    shot(page, "worklist")
    page.goto(f"{site}/campaigns/{w.campaign.pk}/documents/")
    cards_fit(page)
    shot(page, "document-index")
