"""The expert-review pages: what an expert sees (only assigned, non-recused candidates, never
another expert's score before the close), the sheet and ballot forms' messages beside their
fields, and the office's panel page from the draw to the finish (LC19-10, LC19-13)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillaward.campaigns.models import Application
from skillaward.organisations.services import HashedPassword
from skillaward.panels.models import Panel, Recusal, Round, Sheet
from skillaward.panels.services import expert_save
from tests.web.factories import World, world
from tests.web.panel_helpers import candidates, drawn, give, members, opened, pool
from tests.web.test_panels_services import xlsx

pytestmark = pytest.mark.django_db

LC = "liaocheng-chief-2019"


@pytest.fixture
def w() -> World:
    return world(LC)


@pytest.fixture
def city(w: World) -> tuple[Panel, Round, list[Application]]:
    """The LC19-13 city panel (a ballot): three candidates, five members drawn, the round open."""
    apps = candidates(w, 3)
    pool(w, 8)
    panel = drawn(w)
    return panel, opened(w, panel), apps


@pytest.fixture
def county(w: World) -> tuple[Panel, Round, list[Application]]:
    """The LC19-10 panel of the recommending unit (scores): two candidates, seven members."""
    apps = candidates(w, 2, stage="recommender_review")
    pool(w, 9)
    panel = drawn(
        w,
        size=7,
        step_id="recommender_review",
        actor="recommender_staff",
        recommender=w.recommender,
    )
    return panel, opened(w, panel, "recommender_staff"), apps


def review_url(round_: Round, application: Application) -> str:
    return reverse("panel_review", args=[round_.pk, application.pk])


def as_member(client, panel: Panel, index: int = 0):  # type: ignore[no-untyped-def]
    member = members(panel)[index]
    client.force_login(member.expert.account)
    return member


# --- what the expert sees ---------------------------------------------------------------------


def test_expert_sees_only_assigned_candidates(client, w, city):
    panel, round_, apps = city
    as_member(client, panel)
    page = client.get(reverse("panel_my_reviews")).content.decode()
    for application in apps:
        assert application.name in page
        assert review_url(round_, application) in page
    outsider = pool(w, 1, start=50)[0]  # in the pool, not on the panel
    client.force_login(outsider.account)
    page = client.get(reverse("panel_my_reviews")).content.decode()
    assert "目前没有分配给您的评审任务" in page
    assert client.get(review_url(round_, apps[0])).status_code == 404


def test_recused_candidate_is_gone_from_the_experts_pages(client, city):
    panel, round_, apps = city
    member = as_member(client, panel)
    response = client.post(
        review_url(round_, apps[0]),
        {"action": "recuse", "reason_code": "kinship", "reason": "系本人表弟"},
    )
    assert response.status_code == 302
    assert Recusal.objects.filter(member=member, application=apps[0], automatic=False).exists()
    page = client.get(reverse("panel_my_reviews")).content.decode()
    assert review_url(round_, apps[0]) not in page
    assert review_url(round_, apps[1]) in page
    assert client.get(review_url(round_, apps[0])).status_code == 404


def test_recusal_without_its_reason_is_refused_beside_the_field(client, city):
    panel, round_, apps = city
    member = as_member(client, panel)
    response = client.post(
        review_url(round_, apps[0]), {"action": "recuse", "reason_code": "other"}
    )
    assert response.status_code == 200
    assert "请写明需要回避的具体情况" in response.content.decode()
    assert not Recusal.objects.filter(member=member).exists()


@pytest.mark.parametrize("role", ["applicant", "unit_staff", "office_staff", "approver"])
def test_other_roles_refused_the_experts_pages(client, w, city, role):
    _, round_, apps = city
    client.force_login(w.account(role))
    assert client.get(reverse("panel_my_reviews")).status_code == 403
    assert client.get(review_url(round_, apps[0])).status_code == 403


def test_candidate_page_masks_personal_data(client, city):
    panel, round_, apps = city
    as_member(client, panel)
    page = client.get(review_url(round_, apps[0])).content.decode()
    assert apps[0].id_number not in page
    assert apps[0].id_number[:6] in page  # the masked number keeps its first digits


def test_lc19_13_no_other_experts_vote_before_the_round_closes(client, city):
    panel, round_, apps = city
    first, second = members(panel)[:2]
    give(first, apps[0], vote="no", comment="业绩材料不足以支撑")
    client.force_login(second.expert.account)
    page = client.get(review_url(round_, apps[0])).content.decode()
    assert "业绩材料不足以支撑" not in page
    assert "已提交" not in page


# --- the ballot and the score sheet -----------------------------------------------------------


def test_lc19_13_ballot_saved_submitted_locked_and_corrected_with_a_reason(client, city):
    panel, round_, apps = city
    member = as_member(client, panel)
    url = review_url(round_, apps[0])
    client.post(url, {"action": "save", "vote": "yes", "comment": "草稿"})
    sheet = Sheet.objects.get(member=member, application=apps[0])
    assert (sheet.status, sheet.vote) == ("draft", "yes")
    client.post(url, {"action": "submit", "vote": "yes", "comment": "同意"})
    page = client.get(url).content.decode()
    assert "已提交" in page and "更正评审结果" in page
    assert 'name="action" value="submit"' not in page  # locked: no form to submit again
    response = client.post(url, {"action": "correct", "vote": "no"})
    assert response.status_code == 200
    assert "更正已提交的评分须写明理由" in response.content.decode()
    client.post(url, {"action": "correct", "vote": "no", "reason": "误选"})
    current = Sheet.objects.get(member=member, application=apps[0], current=True)
    assert (current.version, current.vote, current.reason) == (2, "no", "误选")


def test_ballot_submitted_without_a_choice_is_refused_beside_the_field(client, city):
    panel, round_, apps = city
    member = as_member(client, panel)
    response = client.post(review_url(round_, apps[0]), {"action": "submit", "comment": "好"})
    page = response.content.decode()
    assert "请选择赞成、反对或弃权" in page
    assert "好</textarea>" in page  # what was typed is kept
    assert not Sheet.objects.filter(member=member).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "须填写数字"),
        ("NaN", "须填写有限的数字"),
        ("Infinity", "须填写有限的数字"),
        ("100.5", "须在0至100分之间"),
        ("-1", "须在0至100分之间"),
    ],
)
def test_lc19_10_bad_score_refused_beside_its_field_nothing_saved(client, county, typed, message):
    panel, round_, apps = county
    member = as_member(client, panel)
    response = client.post(
        review_url(round_, apps[0]), {"action": "submit", "c_overall": typed, "comment": "意见"}
    )
    page = response.content.decode()
    assert f"“综合评定”{message}" in page
    assert f'value="{typed}"' in page
    assert not Sheet.objects.filter(member=member).exists()


def test_lc19_10_score_at_the_boundaries_accepted(client, county):
    panel, round_, apps = county
    member = as_member(client, panel)
    client.post(review_url(round_, apps[0]), {"action": "submit", "c_overall": "100"})
    client.post(review_url(round_, apps[1]), {"action": "submit", "c_overall": "0"})
    given = dict(
        Sheet.objects.filter(member=member, status="submitted").values_list(
            "application_id", "criteria"
        )
    )
    assert given == {apps[0].pk: {"overall": "100"}, apps[1].pk: {"overall": "0"}}


# --- the office's pages -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["expert", "applicant", "unit_staff", "approver"])
def test_office_pages_refused_to_other_roles(client, w, city, role):
    panel, _, _ = city
    client.force_login(w.account(role))
    assert client.get(reverse("panel_detail", args=[panel.pk])).status_code in (403, 404)
    assert client.get(reverse("expert_pool")).status_code == 403


def test_recommending_unit_runs_only_its_own_panel(client, w, county):
    panel, _, _ = county
    client.force_login(w.account("recommender_staff"))
    assert client.get(reverse("panel_detail", args=[panel.pk])).status_code == 200
    client.force_login(w.account("other_recommender_staff"))
    assert client.get(reverse("panel_detail", args=[panel.pk])).status_code == 403


def test_office_progress_shows_who_has_done_what_but_no_votes(client, w, city):
    panel, _, apps = city
    first = members(panel)[0]
    give(first, apps[0], vote="yes", comment="技艺精湛示范带动")
    client.force_login(w.account("office_staff"))
    page = client.get(reverse("panel_detail", args=[panel.pk])).content.decode()
    assert first.expert.name in page
    assert "技艺精湛示范带动" not in page
    assert "结束本轮并计票" in page


def test_draw_form_errors_beside_the_field_and_kept(client, w):
    candidates(w, 2)
    pool(w, 8)
    client.force_login(w.account("office_staff"))
    response = client.post(
        reverse("campaign_panels", args=[w.campaign.pk]),
        {"step": "panel", "award": "chief-technician"},
    )
    panel = Panel.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("panel_draw", args=[panel.pk]), {"size": "", "reserves": "2", "seed": "abc"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "请填写抽取人数" in page and 'value="abc"' in page
    response = client.post(
        reverse("panel_draw", args=[panel.pk]), {"size": "3", "reserves": "2", "seed": "abc"}
    )
    assert "评审专家不得少于5人" in response.content.decode()
    client.post(
        reverse("panel_draw", args=[panel.pk]), {"size": "5", "reserves": "2", "seed": "s9"}
    )
    page = client.get(reverse("panel_detail", args=[panel.pk])).content.decode()
    assert "s9" in page and panel.members.filter(active=True).count() == 5


def test_lc19_13_close_tally_and_finish_move_the_candidates_on(client, w, city):
    panel, _, apps = city
    for member in members(panel):
        for application in apps:
            give(member, application, vote="yes")
    client.force_login(w.account("office_staff"))
    client.post(reverse("panel_round_close", args=[panel.pk]))
    page = client.get(reverse("panel_detail", args=[panel.pk])).content.decode()
    assert "计票结果" in page and "5/0/0" in page and "建议入选" in page
    response = client.post(reverse("panel_finish", args=[panel.pk]))
    assert "请上传评审专家签字的结果汇总表" in response.content.decode()
    summary = SimpleUploadedFile("汇总表.pdf", b"%PDF-1.4\n%signed\n")
    client.post(reverse("panel_finish", args=[panel.pk]), {"summary": summary})
    panel.refresh_from_db()
    assert panel.status == "finished"
    assert {a.stage for a in Application.objects.filter(pk__in=[a.pk for a in apps])} != {"panel"}


# --- the pool ---------------------------------------------------------------------------------


def test_pool_search_and_active_filter(client, w):
    experts = pool(w, 3)
    pool(w, 1, occupations=("焊工",), start=10)
    client.force_login(w.account("office_staff"))
    client.post(reverse("expert_active", args=[experts[0].pk]), {"active": "0"})
    page = client.get(reverse("expert_pool"), {"q": "焊工"}).content.decode()
    assert "专家10" in page and "专家1<" not in page
    page = client.get(reverse("expert_pool"), {"active": "0"}).content.decode()
    assert "专家0" in page and "专家2" not in page


def test_expert_added_by_hand_gets_an_account_and_its_initial_password_once(client, w):
    client.force_login(w.account("office_staff"))
    response = client.post(
        reverse("expert_new"),
        {"name": "李工", "occupations": "电工、焊工", "phone": "1391234"},
    )
    assert "不是11位手机号码" in response.content.decode()
    assert 'value="李工"' in response.content.decode()
    response = client.post(
        reverse("expert_new"),
        {"name": "李工", "occupations": "电工、焊工", "phone": "13912345678"},
        follow=True,
    )
    expert = w.office.experts.get()
    assert expert.occupations == ["电工", "焊工"]
    assert "初始密码" in response.content.decode()


def test_expert_import_page_lists_errors_by_row_and_column(client, w):
    client.force_login(w.account("office_staff"))
    bad = xlsx(["王建国", "车工", "高级技师", "某厂", "聊城市", "13900000001"], ["", "焊工"])
    response = client.post(reverse("expert_import"), {"file": bad})
    page = response.content.decode()
    assert response.status_code == 400
    assert "第4行" in page and "A列 姓名" in page and "不能为空" in page
    assert not w.office.experts.exists()
    good = xlsx(["王建国", "车工", "高级技师", "某厂", "聊城市", "13900000001"])
    page = client.post(reverse("expert_import"), {"file": good}).content.decode()
    expert = w.office.experts.get()
    assert expert.account.username in page and "初始密码" in page


def test_expert_saved_with_a_hashed_password_has_no_initial_password(w):
    made = expert_save(
        office=w.office,
        actor=w.account("office_staff"),
        password=HashedPassword(make_password("demo-pass-2024")),
        name="李工",
        occupations=["电工"],
    )
    assert made.password is None
    assert made.expert.account.check_password("demo-pass-2024")


def test_bj6_16_grouped_step_offers_its_candidates_occupations_as_groups(client):
    w = world("beijing-outstanding-6")
    (application,) = candidates(w, 1)
    occupation = application.data["occupation"]
    client.force_login(w.account("office_staff"))
    address = reverse("campaign_panels", args=[w.campaign.pk])
    assert f'<option value="{occupation}">' in client.get(address).content.decode()
    award = w.campaign.program.awards[0].id
    client.post(address, {"step": "panel", "award": award, "group": occupation})
    assert Panel.objects.get().group == occupation
