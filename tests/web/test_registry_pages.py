"""Registry pages (XA24-16): list per role with ID numbers masked where the role needs none,
the Excel export and the import page; query counts with 1 and 3 awardees."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from skillaward.core.idnumber import mask_id_number
from skillaward.registry.models import Awardee
from skillaward.registry.services import registry_import
from tests.builders import id_number
from tests.web.factories import PASSWORD, World, world
from tests.web.test_publicity_pages import query_count

pytestmark = pytest.mark.django_db

OUTSIDE_THE_OFFICE = ["applicant", "unit_staff", "recommender_staff"]


def imported(w: World, count: int, *, first: int = 0) -> list[str]:
    people = [id_number("1975-03-02", serial=first + n) for n in range(count)]
    rows = [
        {"id_number": p, "title": "兴安技术能手", "level": "city", "year": 2021} for p in people
    ]
    registry_import(rows=rows, actor=w.account("office_staff"))
    return people


def login(client, w: World, role: str) -> None:
    assert client.login(username=w.account(role).username, password=PASSWORD)


@pytest.mark.parametrize("role", ["office_staff", "expert", "approver"])
def test_XA24_16_the_office_sees_its_registry(client, role):
    w = world("xingan-expert-2024")
    (person,) = imported(w, 1)
    login(client, w, role)
    page = client.get(reverse("registry_list")).content.decode()
    if role == "office_staff":
        assert person in page
    else:
        assert person not in page
        assert mask_id_number(person) in page


@pytest.mark.parametrize("role", OUTSIDE_THE_OFFICE)
def test_XA24_16_the_registry_is_closed_outside_the_office(client, role):
    w = world("xingan-expert-2024")
    login(client, w, role)
    for name in ("registry_list", "registry_export", "registry_import"):
        assert client.get(reverse(name)).status_code == 403


def test_the_registry_needs_a_login(client):
    for name in ("registry_list", "registry_export", "registry_import"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["expert", "approver"])
def test_XA24_16_only_office_staff_export_and_import(client, role):
    w = world("xingan-expert-2024")
    login(client, w, role)
    assert client.get(reverse("registry_export")).status_code == 403
    assert client.get(reverse("registry_import")).status_code == 403


def test_XA24_16_another_office_does_not_see_the_registry(client):
    w = world("xingan-expert-2024")
    (person,) = imported(w, 1)
    other = world("changchun-skills-3")
    login(client, other, "office_staff")
    assert person not in client.get(reverse("registry_list")).content.decode()


def test_XA24_16_registry_search_by_id_number(client):
    w = world("xingan-expert-2024")
    _, second = imported(w, 2)
    login(client, w, "office_staff")
    response = client.get(reverse("registry_list"), {"q": second})
    assert [row.cells[1][1] for row in response.context["list"].rows] == [second]


def test_XA24_16_registry_export_is_an_excel_workbook_with_full_id_numbers(client):
    w = world("xingan-expert-2024")
    people = imported(w, 2)
    login(client, w, "office_staff")
    response = client.get(reverse("registry_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "姓名",
        "身份证号码",
        "工作单位",
        "荣誉称号",
        "级别",
        "年度",
        "有效期至",
        "来源",
    )
    assert sorted(row[1] for row in rows[1:]) == sorted(people)
    assert rows[1][3:6] == ("兴安技术能手", "市级", 2021)


def test_XA24_16_the_import_page_adds_past_awardees(client):
    w = world("xingan-expert-2024")
    login(client, w, "office_staff")
    entry = {"id_number": id_number("1980-01-01"), "title": "兴安技术能手", "level": "city"}
    line = json.dumps(entry | {"year": 2021}, ensure_ascii=False)
    upload = SimpleUploadedFile("past.jsonl", line.encode("utf-8"))
    response = client.post(reverse("registry_import"), {"file": upload}, follow=True)
    assert "已导入1名获评人员" in response.content.decode()
    assert Awardee.objects.count() == 1


def test_XA24_16_the_import_page_shows_the_bad_line(client):
    w = world("xingan-expert-2024")
    login(client, w, "office_staff")
    upload = SimpleUploadedFile("past.jsonl", b'{"id_number": "1", "title": "x"}')
    response = client.post(reverse("registry_import"), {"file": upload})
    assert "第1条" in response.content.decode()
    assert Awardee.objects.count() == 0


@pytest.mark.parametrize("name", ["registry_list", "registry_export"])
def test_registry_query_count_is_the_same_for_1_and_3(client, django_assert_num_queries, name):
    w = world("xingan-expert-2024")
    imported(w, 1)
    login(client, w, "office_staff")
    one = query_count(client, reverse(name))
    imported(w, 2, first=50)
    with django_assert_num_queries(one):
        client.get(reverse(name))
    assert Awardee.objects.count() == 3
