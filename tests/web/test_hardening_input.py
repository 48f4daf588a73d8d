"""Hostile and broken text, numbers and files get a Chinese message, never a 500, never half
a save (issue 13 §2)."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillaward.base.errors import ActionRefused
from skillaward.core.record import RecordInvalid, read_batch, validate_record
from skillaward.documents.xlsx import formula_safe
from skillaward.organisations.services import account_create
from skillaward.publicity.models import Objection
from skillaward.registry.export import registry_workbook
from skillaward.registry.models import Awardee
from skillaward.registry.services import registry_import
from tests.builders import applicant
from tests.web.factories import PASSWORD, draft, world
from tests.web.test_chain_office import at_panel, record
from tests.web.test_publicity_pages import publicised
from tests.web.test_registry import past_entry

pytestmark = pytest.mark.django_db


def invalid(record: dict) -> str:
    with pytest.raises(RecordInvalid) as refused:
        validate_record(record)
    return str(refused.value)


# --- text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("业绩\x00不实", "含有空字符（NUL）"),
        ("\u200b\u200b\u200d", "只有空白或不可见字符"),
    ],
    ids=["nul", "zero-width-only"],
)
def test_BJ24_08_public_objection_with_nul_or_invisible_text_is_refused_in_chinese(
    client, text, message
):
    w = world("beijing-allowance-2024")
    publicity = publicised(w)
    application = publicity.applications.get()
    response = client.post(
        reverse("publicity_public", args=[publicity.pk]),
        {"application": application.pk, "text": text, "name": "张三", "contact": "13800000000"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Objection.objects.exists()


def test_a_nul_byte_in_the_application_form_is_refused_and_nothing_is_saved(client):
    w = world("beijing-allowance-2024")
    application = draft(w)
    before = application.details
    client.login(username=w.account("applicant").username, password=PASSWORD)
    response = client.post(
        reverse("application_edit", args=[application.pk]),
        {"name": "王\x00建国"},
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 409
    assert "name：含有空字符（NUL）" in response.json()["refused"]
    application.refresh_from_db()
    assert (application.name, application.details) == ("王建国", before)


def test_a_name_of_200000_characters_is_refused():
    message = invalid(applicant("beijing-allowance-2024", name="张" * 200_000))
    assert "name：长度超过50个字符的上限" in message


def test_zero_width_only_text_in_a_record_is_refused():
    record = applicant("beijing-allowance-2024", occupation="\u200b\ufeff")
    assert "occupation：只有空白或不可见字符，请填写实际内容" in invalid(record)


def test_full_width_digits_in_dates_are_normalised():
    record = applicant("beijing-allowance-2024")  # born 1978-03-10
    parsed = validate_record(
        record | {"birth_date": "１９７８－０３－１０", "work_start": "１９９８－０７"}
    )
    assert (parsed.birth_date, parsed.work_start) == ("1978-03-10", "1998-07")


@pytest.mark.parametrize(
    ("field", "value"),
    [("work_start", "9999-01"), ("work_start", "1800-06")],
)
def test_years_like_9999_or_1800_are_refused(field, value):
    record = applicant("beijing-allowance-2024", **{field: value})
    assert f"“{value}”的年份应在1900年至2100年之间" in invalid(record)


def test_a_date_in_the_year_9999_is_refused():
    record = applicant("beijing-allowance-2024", birth_date="9999-03-10")
    assert "“9999-03-10”的年份应在1900年至2100年之间" in invalid(record)


def test_usernames_with_look_alike_cyrillic_letters_are_refused():
    w = world("beijing-allowance-2024")
    with pytest.raises(ActionRefused) as refused:
        account_create(
            organisation=w.unit,
            role="applicant",
            username="аdmin",  # Cyrillic а
            password=PASSWORD,
            actor=w.account("unit_staff"),
        )
    assert "只能由英文字母、数字和 . @ + - _ 组成" in str(refused.value)


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize("score", ["NaN", "Infinity", "-Infinity", "1e309", "100000"])
def test_CC3_10_panel_scores_that_are_not_finite_or_too_large_are_refused(score):
    w = world("changchun-skills-3")
    first, second = at_panel(w, 2)
    with pytest.raises(ActionRefused, match=r"的得分须为0至99999\.99之间的数字"):
        record(w, [first, second], [score, "80"], selected=1)


@pytest.mark.parametrize("score", ["NaN", "Infinity", "1e309"])
def test_CC3_10_panel_page_refuses_non_finite_numbers_without_a_500(client, score):
    w = world("changchun-skills-3")
    first, second = at_panel(w, 2)
    client.login(username=w.account("office_staff").username, password=PASSWORD)
    url = reverse("panel_record", args=[w.campaign.pk, "grand-award"])
    response = client.post(
        url,
        {
            "method": "vote",
            "members": "7",
            f"rank_{first.pk}": "1",
            f"value_{first.pk}": score,
            f"rank_{second.pk}": "2",
            f"value_{second.pk}": "1",
        },
    )
    assert response.status_code in (200, 302)


# --- imports --------------------------------------------------------------------------------


def test_XA24_16_deeply_nested_json_in_a_registry_import_gets_a_chinese_message(tmp_path):
    w = world("xingan-expert-2024")
    path = tmp_path / "past.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ActionRefused) as refused:
        registry_import(path=path, actor=w.account("office_staff"))
    assert str(refused.value) == "获评人员名单有误：JSON嵌套层数过多，不是获评人员名单"


def test_XA24_16_a_registry_import_that_is_not_utf8_gets_a_chinese_message(tmp_path):
    w = world("xingan-expert-2024")
    path = tmp_path / "past.jsonl"
    path.write_bytes(json.dumps(past_entry(), ensure_ascii=False).encode("gbk"))
    with pytest.raises(ActionRefused) as refused:
        registry_import(path=path, actor=w.account("office_staff"))
    message = str(refused.value)
    assert "文件不是UTF-8编码的文本" in message
    assert "codec" not in message


def test_XA24_16_a_nul_byte_in_a_registry_import_is_refused():
    w = world("xingan-expert-2024")
    with pytest.raises(ActionRefused, match="含有空字符"):
        registry_import(rows=[past_entry(title="技师\x00津贴")], actor=w.account("office_staff"))
    assert not Awardee.objects.exists()


# --- spreadsheets ---------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_cell_text_that_would_start_a_formula_is_escaped(start):
    assert formula_safe(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert formula_safe("张三") == "张三"


def test_XA24_16_a_registry_title_like_a_formula_comes_out_of_the_export_as_text():
    w = world("xingan-expert-2024")
    title = '=HYPERLINK("http://example.invalid","点击")'
    registry_import(rows=[past_entry(title=title)], actor=w.account("office_staff"))
    sheet = load_workbook(io.BytesIO(registry_workbook(Awardee.objects.all()))).active
    stored_title = sheet.cell(2, 4)
    assert (stored_title.data_type, stored_title.value) == ("s", "'" + title)


@pytest.mark.parametrize(
    "text",
    ["[" + "[" * 100_000 + "]" * 100_000 + "]", '{"a":' * 100_000 + "1" + "}" * 100_000],
    ids=["array", "json-lines"],
)
def test_deeply_nested_json_in_a_batch_gets_a_chinese_message(text):
    ((line, ref, errors),) = list(read_batch([text]))
    assert (line, ref) == (1, None)
    assert [e.message for e in errors] == ["JSON嵌套层数过多，不是申报人记录"]
