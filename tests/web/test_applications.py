"""The applicant's actions: start, save, pledge, photo, attachment, submit, export, and the
recommending unit's external investigation of self-nominees. Refusals name their clause."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone as django_timezone

from skillaward.audit.models import AuditEntry
from skillaward.campaigns.models import Application
from skillaward.campaigns.selectors import application_record
from skillaward.campaigns.services import (
    ActionRefused,
    ApplicationIncomplete,
    application_attachment,
    application_photo,
    application_pledge,
    application_save,
    application_submit,
    external_investigation_record,
)
from skillaward.core import chain
from skillaward.core.program import bundled_programs
from tests.builders import applicant
from tests.web.factories import (
    draft,
    jpeg,
    pdf_bytes,
    photo_for,
    reference_day,
    with_id_number_facts,
    world,
)

pytestmark = pytest.mark.django_db
PROGRAMS = sorted(bundled_programs())
RED = (200, 30, 40)


def ready(w, **options) -> Application:
    """A draft with its photo and pledge: everything submission needs."""
    application = draft(w, **options)
    actor = application.applicant
    if application.campaign.program.photo is not None:
        application_photo(application=application, actor=actor, upload=photo_for(w.program_id))
    return application_pledge(application=application, actor=actor)


def fields(incomplete: ApplicationIncomplete) -> dict[str, str]:
    return {e.field: e.message for e in incomplete.errors}


# --- start ------------------------------------------------------------------------------------


def test_bj24_07_start_refuses_a_channel_the_programme_does_not_allow():
    w = world("beijing-allowance-2024")
    with pytest.raises(ActionRefused) as refused:
        draft(w, channel="self")
    assert str(refused.value) == "本项目不接受“个人自荐”，只接受单位推荐（BJ24-07）"


def test_bj6_09_start_accepts_expert_and_self_nomination():
    w = world("beijing-outstanding-6")
    assert draft(w, channel="self", unit=None).channel == "self"
    assert draft(w, channel="expert", unit=None, data={}).channel == "expert"


def test_start_refuses_staff_and_a_unit_of_another_recommender():
    w = world("beijing-allowance-2024")
    with pytest.raises(ActionRefused, match="角色无权"):
        draft(w, who="unit_staff")
    with pytest.raises(ActionRefused, match="只能以本人所在单位“某机械有限公司”申报"):
        draft(w, unit=w.other_unit)


def test_bj24_11_start_accepted_on_the_last_day_refused_the_day_after():
    w = world("beijing-allowance-2024")
    last = reference_day(w)
    assert draft(w, today=last).stage == chain.DRAFT
    with pytest.raises(ActionRefused) as refused:
        draft(w, today=last + timedelta(days=1))
    assert str(refused.value) == (
        "归口单位报送推荐人选纸质和电子材料（逾期不予受理）已于2024年04月26日截止，逾期不予受理（BJ24-11）"
    )


@pytest.mark.parametrize(
    ("day", "accepted"),
    [
        (date(2022, 10, 23), False),
        (date(2022, 10, 24), True),
        (date(2022, 10, 26), True),
        (date(2022, 10, 27), False),
    ],
)
def test_cc3_15_material_only_from_10_24_to_10_26(day, accepted):
    w = world("changchun-skills-3")
    if accepted:
        assert draft(w, today=day).stage == chain.DRAFT
    else:
        with pytest.raises(ActionRefused, match="CC3-15"):
            draft(w, today=day)


# --- save -------------------------------------------------------------------------------------


def test_save_keeps_invalid_input_as_typed():
    w = world("beijing-allowance-2024")
    typed = {"name": "王建国", "id_number": "11010519780310002", "work_history": [{"from": "2005"}]}
    application = draft(w, data=typed)
    application.refresh_from_db()
    assert application.data == typed
    assert application.verdict == ""
    assert application.id_number == "11010519780310002"


def test_save_refused_for_another_applicant_and_after_submission():
    w = world("beijing-allowance-2024")
    application = ready(w)
    with pytest.raises(ActionRefused, match="只能修改本人的申报"):
        application_save(application=application, actor=w.account("other_applicant"), data={})
    application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )
    with pytest.raises(ActionRefused, match="申报已提交"):
        application_save(application=application, actor=w.account("applicant"), data={})


# --- pledge -----------------------------------------------------------------------------------


def test_bj24_20_pledge_is_recorded_and_audited():
    w = world("beijing-allowance-2024")
    application = draft(w)
    pledged = application_pledge(application=application, actor=w.account("applicant"))
    assert pledged.pledged_at is not None
    entry = AuditEntry.objects.of(application).last()
    assert (entry.action, entry.role) == ("pledge", "applicant")


def test_pledge_refused_for_another_account():
    w = world("beijing-allowance-2024")
    application = draft(w)
    with pytest.raises(ActionRefused, match="只能修改本人的申报"):
        application_pledge(application=application, actor=w.account("unit_staff"))


# --- photo ------------------------------------------------------------------------------------


def test_bj24_10_blue_two_inch_jpeg_is_stored():
    w = world("beijing-allowance-2024")
    application = draft(w)
    application_photo(application=application, actor=w.account("applicant"), upload=jpeg())
    application.refresh_from_db()
    assert application.photo.name.endswith(f"{application.pk}.jpg")


@pytest.mark.parametrize(
    ("program_id", "upload", "message"),
    [
        (
            "beijing-allowance-2024",
            jpeg(colour=RED),
            "照片背景应为蓝色，上传的照片背景为红色（BJ24-10）",
        ),
        (
            "beijing-outstanding-6",
            jpeg(colour=(250, 250, 250)),
            "照片背景应为蓝色，上传的照片背景为白色（BJ6-18）",
        ),
        ("xingan-expert-2024", jpeg(), "照片背景应为红色，上传的照片背景为蓝色（XA24-10）"),
        (
            "beijing-allowance-2024",
            jpeg(width=400, height=400),
            "照片为400×400像素（宽高比1.00），不是二寸照片的比例（35×53毫米，宽高比应在0.62至0.70之间）"
            "（BJ24-10）",
        ),
    ],
)
def test_photo_of_wrong_colour_or_proportions_is_refused(program_id, upload, message):
    w = world(program_id)
    application = draft(w)
    with pytest.raises(ActionRefused) as refused:
        application_photo(application=application, actor=w.account("applicant"), upload=upload)
    assert str(refused.value) == message
    application.refresh_from_db()
    assert not application.photo


def png(colour=(67, 142, 219), name="photo.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (330, 480), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_bj24_10_png_photo_refused_xa24_10_png_accepted():
    w = world("beijing-allowance-2024")
    with pytest.raises(ActionRefused) as refused:
        application_photo(application=draft(w), actor=w.account("applicant"), upload=png())
    assert str(refused.value) == "文件“photo.png”的内容是PNG，只接受JPG格式"
    x = world("xingan-expert-2024")
    application = application_photo(
        application=draft(x), actor=x.account("applicant"), upload=png(colour=RED)
    )
    assert application.photo.name.endswith(".png")


def test_photo_that_is_not_an_image_is_refused():
    w = world("beijing-allowance-2024")
    upload = SimpleUploadedFile("photo.jpg", b"GIF89a" + b"\0" * 100)
    with pytest.raises(ActionRefused) as refused:
        application_photo(application=draft(w), actor=w.account("applicant"), upload=upload)
    assert str(refused.value) == "文件“photo.jpg”的内容是GIF，只接受JPG格式"


# --- attachments ------------------------------------------------------------------------------

PDF = pdf_bytes()


def test_bj24_10_pdf_evidence_is_stored_with_its_sniffed_type():
    w = world("beijing-allowance-2024")
    application = draft(w)
    attachment = application_attachment(
        application=application,
        actor=w.account("applicant"),
        material_id="evidence",
        upload=SimpleUploadedFile("证书.pdf", PDF, content_type="image/png"),
    )
    assert (attachment.content_type, attachment.original_name, attachment.size) == (
        "application/pdf",
        "证书.pdf",
        len(PDF),
    )


def test_attachment_whose_name_and_content_disagree_is_refused():
    w = world("beijing-allowance-2024")
    with pytest.raises(ActionRefused) as refused:
        application_attachment(
            application=draft(w),
            actor=w.account("applicant"),
            material_id="evidence",
            upload=png(name="证书.pdf"),
        )
    assert (
        str(refused.value) == "文件“证书.pdf”的扩展名与内容不符：内容是PNG，请改正扩展名或重新导出"
    )


def test_lc19_14_attachment_of_a_format_the_material_does_not_take_is_refused():
    w = world("liaocheng-chief-2019")
    with pytest.raises(ActionRefused) as refused:
        application_attachment(
            application=draft(w),
            actor=w.account("applicant"),
            material_id="certificates",
            upload=png(),
        )
    assert str(refused.value) == "文件“photo.png”的内容是PNG，只接受PDF格式"


def test_attachment_over_the_size_limit_is_refused_at_the_limit_accepted(settings):
    settings.SKILLAWARD_MAX_UPLOAD_BYTES = 1024 * 1024
    w = world("beijing-allowance-2024")
    application = draft(w)
    at_limit = PDF + b"0" * (1024 * 1024 - len(PDF))
    application_attachment(
        application=application,
        actor=w.account("applicant"),
        material_id="evidence",
        upload=SimpleUploadedFile("a.pdf", at_limit),
    )
    with pytest.raises(ActionRefused) as refused:
        application_attachment(
            application=application,
            actor=w.account("applicant"),
            material_id="evidence",
            upload=SimpleUploadedFile("b.pdf", at_limit + b"0"),
        )
    assert str(refused.value) == "文件“b.pdf”大小为1.0MB，超过1MB上限"


def test_attachment_for_a_batch_material_or_unknown_material_is_refused():
    w = world("beijing-allowance-2024")
    application = draft(w)
    for material_id in ("list", "nonsense"):
        with pytest.raises(ActionRefused, match="本项目没有这项申报材料"):
            application_attachment(
                application=application,
                actor=w.account("applicant"),
                material_id=material_id,
                upload=SimpleUploadedFile("a.pdf", PDF),
            )


def test_attachment_refused_for_another_applicant():
    w = world("beijing-allowance-2024")
    with pytest.raises(ActionRefused, match="只能修改本人的申报"):
        application_attachment(
            application=draft(w),
            actor=w.account("other_applicant"),
            material_id="evidence",
            upload=SimpleUploadedFile("a.pdf", PDF),
        )


# --- submit -----------------------------------------------------------------------------------


@pytest.mark.parametrize("program_id", PROGRAMS)
def test_submit_moves_to_the_first_step_of_the_chain(program_id):
    w = world(program_id)
    application = ready(w)
    submitted = application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )
    assert submitted.stage == w.campaign.workflow.first_stage("unit")
    assert submitted.submitted_at is not None
    assert AuditEntry.objects.of(application).filter(action="submit").count() == 1


def test_submit_refuses_without_pledge_and_photo_naming_the_fields():
    w = world("beijing-allowance-2024")
    with pytest.raises(ApplicationIncomplete) as refused:
        application_submit(
            application=draft(w), actor=w.account("applicant"), today=reference_day(w)
        )
    assert fields(refused.value) == {
        "photo": "请上传二寸免冠照片（BJ24-10）",
        "pledge": "请阅读并签署真实性承诺",
    }


def test_submit_refuses_record_errors_field_by_field():
    w = world("beijing-allowance-2024")
    record = applicant(w.program_id, gender="女")
    record["gender"] = "男"
    record["birth_date"] = "1978-03-11"
    record["education"] = "中专"
    application = ready(w, data=record)
    with pytest.raises(ApplicationIncomplete) as refused:
        application_submit(
            application=application, actor=w.account("applicant"), today=reference_day(w)
        )
    assert fields(refused.value) == {
        "gender": "性别“男”与身份证号码（女）不一致",
        "birth_date": "出生日期1978-03-11与身份证号码（1978-03-10）不一致",
        "education": "文化程度“中专”不在国家标准列表中",
    }


def test_submit_refuses_an_invalid_id_number():
    w = world("beijing-allowance-2024")
    record = applicant(w.program_id)
    check = record["id_number"][-1]
    wrong = "0" if check != "0" else "1"
    record["id_number"] = record["id_number"][:-1] + wrong
    with pytest.raises(ApplicationIncomplete) as refused:
        application_submit(
            application=ready(w, data=record), actor=w.account("applicant"), today=reference_day(w)
        )
    assert fields(refused.value) == {"id_number": f"身份证号码校验位应为{check}，实为{wrong}"}


def test_bj24_16_submit_refuses_a_gap_in_the_work_history():
    w = world("beijing-allowance-2024")
    history = [
        {"from": "1998-07", "to": "2005-06", "unit": "某厂"},
        {"from": "2005-09", "to": None, "unit": "某机械有限公司"},
    ]
    application = ready(w, data=applicant(w.program_id, work_history=history))
    with pytest.raises(ApplicationIncomplete) as refused:
        application_submit(
            application=application, actor=w.account("applicant"), today=reference_day(w)
        )
    assert fields(refused.value) == {
        "work_history.1.from": "工作经历不连续：2005年6月至2005年9月之间有空档（BJ24-16）"
    }


@pytest.mark.parametrize(
    ("program_id", "field", "limit", "message"),
    [
        ("beijing-allowance-2024", "deeds", 1000, "主要事迹限1000字以内，现有1001字（BJ24-20）"),
        ("xingan-expert-2024", "deeds_brief", 300, "简要事迹限300字以内，现有301字（XA24-17）"),
        ("changchun-skills-3", "deeds_brief", 300, "主要业绩成果限300字以内，现有301字（CC3-18）"),
    ],
)
def test_length_limits_at_the_limit_and_one_over(program_id, field, limit, message):
    w = world(program_id)
    application = ready(w, data=applicant(program_id, **{field: "字" * (limit + 1)}))
    actor = w.account("applicant")
    with pytest.raises(ApplicationIncomplete) as refused:
        application_submit(application=application, actor=actor, today=reference_day(w))
    assert fields(refused.value) == {field: message}
    application_save(
        application=application, actor=actor, data=applicant(program_id, **{field: "字" * limit})
    )
    assert (
        application_submit(application=application, actor=actor, today=reference_day(w)).stage
        != chain.DRAFT
    )


def test_bj24_11_submit_refused_after_the_deadline():
    w = world("beijing-allowance-2024")
    application = ready(w)
    with pytest.raises(ActionRefused, match="逾期不予受理（BJ24-11）"):
        application_submit(
            application=application,
            actor=w.account("applicant"),
            today=reference_day(w) + timedelta(days=1),
        )


@pytest.mark.parametrize(
    ("utc", "accepted"),
    [
        (datetime(2024, 4, 26, 15, 59, tzinfo=UTC), True),  # 23:59 on 04-26 in Beijing
        (datetime(2024, 4, 26, 16, 0, tzinfo=UTC), False),  # 00:00 on 04-27 in Beijing
    ],
)
def test_bj24_11_deadline_is_midnight_in_beijing_not_utc(monkeypatch, utc, accepted):
    """The server's clock in UTC; the deadline day ends at midnight Asia/Shanghai."""
    w = world("beijing-allowance-2024")
    application = ready(w)
    monkeypatch.setattr(django_timezone, "now", lambda: utc)
    submit = partial(application_submit, application=application, actor=w.account("applicant"))
    if accepted:
        assert submit().stage == w.campaign.workflow.first_stage("unit")
    else:
        with pytest.raises(ActionRefused, match="逾期不予受理（BJ24-11）"):
            submit()


def test_cc3_15_submit_refused_before_the_window():
    w = world("changchun-skills-3")
    application = ready(w)
    with pytest.raises(ActionRefused, match="尚未开始（CC3-15）"):
        application_submit(
            application=application, actor=w.account("applicant"), today=date(2022, 10, 23)
        )


def test_submit_refused_for_another_applicant_and_twice():
    w = world("beijing-allowance-2024")
    application = ready(w)
    with pytest.raises(ActionRefused, match="只能修改本人的申报"):
        application_submit(
            application=application, actor=w.account("other_applicant"), today=reference_day(w)
        )
    application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )
    with pytest.raises(ActionRefused, match="申报已提交"):
        application_submit(
            application=application, actor=w.account("applicant"), today=reference_day(w)
        )


def test_bj6_10_expert_channel_with_two_experts_screens_ineligible_three_eligible():
    w = world("beijing-outstanding-6")
    expert = {"name": "专家甲", "skill_level": "高级技师", "occupation": "车工", "signed": True}
    two = applicant(w.program_id, nomination={"experts": [expert, expert | {"name": "专家乙"}]})
    application = draft(w, channel="expert", unit=None, data=two)
    assert application.verdict == "ineligible"
    assert {f["clause"]: f["outcome"] for f in application.findings}["BJ6-10"] == "fail"
    three = dict(
        two, nomination={"experts": [*two["nomination"]["experts"], expert | {"name": "丙"}]}
    )
    application = application_save(
        application=application, actor=w.account("applicant"), data=three
    )
    assert {f["clause"]: f["outcome"] for f in application.findings}["BJ6-10"] == "pass"


# --- export -----------------------------------------------------------------------------------


def rich(program_id: str) -> dict:
    """A record using every key of the interchange format the programme's form offers."""
    record = applicant(program_id)
    born = record["id_number"][6:14]
    record.update(
        birth_date=f"{born[:4]}-{born[4:6]}-{born[6:]}",
        ethnicity="回族",
        political_status="中共党员",
        education="技工学校",
        work_start="1996-07",
        work_history=[
            {
                "from": "1996-07",
                "to": "2005-06",
                "unit": "某厂",
                "department": "一车间",
                "occupation": "车工",
                "post": "车工",
                "level": "高级工",
            },
            {"from": "2005-07", "unit": "某机械有限公司"},
        ],
        awards=[
            {
                "project": "高精度轴加工",
                "award": "科技进步奖",
                "level": "city",
                "grade": "二等奖",
                "rank": 2,
                "year": 2021,
                "category": "技术开发",
                "certificate_no": "K-1",
                "collaborators": "李四",
            }
        ],
        patents=[{"title": "一种夹具", "number": "ZL2020000001", "year": 2020}],
        competitions=[
            {
                "name": "全国职业技能大赛",
                "level": "national",
                "class": 1,
                "year": 2020,
                "rank": 5,
                "represented": "吉林省",
            }
        ],
        professional_title={"level": "中级", "field": "新职业"},
        deeds="长期扎根一线。",
    )
    record["employer"] = dict(record["employer"], address="某路1号")
    record["honors"] = [
        *record.get("honors", []),
        {
            "title": "某市劳动模范",
            "level": "city",
            "year": 2019,
            "authority": "某市人民政府",
            "certificate_no": "H-9",
            "term_end": "2027-12-31",
        },
    ]
    return record


@pytest.mark.parametrize("program_id", PROGRAMS)
def test_export_of_a_submitted_application_is_its_record_nothing_lost(program_id):
    w = world(program_id)
    record = rich(program_id)
    application = ready(w, data=record)
    application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )
    application.refresh_from_db()
    assert application_record(application) == with_id_number_facts(record)


# --- external investigation (BJ6-12) ----------------------------------------------------------


def submitted_self_nominee(w) -> Application:
    application = ready(w, channel="self", unit=None)
    return application_submit(
        application=application, actor=w.account("applicant"), today=reference_day(w)
    )


def test_bj6_12_recommender_records_the_external_investigation_audited():
    w = world("beijing-outstanding-6")
    application = submitted_self_nominee(w)
    recorded = external_investigation_record(
        application=application, actor=w.account("recommender_staff"), text="经外调考察，情况属实。"
    )
    assert recorded.external_investigation == "经外调考察，情况属实。"
    entry = AuditEntry.objects.of(application).get(action="external_investigation")
    assert (entry.clause, entry.reason, entry.role) == (
        "BJ6-12",
        "经外调考察，情况属实。",
        "recommender_staff",
    )


def test_bj6_12_external_investigation_refusals():
    w = world("beijing-outstanding-6")
    application = submitted_self_nominee(w)
    for who, message in [
        ("other_recommender_staff", "只有推荐（归口）单位的经办人"),
        ("applicant", "只有推荐（归口）单位的经办人"),
        ("office_staff", "只有推荐（归口）单位的经办人"),
    ]:
        with pytest.raises(ActionRefused, match=message):
            external_investigation_record(application=application, actor=w.account(who), text="x")
    with pytest.raises(ActionRefused, match="请填写外调考察情况"):
        external_investigation_record(
            application=application, actor=w.account("recommender_staff"), text=" "
        )
    unit = ready(w, data=applicant(w.program_id, serial=40))
    application_submit(application=unit, actor=w.account("applicant"), today=reference_day(w))
    with pytest.raises(ActionRefused, match="只针对个人自荐"):
        external_investigation_record(
            application=unit, actor=w.account("recommender_staff"), text="x"
        )


def test_bj6_12_external_investigation_refused_on_a_draft():
    w = world("beijing-outstanding-6")
    application = ready(w, channel="self", unit=None)
    with pytest.raises(ActionRefused):
        external_investigation_record(
            application=application, actor=w.account("recommender_staff"), text="x"
        )


def test_external_investigation_refused_where_the_chain_asks_for_none():
    """XA24 admits self-nominations (XA24-08) but its chain records no investigation."""
    w = world("xingan-expert-2024")
    application = submitted_self_nominee(w)
    with pytest.raises(ActionRefused, match="不要求外调考察"):
        external_investigation_record(
            application=application, actor=w.account("recommender_staff"), text="x"
        )
