"""Forms that keep what was typed (issue 11 §4) and the public side of publicity (§5): the
login page's link, objections under a real name with a contact and a reference number, and
the objector's lookup of the outcome."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillaward.base.errors import ActionRefused
from skillaward.publicity.models import Objection
from skillaward.publicity.services import objection_resolve, objection_submit
from skillaward.review.models import PanelResult
from tests.web.chain_helpers import at_stage, pdf
from tests.web.factories import PASSWORD, world
from tests.web.test_publicity_pages import publicised

pytestmark = pytest.mark.django_db


def login(client, w, role):
    assert client.login(username=w.account(role).username, password=PASSWORD)


# --- §4 the panel result form -----------------------------------------------------------------


def test_LC19_10_a_refused_tie_keeps_every_rank_score_and_choice_of_the_panel_form(client):
    w = world("beijing-allowance-2024")
    first = at_stage(w, "panel", serial=20, plain=True)
    second = at_stage(w, "panel", serial=21, plain=True)
    login(client, w, "office_staff")
    award = w.campaign.program.awards[0].id
    url = reverse("panel_record", args=[w.campaign.pk, award])
    typed = {
        "method": "vote",
        "members": "7",
        f"rank_{first.pk}": "1",
        f"value_{first.pk}": "5",
        f"selected_{first.pk}": "on",
        f"rank_{second.pk}": "2",
        f"value_{second.pk}": "5",
        "sheet": pdf("签字表.pdf"),
    }
    page = client.post(url, typed).content.decode()
    assert "并列于入选线上" in page
    assert "所选文件“签字表.pdf”未保存，请重新选择后再提交" in page
    assert '<option value="vote" selected>' in page
    assert 'name="members" min="1" inputmode="numeric" value="7"' in page
    for application, rank in ((first, "1"), (second, "2")):
        assert f'name="rank_{application.pk}" value="{rank}"' in page
        assert f'name="value_{application.pk}" value="5"' in page
    checked = re.search(rf'name="selected_{first.pk}"[^>]*>', page).group(0)
    assert "checked" in checked
    unchecked = re.search(rf'name="selected_{second.pk}"[^>]*>', page).group(0)
    assert "checked" not in unchecked
    assert not PanelResult.objects.exists()


def test_BJ24_21_a_refused_unit_opinion_comes_back_as_typed(client):
    w = world("beijing-allowance-2024")
    application = at_stage(w, "unit_review")
    login(client, w, "unit_staff")
    too_long = "技" * 201
    page = client.post(
        reverse("review_decide", args=[application.pk, "approve"]), {"opinion": too_long}
    ).content.decode()
    assert "限200字以内，现有201字（BJ24-21）" in page
    assert f">{too_long}</textarea>" in page
    application.refresh_from_db()
    assert application.stage == "unit_review"


def test_CC3_08_a_missing_decision_record_keeps_the_opinion(client):
    w = world("changchun-skills-3")
    application = at_stage(w, "unit_review")
    login(client, w, "unit_staff")
    page = client.post(
        reverse("review_decide", args=[application.pk, "approve"]), {"opinion": "集体研究同意"}
    ).content.decode()
    assert "请上传单位集体研究决定的记录（CC3-08）" in page
    assert "集体研究同意</textarea>" in page


def test_a_refused_objection_resolution_keeps_what_the_holder_typed(client):
    w = world("beijing-allowance-2024")
    publicity = publicised(w)
    application = publicity.applications.get()
    objection = objection_submit(
        publicity=publicity, application=application, text="不实", name="张三", contact="138"
    )
    login(client, w, "recommender_staff")
    url = reverse("objection_resolve", args=[objection.pk])
    page = client.post(url, {"resolution": "经核查，证书真实有效"}).content.decode()
    assert "请选择核查结论并填写核查处理结果" in page
    assert "经核查，证书真实有效</textarea>" in page
    assert Objection.objects.get().upheld is None


def test_a_refused_holiday_upload_says_the_file_must_be_chosen_again(client):
    w = world("beijing-allowance-2024")
    login(client, w, "office_staff")
    upload = SimpleUploadedFile("2027.yaml", b"year: [not a year\n")
    page = client.post(reverse("holiday_list"), {"file": upload}).content.decode()
    assert "请重新选择" in page


# --- §5 the public ----------------------------------------------------------------------------


def test_BJ24_08_the_login_page_links_the_public_publicity_index(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("publicity_index")}"' in page
    assert f'href="{reverse("objection_lookup")}"' in page


def test_BJ24_08_an_objection_needs_a_real_name_and_a_contact(client):
    publicity = publicised(world("beijing-allowance-2024"))
    application = publicity.applications.get()
    url = reverse("publicity_public", args=[publicity.pk])
    page = client.post(url, {"application": application.pk, "text": "证书存疑"}).content.decode()
    assert "您的真实姓名" in page and "联系方式" in page
    assert "证书存疑</textarea>" in page  # kept
    assert not Objection.objects.exists()
    with pytest.raises(ActionRefused, match="请填写您的真实姓名"):
        objection_submit(
            publicity=publicity, application=application, text="证书存疑", name=" ", contact="1"
        )


def test_BJ24_08_the_objector_gets_a_reference_and_looks_up_the_outcome_with_it(client):
    w = world("beijing-allowance-2024")
    publicity = publicised(w)
    application = publicity.applications.get()
    page = client.post(
        reverse("publicity_public", args=[publicity.pk]),
        {
            "application": application.pk,
            "text": "获奖证书存疑",
            "name": "张三",
            "contact": "138 0000 0000",
        },
        follow=True,
    ).content.decode()
    objection = Objection.objects.get()
    assert objection.name == "张三"
    assert re.fullmatch(r"YY[A-Z2-9]{10}", objection.reference)
    assert f"受理编号：{objection.reference}" in page
    lookup = reverse("objection_lookup")
    wrong = client.post(lookup, {"reference": objection.reference, "contact": "13900000000"})
    assert "受理编号与联系方式不符" in wrong.content.decode()
    assert "获奖证书存疑" not in wrong.content.decode()
    found = client.post(
        lookup, {"reference": objection.reference.lower(), "contact": "13800000000"}
    ).content.decode()
    assert "核查中" in found
    objection_resolve(
        objection=objection,
        upheld=False,
        resolution="经核查证书真实有效，异议不成立",
        actor=w.account("recommender_staff"),
    )
    found = client.post(
        lookup, {"reference": objection.reference, "contact": "13800000000"}
    ).content.decode()
    assert "已办结，异议不成立" in found
    assert "经核查证书真实有效，异议不成立" in found


def test_the_objection_lookup_is_rate_limited(client, settings):
    settings.OBJECTION_LOOKUP_RATE = "2/h"
    lookup = reverse("objection_lookup")
    for _ in range(2):
        page = client.post(lookup, {"reference": "YYAAAAAAAAAA", "contact": "1"})
        assert "受理编号与联系方式不符" in page.content.decode()
    page = client.post(lookup, {"reference": "YYAAAAAAAAAA", "contact": "1"})
    assert "查询过于频繁" in page.content.decode()


def test_BJ6_12_a_refused_investigation_record_keeps_the_text(client):
    w = world("beijing-outstanding-6")
    application = at_stage(w, "office_review", channel="self", unit=None, plain=True)
    login(client, w, "recommender_staff")
    page = client.post(
        reverse("application_investigation", args=[application.pk]),
        {"text": "经外调，群众评价良好"},
    ).content.decode()
    assert "推荐单位不能记录外调考察情况" in page
    assert "经外调，群众评价良好</textarea>" in page
    application.refresh_from_db()
    assert application.external_investigation == ""
