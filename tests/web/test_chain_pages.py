"""Pages of the chain: each role's access, the actions through the real pages, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillaward.base.clock import beijing_today
from skillaward.campaigns.services import campaign_create
from skillaward.core import chain
from skillaward.review.models import Override
from tests.builders import applicant
from tests.web.chain_helpers import at_stage, pdf, submitted
from tests.web.factories import PASSWORD, world

pytestmark = pytest.mark.django_db

ROLES = [
    "applicant",
    "other_applicant",
    "unit_staff",
    "other_unit_staff",
    "recommender_staff",
    "other_recommender_staff",
    "office_staff",
    "expert",
    "approver",
]


def login(client, w, role):
    client.login(username=w.account(role).username, password=PASSWORD)
    return client


# --- who may open what ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("applicant", 200),
        ("other_applicant", 404),
        ("unit_staff", 200),
        ("other_unit_staff", 404),
        ("recommender_staff", 200),
        ("other_recommender_staff", 404),
        ("office_staff", 200),
        ("expert", 200),
        ("approver", 200),
    ],
)
def test_candidate_page_is_open_to_whoever_sees_the_application(client, role, status):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    response = login(client, w, role).get(reverse("candidate_detail", args=[application.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("stage", "role", "page", "args"),
    [
        (
            "publicity_recommender",
            "recommender_staff",
            "publicity_manage",
            ["publicity_recommender"],
        ),
        ("recommender_submit", "recommender_staff", "recommendation", []),
        ("panel", "office_staff", "panel_record", ["allowance"]),
    ],
)
def test_candidate_page_at_a_list_step_links_the_list_page(client, stage, role, page, args):
    w = world("beijing-allowance-2024")
    application = at_stage(w, stage)
    url = reverse(page, args=[w.campaign.pk, *args])
    text = login(client, w, role).get(reverse("candidate_detail", args=[application.pk]))
    assert f'href="{url}"' in text.content.decode()
    text = login(client, w, "expert").get(reverse("candidate_detail", args=[application.pk]))
    assert f'href="{url}"' not in text.content.decode()


def test_candidate_page_shows_the_application_form_read_only(client):
    w = world("beijing-allowance-2024")
    record = applicant(
        "beijing-allowance-2024",
        deeds="主持数控机床精度恢复攻关，节约维修费用八十万元。",
        work_history=[{"from": "2000-07", "unit": "北京第一机床厂"}],
    )
    application = submitted(w, data=record)
    page = login(client, w, "expert").get(reverse("candidate_detail", args=[application.pk]))
    text = page.content.decode()
    assert "申报表内容" in text
    assert "主持数控机床精度恢复攻关，节约维修费用八十万元。" in text
    assert "北京第一机床厂" in text
    assert application.id_number not in text


def test_candidate_page_masks_the_id_number_for_experts(client):
    w = world("beijing-allowance-2024")
    application = at_stage(w, "panel")
    page = login(client, w, "expert").get(reverse("candidate_detail", args=[application.pk]))
    assert application.id_number not in page.content.decode()
    page = login(client, w, "office_staff").get(reverse("candidate_detail", args=[application.pk]))
    assert application.id_number in page.content.decode()


@pytest.mark.parametrize(("role", "status"), [("applicant", 403), ("other_applicant", 403)])
def test_worklist_is_closed_to_applicants(client, role, status):
    w = world("beijing-allowance-2024")
    assert login(client, w, role).get(reverse("review_worklist")).status_code == status


def test_worklist_lists_what_waits_for_the_role_only_in_its_organisation(client):
    w = world("beijing-allowance-2024")
    mine = submitted(w)
    theirs = submitted(w, who="other_applicant", serial=30)
    later = at_stage(w, "office_review", serial=40)
    expected = {
        "unit_staff": [mine],
        "other_unit_staff": [theirs],
        "recommender_staff": [],
        "office_staff": [later],
        "approver": [],
        "expert": [],
    }
    for role, applications in expected.items():
        page = login(client, w, role).get(reverse("review_worklist"))
        assert [r["pk"] for r in page.context["list"].page] == [a.pk for a in applications], role


def test_expert_worklist_and_home_list_the_candidates_at_the_panel(client):
    """Experts act at no step; they read the candidates the panel reviews."""
    w = world("beijing-allowance-2024")
    at_stage(w, "office_review", serial=40)
    panel = at_stage(w, "panel", serial=41)
    client = login(client, w, "expert")
    page = client.get(reverse("review_worklist"))
    assert [r["pk"] for r in page.context["list"].page] == [panel.pk]
    assert "专家评审中的人选（1）" in page.content.decode()
    assert "1名人选在专家评审中" in client.get(reverse("home")).content.decode()


def test_worklist_of_one_campaign_lists_only_that_campaign(client):
    """The home page's "N份申报待处理" of a campaign leads to that campaign's applications."""
    w = world("beijing-allowance-2024")
    mine = submitted(w)
    other = campaign_create(program_id=w.program_id, actor=w.account("office_staff"))
    client = login(client, w, "unit_staff")
    url = reverse("review_worklist")
    one = client.get(url, {"campaign": w.campaign.pk})
    assert [r["pk"] for r in one.context["list"].page] == [mine.pk]
    assert [r["pk"] for r in client.get(url, {"campaign": other.pk}).context["list"].page] == []
    assert [r["pk"] for r in client.get(url).context["list"].page] == [mine.pk]


def test_worklist_masks_id_numbers_for_roles_without_personal_data(client):
    w = world("beijing-allowance-2024")
    application = at_stage(w, "approval")
    page = login(client, w, "approver").get(reverse("review_worklist"))
    assert [r["pk"] for r in page.context["list"].page] == [application.pk]
    assert application.id_number not in page.content.decode()


CAMPAIGN_PAGES = [
    ("recommendation", "recommender_staff", {}),
    ("panel_record", "office_staff", {"award_id": "beijing-allowance"}),
    ("approval", "approver", {}),
    ("announcement", "office_staff", {}),
]


@pytest.mark.parametrize(("name", "allowed", "extra"), CAMPAIGN_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_campaign_step_pages_open_only_to_the_role_of_the_step(client, name, allowed, extra, role):
    w = world("beijing-allowance-2024")
    if "award_id" in extra:
        extra = {"award_id": w.campaign.program.awards[0].id}
    url = reverse(name, kwargs={"campaign_id": w.campaign.pk, **extra})
    status = login(client, w, role).get(url).status_code
    if role == allowed or (role == "other_recommender_staff" and allowed == "recommender_staff"):
        assert status == 200
    elif role in ("applicant", "other_applicant", "unit_staff", "other_unit_staff"):
        assert status in (403, 404)
    else:
        assert status == 403


def test_campaign_step_pages_of_another_office_are_not_found(client):
    w = world("beijing-allowance-2024")
    other = world("liaocheng-chief-2019")
    url = reverse("approval", kwargs={"campaign_id": w.campaign.pk})
    assert login(client, other, "approver").get(url).status_code == 404


# --- actions through the pages --------------------------------------------------------------


def test_unit_staff_approves_through_the_page(client):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    url = reverse("review_decide", args=[application.pk, "approve"])
    response = login(client, w, "unit_staff").post(url, {"opinion": "同意推荐"}, follow=True)
    application.refresh_from_db()
    assert application.stage == "recommender_review"
    assert "已审核通过" in response.content.decode()


def test_a_refused_action_shows_its_message_and_changes_nothing(client):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    url = reverse("review_decide", args=[application.pk, "approve"])
    response = login(client, w, "unit_staff").post(url, {"opinion": "同" * 201}, follow=True)
    assert "所在单位推荐意见限200字以内，现有201字（BJ24-21）" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "unit_review"


@pytest.mark.parametrize("role", ["other_unit_staff", "other_recommender_staff", "other_applicant"])
def test_another_units_staff_cannot_act_through_the_page(client, role):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    for decision in ("approve", "return", "reject"):
        url = reverse("review_decide", args=[application.pk, decision])
        assert login(client, w, role).post(url, {"reason": "x"}).status_code == 404
    url = reverse("finding_override", args=[application.pk])
    assert login(client, w, role).post(url, {"clause": "BJ24-01", "reason": "x"}).status_code == 404
    application.refresh_from_db()
    assert application.stage == "unit_review"


@pytest.mark.parametrize("role", ["recommender_staff", "expert", "approver", "office_staff"])
def test_wrong_role_is_refused_through_the_page(client, role):
    w = world("beijing-allowance-2024")
    application = submitted(w)
    url = reverse("review_decide", args=[application.pk, "reject"])
    response = login(client, w, role).post(url, {"reason": "x"}, follow=True)
    assert "应由基层单位经办人办理" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "unit_review"


def test_CC3_08_unit_uploads_the_decision_record_through_the_page(client):
    w = world("changchun-skills-3")
    application = submitted(w)
    url = reverse("review_decide", args=[application.pk, "approve"])
    login(client, w, "unit_staff").post(url, {"opinion": "同意", "decision_record": pdf()})
    application.refresh_from_db()
    assert application.stage == "publicity_unit"


def test_office_overrides_through_the_candidate_page_and_sees_it_there(client):
    w = world("liaocheng-chief-2019")
    application = at_stage(
        w, "office_review", data=applicant("liaocheng-chief-2019", born="1963-01-01")
    )
    login(client, w, "office_staff")
    url = reverse("finding_override", args=[application.pk])
    client.post(url, {"clause": "LC19-06", "reason": "破格推荐"})
    assert Override.objects.get().reason == "破格推荐"
    page = client.get(reverse("candidate_detail", args=[application.pk])).content.decode()
    assert "已认定例外" in page and "破格推荐" in page


def test_recommender_previews_then_submits_the_ranked_list(client):
    today = beijing_today()
    w = world("changchun-skills-3", phases=[{"id": "submission", "start": today, "end": today}])
    first = at_stage(w, "recommender_submit", serial=20)
    second = at_stage(w, "recommender_submit", serial=21)
    login(client, w, "recommender_staff")
    url = reverse("recommendation", kwargs={"campaign_id": w.campaign.pk})
    ranks = {f"rank_{second.pk}": "1", f"rank_{first.pk}": "2"}
    preview = client.post(url, ranks | {"action": "preview"})
    assert "推荐2人，未超过县（市、区）人社部门3人名额" in preview.content.decode()
    first.refresh_from_db()
    assert first.stage == "recommender_submit"
    client.post(url, ranks | {"action": "confirm", "confirmed": "yes"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert [(second.rank, second.stage), (first.rank, first.stage)] == [
        (1, "panel"),
        (2, "panel"),
    ]


def test_list_pages_offer_no_buttons_when_nothing_waits(client):
    w = world("beijing-allowance-2024")
    pages = [
        ("recommender_staff", reverse("recommendation", args=[w.campaign.pk]), "核对报送名单"),
        ("approver", reverse("approval", args=[w.campaign.pk]), "提交审批决定"),
        ("office_staff", reverse("announcement", args=[w.campaign.pk]), "公布结果并登记获评人员"),
        (
            "office_staff",
            reverse("panel_record", args=[w.campaign.pk, "allowance"]),
            "录入评审结果",
        ),
    ]
    for role, url, button in pages:
        text = login(client, w, role).get(url).content.decode()
        assert "暂无等待" in text and f"{button}</button>" not in text, url


def test_bj24_12_recommendation_page_says_which_batch_rules_found_nothing(client):
    w = world("beijing-allowance-2024")
    login(client, w, "recommender_staff")
    page = client.get(reverse("recommendation", kwargs={"campaign_id": w.campaign.pk}))
    assert "已按BJ24-12核对，未发现问题。" in page.content.decode()


def test_office_records_the_panel_through_the_page(client):
    w = world("changchun-skills-3")
    first = at_stage(w, "panel", serial=20, plain=True)
    second = at_stage(w, "panel", serial=21, plain=True)
    url = reverse("panel_record", kwargs={"campaign_id": w.campaign.pk, "award_id": "grand-award"})
    login(client, w, "office_staff").post(
        url,
        {
            "method": "vote",
            "members": "7",
            f"rank_{first.pk}": "1",
            f"value_{first.pk}": "6",
            f"selected_{first.pk}": "on",
            f"rank_{second.pk}": "2",
            f"value_{second.pk}": "3",
            "sheet": pdf("sheet.pdf"),
        },
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.stage, second.stage) == ("publicity_city", chain.NOT_SELECTED)


def test_approval_and_announcement_through_their_pages(client):
    w = world("beijing-allowance-2024")
    application = at_stage(w, "approval")
    login(client, w, "approver").post(
        reverse("approval", kwargs={"campaign_id": w.campaign.pk}),
        {
            f"decision_{application.pk}": "approve",
            f"opinion_{application.pk}": "同意",
            "minutes": pdf("会议纪要.pdf"),
        },
    )
    application.refresh_from_db()
    assert application.stage == "announcement"
    login(client, w, "office_staff").post(
        reverse("announcement", kwargs={"campaign_id": w.campaign.pk})
    )
    application.refresh_from_db()
    assert application.stage == chain.AWARDED


# --- query counts: the same with 1 and with 3 rows ------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("stage", "role", "name", "extra"),
    [
        ("unit_review", "unit_staff", "review_worklist", None),
        ("recommender_submit", "recommender_staff", "recommendation", {}),
        ("panel", "office_staff", "panel_record", {"award_id": "grand-award"}),
        ("approval", "approver", "approval", {}),
        ("announcement", "office_staff", "announcement", {}),
    ],
)
def test_list_pages_run_the_same_queries_for_one_and_three_rows(
    client, django_assert_num_queries, stage, role, name, extra
):
    w = world("changchun-skills-3")
    url = (
        reverse(name)
        if extra is None
        else reverse(name, kwargs={"campaign_id": w.campaign.pk, **extra})
    )
    login(client, w, role)
    at_stage(w, stage, serial=20, plain=True)
    one = _count(client, url)
    at_stage(w, stage, serial=21, plain=True)
    at_stage(w, stage, serial=22, plain=True, award_id="grand-award")
    with django_assert_num_queries(one):
        assert client.get(url).status_code == 200


def test_candidate_page_queries_do_not_grow_with_the_trail(client, django_assert_num_queries):
    w = world("beijing-allowance-2024")
    login(client, w, "office_staff")
    short = at_stage(w, "office_review", serial=20)
    one = _count(client, reverse("candidate_detail", args=[short.pk]))
    longer = at_stage(w, "approval", serial=21)
    with django_assert_num_queries(one):
        client.get(reverse("candidate_detail", args=[longer.pk]))
