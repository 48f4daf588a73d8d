"""Issue 3 §6: an applicant fills and submits a beijing-allowance-2024 application on a phone.

Only the fixtures call services (the region and a campaign open today); everything else is
done through the real pages, typed into inputs found by their labels.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from skillaward.audit.models import AuditEntry
from skillaward.base.clock import beijing_today
from skillaward.campaigns.models import Application
from skillaward.campaigns.selectors import application_record
from tests.browser.flows import log_in, overflow
from tests.builders import id_number
from tests.web.factories import world

pytestmark = pytest.mark.browser

PROGRAM = "beijing-allowance-2024"
GOOD_ID = id_number("1978-03-10")
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")  # a wrong check character
CONDITION = "（一）技术技能高超"  # the start of BJ24-06's first condition, its label
EVIDENCE = "主持完成高精度主轴加工技术攻关，废品率由3%降至0.5%"
DEEDS = "扎根数控车工岗位二十余年，带出高级技师三名。"

# What the applicant types, by label (inputs of the form outside the repeated rows).
TYPED = {
    "姓名": "王建国",
    "出生日期": "1978-03-10",
    "参加工作时间": "1996-07",
    "工作单位": "某机械有限公司",
    "单位所在地": "北京市朝阳区",
    "工作岗位": "数控车工",
    "职业（工种）": "车工",
    "主要事迹": DEEDS,
}
CHOSEN = {"性别": "男", "单位性质": "国有企业（市属）", "职业资格等级": "技师"}
HISTORY = [
    {"起始年月": "1996-07", "截止年月": "2005-06", "工作单位": "北京第一机床厂"},
    {"起始年月": "2005-07", "工作单位": "某机械有限公司"},
]


def blue_photo(folder: Path) -> Path:
    """A 2-inch (35×53) JPEG on a blue background."""
    path = folder / "photo.jpg"
    Image.new("RGB", (350, 530), (67, 142, 219)).save(path, "JPEG")
    return path


def test_applicant_fills_and_submits_an_application_on_a_phone(  # type: ignore[no-untyped-def]
    site: str, page: Page, shot, tmp_path: Path
) -> None:
    end = beijing_today() + timedelta(days=14)
    w = world(PROGRAM, phases=[{"id": "submission", "end": end}])
    assert w.campaign is not None
    log_in(page, site, w.account("applicant"))

    # Home → the campaign → 我要申报.
    shot(page, "home")
    page.get_by_role("link", name=w.campaign.name).first.click()
    expect(page.get_by_role("heading", name=w.campaign.name)).to_be_visible()
    shot(page, "campaign")
    page.get_by_role("link", name="我要申报").click()

    # The channel, the recommending unit and the work unit.
    expect(page.get_by_role("heading", name="我要申报")).to_be_visible()
    expect(page.get_by_text("本项目只接受单位推荐（BJ24-07）")).to_be_visible()
    page.get_by_label("单位推荐").check()
    page.get_by_label("推荐（归口）单位").select_option(label=w.recommender.name)
    page.get_by_label("所在单位").select_option(label=w.unit.name)
    shot(page, "start")
    page.get_by_role("button", name="开始填写申报表").click()
    expect(page.get_by_text("已创建申报草稿，请填写申报表")).to_be_visible()
    application = Application.objects.get(applicant=w.account("applicant"))
    assert page.url == f"{site}/applications/{application.pk}/edit/"
    panel = page.locator("#eligibility")
    expect(panel).to_contain_text("必填信息未填或有误")
    shot(page, "empty-form")

    # A wrong ID number is pointed out beside the input, then corrected.
    id_box = page.get_by_label("身份证号码", exact=True)
    id_box.fill(BAD_ID)
    id_error = page.locator("#f-id_number-error")
    expect(id_error).to_contain_text("身份证号码校验位应为")
    id_box.evaluate("box => box.scrollIntoView({block: 'center'})")  # clear of the save bar
    shot(page, "bad-id-number")
    id_box.fill(GOOD_ID)
    expect(page.locator("#save-status")).to_contain_text("已自动保存")
    expect(id_error).to_be_empty()

    for label, text in TYPED.items():
        page.get_by_label(label, exact=True).fill(text)
    for label, option in CHOSEN.items():
        page.get_by_label(label, exact=True).select_option(label=option)
    page.get_by_label("在生产、服务一线岗位直接从事技能工作").check()
    page.get_by_label("高新技术产业").check()
    page.get_by_label(CONDITION).fill(EVIDENCE)

    # The work history: the first row is on the page, the second is added.
    page.get_by_role("button", name="增加一条工作经历").click()
    for number, row in enumerate(HISTORY, start=1):
        for label, text in row.items():
            page.get_by_label(f"工作经历{number} {label}", exact=True).fill(text)

    # The live panel screens the record as it is typed, clause by clause.
    expect(page.locator("#save-status")).to_contain_text("已自动保存")
    expect(panel).to_contain_text("初筛结论：符合申报条件")
    for clause in ("BJ24-01", "BJ24-02", "BJ24-03", "BJ24-06"):
        expect(panel.get_by_text(clause, exact=True)).to_be_visible()
    assert overflow(page) == 0
    panel.scroll_into_view_if_needed()
    shot(page, "filled")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存")).to_be_visible()

    # The photo, the pledge, the submission.
    photo = page.locator("#photo")
    photo.get_by_label("上传照片").set_input_files(blue_photo(tmp_path))
    photo.locator("button", has_text="上传照片").click()
    expect(page.get_by_text("照片已上传")).to_be_visible()
    expect(page.get_by_alt_text("已上传的照片")).to_be_visible()
    page.locator("#photo").scroll_into_view_if_needed()
    shot(page, "photo")
    page.get_by_label("本人已阅读并作出上述承诺").check()
    page.get_by_role("button", name="签署承诺").click()
    expect(page.get_by_text("已签署真实性承诺")).to_be_visible()
    page.get_by_role("button", name="提交申报").click()

    expect(page.get_by_text("申报已提交")).to_be_visible()
    first_stage = "所在单位推荐意见"
    expect(page.locator("#stage")).to_have_text(first_stage)
    expect(page.get_by_text("初筛结论：符合申报条件")).to_be_visible()
    assert overflow(page) == 0
    shot(page, "submitted")

    application.refresh_from_db()
    assert application.stage == w.campaign.workflow.first_stage("unit")
    assert application.stage_name == first_stage
    assert application.verdict == "eligible"
    assert application.photo.name.endswith(".jpg")
    outcomes = {f["clause"]: f["outcome"] for f in application.findings}
    assert outcomes["BJ24-01"] == "pass"
    assert outcomes["BJ24-02"] == "pass"
    assert outcomes["BJ24-03"] == "pass"
    actions = list(AuditEntry.objects.of(application).values_list("action", flat=True))
    # The draft's saves (as many as the autosave made) each record what they changed.
    assert "draft_save" in actions
    assert [a for a in actions if a != "draft_save"] == [
        "draft_create",
        "file_upload",
        "pledge",
        "submit",
    ]
    assert application_record(application) == {
        "program": PROGRAM,
        "name": "王建国",
        "id_number": GOOD_ID,
        "gender": "男",
        "birth_date": "1978-03-10",
        "work_start": "1996-07",
        "employer": {
            "name": "某机械有限公司",
            "region": "北京市朝阳区",
            "nature": "国有企业（市属）",
        },
        "post": {"title": "数控车工", "front_line": True},
        "occupation": "车工",
        "skill_level": "技师",
        "industry_tags": ["高新技术产业"],
        "work_history": [
            {"from": "1996-07", "to": "2005-06", "unit": "北京第一机床厂"},
            {"from": "2005-07", "unit": "某机械有限公司"},
        ],
        "conditions_claimed": [{"condition": 1, "evidence": EVIDENCE}],
        "deeds": DEEDS,
        "nomination": {
            "channel": "unit",
            "recommender": w.recommender.name,
            "recommender_type": w.recommender.recommender_type,
        },
    }
