"""Who may do what (issue 13 §3): masked fields stay unsearchable, logins lock out after
repeated failures, weak passwords are refused, sessions end when idle, and the public
objection form is rate-limited, guarded by a honeypot and refuses duplicates."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from skillaward.base.errors import ActionRefused
from skillaward.organisations.services import account_password_reset
from skillaward.publicity.models import Objection
from skillaward.registry.services import registry_import
from tests.web.factories import PASSWORD, world
from tests.web.test_publicity_pages import publicised
from tests.web.test_registry import PERSON, past_entry

pytestmark = pytest.mark.django_db


# --- masked fields --------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "found"), [("office_staff", 1), ("expert", 0), ("approver", 0)])
def test_registry_search_matches_id_numbers_only_for_roles_that_see_them(client, role, found):
    w = world("xingan-expert-2024")
    registry_import(rows=[past_entry()], actor=w.account("office_staff"))
    client.login(username=w.account(role).username, password=PASSWORD)
    # Digits 7-14 (the birth date) are masked for experts and approvers.
    page = client.get(reverse("registry_list"), {"q": PERSON[6:14]})
    assert page.status_code == 200
    assert len(page.context["list"].rows) == found


# --- logins and passwords -------------------------------------------------------------------


def try_login(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_out_with_a_chinese_message(client):
    w = world("beijing-allowance-2024")
    username = w.account("applicant").username
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert try_login(client, username, "wrong-password").status_code == 200
    locked = try_login(client, username, "wrong-password")
    assert locked.status_code == 429
    assert "已暂停从本机登录30分钟" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    assert try_login(client, username, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_logs_in_and_resets_the_count(client):
    w = world("beijing-allowance-2024")
    username = w.account("applicant").username
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        try_login(client, username, "wrong-password")
    assert try_login(client, username, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [("password123", "这个密码太常见了"), ("20241231", "密码只包含数字")],
    ids=["common", "numeric"],
)
def test_common_and_numeric_passwords_are_refused_in_chinese(password, message):
    w = world("beijing-allowance-2024")
    with pytest.raises(ActionRefused) as refused:
        account_password_reset(
            account=w.account("applicant"), password=password, actor=w.account("office_staff")
        )
    assert message in str(refused.value)


def test_users_change_their_own_password_from_a_link_on_every_page(client):
    w = world("beijing-allowance-2024")
    user = w.account("applicant")
    client.login(username=user.username, password=PASSWORD)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("password_change")}"' in home
    form = client.get(reverse("password_change")).content.decode()
    assert "旧密码" in form and ":</label>" not in form
    weak = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert "密码只包含数字" in weak.content.decode()
    changed = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "河畔-梧桐-2026",
            "new_password2": "河畔-梧桐-2026",
        },
        follow=True,
    )
    assert "密码已修改" in changed.content.decode()
    user.refresh_from_db()
    assert user.check_password("河畔-梧桐-2026")


def test_a_session_ends_after_30_idle_minutes_and_each_request_moves_the_end_on(client):
    w = world("beijing-allowance-2024")
    client.login(username=w.account("applicant").username, password=PASSWORD)
    response = client.get(reverse("home"))
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 30 * 60
    assert client.session.get_expiry_age() == 30 * 60


# --- the public objection form --------------------------------------------------------------


def object_to(client, publicity, text: str, address: str = "203.0.113.7", **extra):
    application = publicity.applications.get()
    return client.post(
        reverse("publicity_public", args=[publicity.pk]),
        {"application": application.pk, "text": text, "name": "张三", "contact": "13800000000"}
        | extra,
        REMOTE_ADDR=address,
        follow=True,
    )


def test_BJ24_08_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_kept(client):
    publicity = publicised(world("beijing-allowance-2024"))
    response = object_to(client, publicity, "获奖证书存疑", website="http://spam.example")
    assert "已收到您的异议" in response.content.decode()
    assert not Objection.objects.exists()


def test_BJ24_08_the_same_objection_twice_is_kept_once(client):
    publicity = publicised(world("beijing-allowance-2024"))
    object_to(client, publicity, "获奖证书存疑。")
    again = object_to(client, publicity, " 获奖证书 存疑！ ", address="198.51.100.9")
    assert "已收到对该人选内容相同的异议" in again.content.decode()
    assert Objection.objects.count() == 1


def test_BJ24_08_one_address_may_object_five_times_an_hour(client):
    publicity = publicised(world("beijing-allowance-2024"))
    for n in range(5):
        object_to(client, publicity, f"第{n + 1}条异议")
    refused = object_to(client, publicity, "第6条异议")
    assert "您提交异议过于频繁，请一小时后再提交" in refused.content.decode()
    assert Objection.objects.count() == 5
    object_to(client, publicity, "另一地址的异议", address="198.51.100.9")
    assert Objection.objects.count() == 6


def test_BJ24_08_one_notice_takes_so_many_objections_an_hour_from_everyone(client, settings):
    settings.OBJECTION_RATE_PER_NOTICE = "3/h"
    publicity = publicised(world("beijing-allowance-2024"))
    for n in range(3):
        object_to(client, publicity, f"第{n + 1}条异议", address=f"198.51.100.{n + 1}")
    refused = object_to(client, publicity, "第4条异议", address="198.51.100.50")
    assert "本次公示收到的异议过多" in refused.content.decode()
    assert Objection.objects.count() == 3


def test_a_nul_byte_in_the_registry_search_is_no_server_error(client):
    """PostgreSQL refuses a NUL in a query string: a 500 there before."""
    w = world("xingan-expert-2024")
    registry_import(rows=[past_entry()], actor=w.account("office_staff"))
    client.login(username=w.account("office_staff").username, password=PASSWORD)
    page = client.get(reverse("registry_list"), {"q": "津贴\x00"})
    assert page.status_code == 200
    assert len(page.context["list"].rows) == 1
