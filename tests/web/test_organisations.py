"""Organisations and accounts (issue 3 §1): who may build which part of the tree, and the pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillaward.base.errors import ActionRefused
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.services import (
    HashedPassword,
    account_create,
    account_password_reset,
    office_create,
    organisation_create,
)
from tests.web.factories import PASSWORD, world

pytestmark = pytest.mark.django_db

PROGRAM = "beijing-allowance-2024"


@pytest.fixture
def w():
    return world(PROGRAM)


def login(client, w, role):
    client.force_login(w.account(role))
    return client


# --- organisation_create ------------------------------------------------------------------


def test_org_office_creates_recommending_unit_of_a_programme_type(w):
    created = organisation_create(
        parent=w.office,
        name="朝阳区人力社保局",
        recommender_type="district",
        actor=w.account("office_staff"),
    )
    assert (created.kind, created.parent, created.region) == ("recommender", w.office, "北京市")


def test_org_recommender_type_outside_the_programmes_is_refused(w):
    with pytest.raises(ActionRefused, match="请选择推荐单位类型"):
        organisation_create(
            parent=w.office,
            name="某县人社局",
            recommender_type="county",
            actor=w.account("office_staff"),
        )


def test_org_office_without_campaigns_may_use_every_type():
    w = world(PROGRAM, campaign=False)
    created = organisation_create(
        parent=w.office,
        name="某县人社局",
        recommender_type="county",
        actor=w.account("office_staff"),
    )
    assert created.recommender_type == "county"


@pytest.mark.parametrize("role", ["office_staff", "recommender_staff"])
def test_org_work_unit_created_under_own_recommending_unit(w, role):
    created = organisation_create(parent=w.recommender, name="新单位", actor=w.account(role))
    assert (created.kind, created.parent) == ("unit", w.recommender)


def test_org_recommender_staff_may_not_create_under_another_recommender(w):
    with pytest.raises(ActionRefused, match="无权"):
        organisation_create(
            parent=w.other_recommender, name="新单位", actor=w.account("recommender_staff")
        )


def test_org_recommender_staff_may_not_create_recommending_units(w):
    with pytest.raises(ActionRefused, match="无权"):
        organisation_create(
            parent=w.office,
            name="新推荐单位",
            recommender_type="district",
            actor=w.account("recommender_staff"),
        )


@pytest.mark.parametrize("role", ["applicant", "unit_staff", "expert", "approver"])
def test_org_other_roles_may_not_create_units(w, role):
    with pytest.raises(ActionRefused, match="无权"):
        organisation_create(parent=w.recommender, name="新单位", actor=w.account(role))


def test_org_nothing_under_a_work_unit(w):
    with pytest.raises(ActionRefused, match="基层单位下不能再设下级单位"):
        organisation_create(parent=w.unit, name="车间", actor=w.account("office_staff"))


def test_org_other_office_may_not_build_in_this_region(w):
    stranger = world("changchun-skills-3").account("office_staff")
    with pytest.raises(ActionRefused, match="无权"):
        organisation_create(parent=w.recommender, name="新单位", actor=stranger)


def test_org_duplicate_and_blank_names_are_refused(w):
    office = w.account("office_staff")
    with pytest.raises(ActionRefused, match="已有名为“某机械有限公司”"):
        organisation_create(parent=w.recommender, name=" 某机械有限公司 ", actor=office)
    with pytest.raises(ActionRefused, match="请填写单位名称"):
        organisation_create(parent=w.recommender, name="  ", actor=office)


def test_org_work_unit_has_no_recommender_type(w):
    with pytest.raises(ActionRefused, match="基层单位不设推荐单位类型"):
        organisation_create(
            parent=w.recommender,
            name="新单位",
            recommender_type="district",
            actor=w.account("office_staff"),
        )


# --- account_create -----------------------------------------------------------------------

PLACE = {
    "applicant": "unit",
    "unit_staff": "unit",
    "recommender_staff": "recommender",
    "office_staff": "office",
    "expert": "office",
    "approver": "office",
}


@pytest.mark.parametrize("role", sorted(PLACE))
def test_org_office_creates_an_account_of_every_role(w, role):
    organisation = getattr(w, PLACE[role])
    created = account_create(
        organisation=organisation,
        role=role,
        username=f"new-{role}",
        password="a-long-pass-1",
        full_name="张三",
        phone="13800138000",
        actor=w.account("office_staff"),
    )
    assert (created.role, created.organisation, created.full_name) == (role, organisation, "张三")
    assert created.check_password("a-long-pass-1")


def test_org_account_role_must_fit_the_level(w):
    with pytest.raises(ActionRefused, match="评审专家账号不能设在基层单位"):
        account_create(
            organisation=w.unit,
            role="expert",
            username="x",
            password="a-long-pass-1",
            actor=w.account("office_staff"),
        )


def new_account(w, actor_role: str, place: str, role: str, username: str):
    return account_create(
        organisation=getattr(w, place),
        role=role,
        username=username,
        password="a-long-pass-1",
        actor=w.account(actor_role),
    )


@pytest.mark.parametrize(
    ("actor_role", "may_create", "refused"),
    [
        # Recommending-unit staff: work-unit staff in their own subtree, nothing else.
        (
            "recommender_staff",
            ("unit", "unit_staff"),
            [("other_unit", "unit_staff"), ("unit", "applicant")],
        ),
        # Work-unit staff: applicants of their own unit, nothing else.
        (
            "unit_staff",
            ("unit", "applicant"),
            [("other_unit", "applicant"), ("unit", "unit_staff")],
        ),
    ],
)
def test_org_staff_create_accounts_only_below_them(w, actor_role, may_create, refused):
    place, role = may_create
    created = new_account(w, actor_role, place, role, "created")
    assert (created.organisation, created.role) == (getattr(w, place), role)
    for number, (place, role) in enumerate(refused):
        with pytest.raises(ActionRefused, match="无权"):
            new_account(w, actor_role, place, role, f"refused{number}")


@pytest.mark.parametrize("role", ["applicant", "expert", "approver"])
def test_org_roles_without_people_to_manage_create_no_accounts(w, role):
    with pytest.raises(ActionRefused, match="无权"):
        account_create(
            organisation=w.unit,
            role="applicant",
            username="z",
            password="a-long-pass-1",
            actor=w.account(role),
        )


def test_org_username_taken_short_password_and_unknown_role_refused(w):
    office = w.account("office_staff")
    taken = w.account("applicant").username.upper()
    with pytest.raises(ActionRefused, match="已被使用"):
        account_create(
            organisation=w.unit,
            role="applicant",
            username=taken,
            password="a-long-pass-1",
            actor=office,
        )
    with pytest.raises(ActionRefused, match="密码不符合要求"):
        account_create(
            organisation=w.unit, role="applicant", username="new", password="short", actor=office
        )
    with pytest.raises(ActionRefused, match="请选择账号角色"):
        account_create(
            organisation=w.unit,
            role="admin",
            username="new",
            password="a-long-pass-1",
            actor=office,
        )
    assert not Account.objects.filter(username="new").exists()


def test_org_accounts_made_with_one_hashed_password_share_its_hash_and_log_in_with_it(w):
    hashed = HashedPassword(make_password("a-long-pass-1"))
    staff = office_create(
        name="某市评选办公室", region="某市", username="o1", password=hashed, phone="13800000000"
    )
    applicant = account_create(
        organisation=w.unit,
        role="applicant",
        username="a1",
        password=hashed,
        actor=w.account("office_staff"),
    )
    for account in (staff, applicant):
        account.refresh_from_db()
        assert account.password == hashed.encoded
        assert account.check_password("a-long-pass-1")
    assert staff.phone == "13800000000"


# --- account_password_reset ---------------------------------------------------------------


def test_org_office_resets_a_password_in_its_region(w):
    target = w.account("other_applicant")
    account_password_reset(
        account=target, password="brand-new-pass", actor=w.account("office_staff")
    )
    target.refresh_from_db()
    assert target.check_password("brand-new-pass")


@pytest.mark.parametrize("role", ["recommender_staff", "unit_staff", "expert", "applicant"])
def test_org_only_the_office_resets_passwords(w, role):
    with pytest.raises(ActionRefused, match="只有评选办公室工作人员"):
        account_password_reset(
            account=w.account("applicant"), password="brand-new-pass", actor=w.account(role)
        )


def test_org_office_may_not_reset_another_regions_password(w):
    stranger = world("changchun-skills-3").account("office_staff")
    with pytest.raises(ActionRefused, match="其他地区"):
        account_password_reset(
            account=w.account("applicant"), password="brand-new-pass", actor=stranger
        )
    assert w.account("applicant").check_password(PASSWORD)


# --- pages --------------------------------------------------------------------------------


def test_org_list_shows_the_subtree_only(client, w):
    page = login(client, w, "recommender_staff").get(reverse("organisation_list"))
    text = page.content.decode()
    assert page.status_code == 200
    assert w.recommender.name in text and w.unit.name in text
    assert w.other_unit.name not in text and w.office.name not in text


def test_org_page_creates_a_work_unit(client, w):
    url = reverse("organisation_new", args=[w.recommender.pk])
    page = login(client, w, "recommender_staff").post(url, {"name": "新建单位"})
    created = Organisation.objects.get(name="新建单位")
    assert page.status_code == 302
    assert page["Location"] == reverse("organisation_detail", args=[created.pk])


def test_org_page_shows_the_refusal(client, w):
    url = reverse("organisation_new", args=[w.recommender.pk])
    page = login(client, w, "office_staff").post(url, {"name": w.unit.name}, follow=True)
    assert "已有名为“某机械有限公司”的单位" in page.content.decode()


def test_org_page_offers_the_programmes_recommender_types(client, w):
    page = login(client, w, "office_staff").get(reverse("organisation_new", args=[w.office.pk]))
    text = page.content.decode()
    assert "区人力资源社会保障局" in text and "县（市、区）人社部门" not in text


def test_org_page_creates_an_applicant_account(client, w):
    url = reverse("account_new", args=[w.unit.pk])
    data = {
        "role": "applicant",
        "username": "li-si",
        "password": "a-long-pass-1",
        "full_name": "李四",
    }
    page = login(client, w, "unit_staff").post(url, data)
    assert page.status_code == 302
    assert Account.objects.get(username="li-si").organisation == w.unit


def test_org_page_offers_only_the_roles_the_actor_may_give(client, w):
    page = login(client, w, "recommender_staff").get(reverse("account_new", args=[w.unit.pk]))
    text = page.content.decode()
    assert 'value="unit_staff"' in text and 'value="applicant"' not in text


def test_org_page_resets_a_password(client, w):
    target = w.account("applicant")
    url = reverse("account_password", args=[target.pk])
    page = login(client, w, "office_staff").post(url, {"password": "brand-new-pass"})
    target.refresh_from_db()
    assert page.status_code == 302 and target.check_password("brand-new-pass")


def _add_units(w, n):
    """``n`` more work units under the recommending unit, each with a unit and a desk account."""
    for i in range(n):
        unit = Organisation.objects.create(name=f"单位{i}", kind="unit", parent=w.recommender)
        Account.objects.create_user(username=f"staff{i}", role="unit_staff", organisation=unit)
        Account.objects.create_user(
            username=f"desk{i}", role="recommender_staff", organisation=w.recommender
        )


@pytest.mark.parametrize("name", ["organisation_list", "organisation_detail"])
def test_org_list_pages_query_count_does_not_grow(client, w, django_assert_num_queries, name):
    """One row (the world's unit and desk), then three: the same number of queries."""
    login(client, w, "recommender_staff")
    url = reverse(name, args=[w.recommender.pk] if name == "organisation_detail" else [])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _add_units(w, 2)
    with django_assert_num_queries(len(one)):
        assert client.get(url).status_code == 200
