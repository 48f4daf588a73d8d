"""Holiday schedules after 2026 (issue 13 §5): the office uploads the State Council's schedule
(page and `skillaward calendar import`), publicity end dates count its days, and a missing year
is refused by name with a link to the upload page."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillaward.base.errors import ActionRefused
from skillaward.cli import main
from skillaward.holidays.models import HolidayYear
from skillaward.holidays.selectors import HolidaysMissing
from skillaward.holidays.services import schedule_import
from skillaward.publicity.services import publicity_open
from tests.web.factories import PASSWORD, world
from tests.web.test_publicity import actor_at, at_stage

pytestmark = pytest.mark.django_db

# A made-up 2027 schedule for the tests (not the official one): New Year's Day on Friday
# 1 January, and Saturday 9 January a make-up working day.
SCHEDULE_2027 = (
    b"year: 2027\nholidays:\n  - 2027-01-01\n  - 2027-02-06..2027-02-12\nworkdays: [2027-01-09]\n"
)
START = date(2026, 12, 28)  # a Monday: 28–31 December are 4 working days, the 5th is in 2027


def waiting_publicity():
    w = world("beijing-allowance-2024")
    application = at_stage(w, "publicity_recommender")
    return w, actor_at(w, application)


def test_publicity_across_the_year_end_is_refused_naming_2027_without_its_schedule():
    w, holder = waiting_publicity()
    with pytest.raises(HolidaysMissing) as refused:
        publicity_open(
            campaign=w.campaign,
            step_id="publicity_recommender",
            actor=holder,
            start=START,
            today=START,
        )
    assert refused.value.year == 2027
    assert "缺少2027年的法定节假日和调休安排数据" in str(refused.value)
    assert reverse("holiday_list") in str(refused.value)


def test_publicity_across_the_year_end_counts_the_uploaded_2027_schedule():
    w, holder = waiting_publicity()
    schedule_import(actor=w.account("office_staff"), content=SCHEDULE_2027, name="2027.yaml")
    publicity = publicity_open(
        campaign=w.campaign, step_id="publicity_recommender", actor=holder, start=START, today=START
    )
    # 28, 29, 30, 31 December and then 4 January (1 January is a holiday, 2–3 a weekend).
    assert publicity.end_date == date(2027, 1, 4)


def test_a_make_up_saturday_of_the_uploaded_schedule_is_a_working_day():
    w, holder = waiting_publicity()
    schedule_import(actor=w.account("office_staff"), content=SCHEDULE_2027, name="2027.yaml")
    publicity = publicity_open(
        campaign=w.campaign,
        step_id="publicity_recommender",
        actor=holder,
        today=date(2027, 1, 6),
        start=date(2027, 1, 6),  # Wed 6, Thu 7, Fri 8, Sat 9 (make-up), Mon 11
    )
    assert publicity.end_date == date(2027, 1, 11)


def test_publicity_page_refusal_links_to_the_upload_page(client):
    w, holder = waiting_publicity()
    client.login(username=holder.username, password=PASSWORD)
    url = reverse("publicity_manage", args=[w.campaign.pk, "publicity_recommender"])
    response = client.post(url, {"start": START.isoformat()}, follow=True)
    page = response.content.decode()
    assert "缺少2027年的法定节假日和调休安排数据" in page
    assert f'<a href="{reverse("holiday_list")}">上传2027年放假安排</a>' in page


def test_office_uploads_a_schedule_on_the_page(client):
    w = world("beijing-allowance-2024", campaign=False)
    client.login(username=w.account("office_staff").username, password=PASSWORD)
    upload = SimpleUploadedFile("2027年放假安排.yaml", SCHEDULE_2027)
    response = client.post(reverse("holiday_list"), {"file": upload}, follow=True)
    assert "已导入2027年放假安排" in response.content.decode()
    stored = HolidayYear.objects.get(year=2027)
    assert stored.holidays[0] == "2027-01-01" and len(stored.holidays) == 8
    assert stored.workdays == ["2027-01-09"]
    assert stored.uploaded_by == w.account("office_staff")


def test_a_broken_schedule_is_refused_on_the_page_in_chinese_and_nothing_stored(client):
    w = world("beijing-allowance-2024", campaign=False)
    client.login(username=w.account("office_staff").username, password=PASSWORD)
    upload = SimpleUploadedFile("bad.yaml", b"year: 2027\nholidays: [2027-02-30]\n")
    response = client.post(reverse("holiday_list"), {"file": upload})
    assert response.status_code == 200
    assert "“2027-02-30”不是有效日期" in response.content.decode()
    assert not HolidayYear.objects.exists()


def test_a_second_upload_of_a_year_replaces_it():
    w = world("beijing-allowance-2024", campaign=False)
    office = w.account("office_staff")
    schedule_import(actor=office, content=SCHEDULE_2027, name="a.yaml")
    schedule_import(actor=office, content=b"year: 2027\nholidays: [2027-01-01]\n", name="b.yaml")
    stored = HolidayYear.objects.get(year=2027)
    assert (stored.holidays, stored.workdays, stored.source) == (["2027-01-01"], [], "b.yaml")


@pytest.mark.parametrize("role", ["recommender_staff", "expert", "unit_staff"])
def test_only_office_staff_may_upload(role):
    w = world("beijing-allowance-2024", campaign=False)
    with pytest.raises(ActionRefused, match="只有评选办公室工作人员"):
        schedule_import(actor=w.account(role), content=SCHEDULE_2027, name="2027.yaml")


def test_a_recommending_unit_cannot_open_the_page(client):
    w = world("beijing-allowance-2024", campaign=False)
    client.login(username=w.account("recommender_staff").username, password=PASSWORD)
    assert client.get(reverse("holiday_list")).status_code == 403


def test_calendar_import_command_stores_the_year(tmp_path, capsys):
    path = tmp_path / "2027.yaml"
    path.write_bytes(SCHEDULE_2027)
    assert main(["calendar", "import", str(path)]) == 0
    assert "已导入2027年放假安排：放假8天，调休上班1天" in capsys.readouterr().out
    assert HolidayYear.objects.get(year=2027).uploaded_by is None


def test_calendar_import_command_refuses_a_file_that_is_not_utf8(tmp_path, capsys):
    path = tmp_path / "2027.yaml"
    path.write_bytes("year: 2027\nholidays: [2027-01-01] # 元旦\n".encode("gbk"))
    assert main(["calendar", "import", str(path)]) == 2
    assert "不是UTF-8编码的文本" in capsys.readouterr().err


def test_the_publicity_notice_prints_the_end_date_counted_with_the_uploaded_schedule(client):
    from tests.web.test_documents_web import body_text

    w, holder = waiting_publicity()
    schedule_import(actor=w.account("office_staff"), content=SCHEDULE_2027, name="2027.yaml")
    publicity = publicity_open(
        campaign=w.campaign, step_id="publicity_recommender", actor=holder, start=START, today=START
    )
    client.force_login(holder)
    url = reverse("document_batch", args=[w.campaign.pk, "publicity", "docx"])
    text = body_text(client.get(f"{url}?publicity={publicity.pk}"), "docx")
    assert "2026年12月28日" in text and "2027年1月4日" in text


@pytest.mark.parametrize(
    ("role", "linked"),
    [("office_staff", True), ("approver", False), ("recommender_staff", False)],
)
def test_s5_the_navigation_links_the_holidays_page_for_office_staff(client, role, linked):
    w = world("beijing-allowance-2024", campaign=False)
    client.force_login(w.account(role))
    page = client.get(reverse("home")).content.decode()
    assert (f'<a href="{reverse("holiday_list")}">放假安排</a>' in page) is linked
