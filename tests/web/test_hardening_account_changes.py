"""Account creation is shown to the approvers (issue 13 §3): an office account that makes an
approver account (and could approve as the leading group) is seen doing it, from the trail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from skillaward.organisations.selectors import account_changes
from skillaward.organisations.services import account_create, account_role_change
from tests.web.factories import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world("beijing-allowance-2024", campaign=False)


def test_s3_an_approver_account_made_on_the_office_page_shows_on_the_approvers_home(client, w):
    client.force_login(w.account("office_staff"))
    made = client.post(
        reverse("account_new", args=[w.office.pk]),
        {
            "role": "approver",
            "username": "shadow",
            "password": "a-long-pass-1",
            "full_name": "影子",
        },
    )
    assert made.status_code == 302
    client.force_login(w.account("approver"))
    home = client.get(reverse("home")).content.decode()
    row = next(r for r in home.split("<tr") if "shadow" in r)
    assert "创建账号" in row and "领导小组" in row and "影子" in row
    assert str(w.account("office_staff")) in row  # who made it
    assert reverse("account_changes") in home
    page = client.get(reverse("account_changes"))
    assert page.status_code == 200 and "shadow（影子" in page.content.decode()


def test_s3_a_role_change_to_approver_is_listed_with_before_and_after(w):
    office_staff = w.account("office_staff")
    expert = w.account("expert")
    account_role_change(account=expert, role="approver", actor=office_staff)
    (change, *_) = account_changes(w.office)
    assert (change.account, change.entry.action, change.leading_group) == (
        expert,
        "account_role",
        True,
    )
    assert (change.role_before, change.role_after) == ("评审专家", "领导小组（审批）")


def test_s3_account_changes_are_the_regions_only_newest_first_and_mark_only_approvers(w):
    office_staff = w.account("office_staff")
    account_create(
        organisation=w.unit,
        role="applicant",
        username="a1",
        password="a-long-pass-1",
        actor=w.account("unit_staff"),
    )
    other = world("liaocheng-chief-2019", campaign=False)
    account_create(
        organisation=other.office,
        role="approver",
        username="elsewhere",
        password="a-long-pass-1",
        actor=other.account("office_staff"),
    )
    account_create(
        organisation=w.office,
        role="approver",
        username="a2",
        password="a-long-pass-1",
        actor=office_staff,
    )
    names = [c.account.username for c in account_changes(w.office)]
    assert names[:2] == ["a2", "a1"] and "elsewhere" not in names
    leading = {c.account.username: c.leading_group for c in account_changes(w.office)}
    assert leading["a2"] and not leading["a1"]


@pytest.mark.parametrize("role", ["unit_staff", "recommender_staff", "expert", "applicant"])
def test_s3_only_the_office_and_the_leading_group_see_account_changes(client, w, role):
    client.force_login(w.account(role))
    assert client.get(reverse("account_changes")).status_code == 403
    assert "最近的账号变动" not in client.get(reverse("home")).content.decode()


def test_s3_the_office_sees_the_changes_on_its_home_too(client, w):
    account_create(
        organisation=w.office,
        role="expert",
        username="expert2",
        password="a-long-pass-1",
        actor=w.account("office_staff"),
    )
    client.force_login(w.account("office_staff"))
    home = client.get(reverse("home")).content.decode()
    assert "最近的账号变动" in home and "expert2" in home
