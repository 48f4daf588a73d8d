"""Per-applicant forms (.docx), every field read back from the produced file."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillaward.documents.catalogue import program
from skillaward.documents.context import DocumentContext
from skillaward.documents.errors import DocumentError
from skillaward.documents.render import render_form
from tests.documents.fixtures import RARE_NAME, id_number, record
from tests.documents.helpers import all_text, cell_rows, context, field, open_docx, rows_after

BJ24 = "beijing-allowance-2024"


def form(program_id: str, name: str, photo: Path | None = None, **overrides: object) -> bytes:
    prog = program(program_id)
    return render_form(prog, prog.document(name), record(program_id, **overrides), context(photo))


def test_bj24_14_cover_shows_name_unit_occupation_and_supervisor() -> None:
    """BJ24-14: cover with name, work unit, occupation and 归口 unit."""
    data = form(BJ24, "application")
    cover = cell_rows(data)[:4]
    assert cover == [
        ["姓　　名", RARE_NAME],
        ["工作单位", "北京精密机械有限公司"],
        ["职业（工种）", "车工"],
        ["归口单位", "北京市朝阳区人力资源和社会保障局"],
    ]
    assert open_docx(data).paragraphs[4].text == "2024年享受北京市政府技师特殊津贴人员"


def test_bj24_15_basic_data_fields_read_back() -> None:
    """BJ24-15: every basic-data field of the 申报表."""
    data = form(BJ24, "application")
    expected = {
        "姓名": RARE_NAME,
        "性别": "男",
        "民族": "汉族",
        "出生日期": "1980年5月12日",
        "户籍所在地": "北京市东城区",
        "文化程度": "技工学校",
        "政治面貌": "中共党员",
        "工作单位": "北京精密机械有限公司",
        "参加工作时间": "1999年7月",
        "单位地址": "北京市朝阳区酒仙桥路10号",
        "单位联系人": "刘人事",
        "单位电话": "010-88880000",
        "职业（工种）名称": "车工",
        "职业资格等级（职业技能等级）": "高级技师",
        "身份证号码": id_number("1980-05-12"),
        "本人手机号码": "13800138000",
    }
    assert {label: field(data, label) for label in expected} == expected
    assert field(data, "单位性质") == (
        "☑国有企业（市属）　□事业单位　□非公经济企业（外资、民营、个体）　□其他"
    )


def test_bj24_16_work_history_in_order_then_blank_rows() -> None:
    """BJ24-16: start-end, unit and department, occupation, post, level; blanks to hand-fill."""
    rows = rows_after(form(BJ24, "application"), "起止年月")
    assert rows[:3] == [
        ["1999.07—2010.06", "北京第一机床厂 车工车间", "车工", "车工", "技师"],
        ["2010.07—至今", "北京精密机械有限公司 数控车间", "车工", "主任技师", "高级技师"],
        ["", "", "", "", ""],
    ]
    assert len(rows) == 6


def test_bj24_17_awards_in_chronological_order() -> None:
    """BJ24-17: project, award, category, grade, rank, year, certificate, collaborators."""
    rows = rows_after(form(BJ24, "application"), "序号")
    assert rows[:2] == [
        [
            "1",
            "薄壁件装夹方法",
            "机械工业科学技术奖",
            "技术发明",
            "三等奖",
            "2",
            "2020",
            "JX-2020-3",
            "赵六",
        ],
        [
            "2",
            "高精度主轴加工工艺",
            "北京市科学技术奖",
            "科技进步",
            "二等奖",
            "1",
            "2021",
            "KJ-2021-88",
            "李四、王五",
        ],
    ]


def test_bj24_18_honours_most_recent_first() -> None:
    """BJ24-18: title, approving authority, year, certificate number; most recent first."""
    rows = [r for r in cell_rows(form(BJ24, "application")) if len(r) == 5 and r[0] in ("1", "2")]
    assert rows == [
        ["1", "北京市有突出贡献的高技能人才", "北京市人民政府", "2022", "BJ2022-17"],
        ["2", "全国技术能手", "人力资源和社会保障部", "2019", "JN2019-001"],
    ]


def test_bj24_19_talent_cultivation_by_level() -> None:
    """BJ24-19: trained people per level and award-winning trainees (national, city)."""
    rows = rows_after(form(BJ24, "application"), "职业名称")
    assert rows[0] == ["车工", "30", "车工", "12", "车工", "5", "2", "7"]


def test_bj24_20_deeds_and_signed_pledge() -> None:
    """BJ24-20: main deeds (line breaks kept) and the truthfulness pledge with signature."""
    data = form(BJ24, "application")
    rows = cell_rows(data)
    deeds_at = rows.index(["主要事迹（1000字以内，可附页）"])
    assert rows[deeds_at + 1] == ["二十余年扎根一线。\n主持攻关项目12项，创造经济效益3600万元。"]
    assert rows[deeds_at + 2][0].startswith("本人承诺所填写的内容真实、有效。")
    assert "本人签字：" in rows[deeds_at + 2][0]


def test_bj24_21_opinions_with_signer_date_and_blank_boxes() -> None:
    """BJ24-21: unit (≤200 chars hint, sealed), 归口 unit, expert group, selection office."""
    data = form(BJ24, "application")
    unit = field(data, "所在单位推荐意见")
    assert unit.splitlines()[:2] == [
        "（需填写申报人的主要业绩、贡献、评价以及推荐意见，200字以内）",
        "该同志技术精湛，同意推荐。",
    ]
    assert "（盖章）" in unit
    assert "单位负责人签字：陈厂长　　　　2024年4月1日" in unit
    assert field(data, "归口单位意见").splitlines()[0] == "同意。"
    assert "2024年4月10日" in field(data, "归口单位意见")
    assert field(data, "评审专家组意见") == "专家签字：　　　　年　　月　　日"
    assert "（盖章）" in field(data, "评选办公室意见")


def test_bj6_18_recommendation_has_same_structure_under_its_title() -> None:
    """BJ6-18: the 推荐书 is the BJ24 structure under its own title."""
    data = form("beijing-outstanding-6", "recommendation")
    titles = [p.text for p in open_docx(data).paragraphs if p.text][:2]
    assert titles == ["北京市有突出贡献的高技能人才", "候选人推荐书"]
    assert field(data, "户籍所在地") == "北京市东城区"
    assert "1.《推荐书》填写内容应经本人所在单位人事部门审核。" in all_text(data)


def test_xa24_17_approval_fields_and_opinion_chain() -> None:
    """XA24-17: approval-form fields and the seven opinion boxes, in order."""
    data = form("xingan-expert-2024", "approval")
    expected = {
        "姓名": RARE_NAME,
        "性别": "男",
        "出生年月": "1980年5月",
        "籍贯": "河北保定",
        "民族": "汉族",
        "政治面貌": "中共党员",
        "学历": "技工学校",
        "参加工作时间": "1999年7月",
        "职称": "中级（新职业）",
        "技术等级": "高级技师",
        "工作单位及职务": "北京精密机械有限公司 数控车间主任技师",
        "身份证号码": id_number("1980-05-12"),
        "联系电话": "13800138000",
    }
    assert {label: field(data, label) for label in expected} == expected
    cv = field(data, "个人简历").splitlines()
    assert cv == [
        "（有县级及以上奖励的，标注出何时何地受到何种奖励）",
        "1999.07—2010.06  北京第一机床厂 车工车间  车工",
        "2010.07—至今  北京精密机械有限公司 数控车间  车工",
        "2019年 全国技术能手（国家级，人力资源和社会保障部）【奖励】",
        "2022年 北京市有突出贡献的高技能人才（市级，北京市人民政府）【奖励】",
    ]
    assert field(data, "简要事迹").splitlines()[1] == "主持攻关项目12项，创造经济效益3600万元。"
    chain = [r[0] for r in cell_rows(data) if len(r) == 2 and "签字" in r[1]]
    assert chain == [
        "推荐单位或基层行业协会意见",
        "个人自荐",
        "县（市）、区工会或行业协会推荐意见",
        "地区“兴安技术能手”选树工作领导小组办公室审核意见",
        "专家评审意见",
        "地区“兴安技术能手”选树工作领导小组审核意见",
        "地区人才工作小组审核意见",
    ]


@pytest.mark.parametrize(
    ("award", "marked"),
    [
        ("grand-award", "推荐类别　☑长春技能大奖　□长春技术能手"),
        ("technical-expert", "推荐类别　□长春技能大奖　☑长春技术能手"),
    ],
)
def test_cc3_17_recommendation_marks_award_category(award: str, marked: str) -> None:
    """CC3-17: the category is ticked on the cover of the 推荐表."""
    data = form("changchun-skills-3", "recommendation", award=award)
    assert marked in [p.text for p in open_docx(data).paragraphs]


def test_cc3_17_recommendation_fields_read_back() -> None:
    """CC3-17: every field of the 推荐表, history with witnesses, achievements and opinions."""
    data = form("changchun-skills-3", "recommendation", award="grand-award")
    expected = {
        "姓名": RARE_NAME,
        "性别": "男",
        "出生日期": "1980年5月12日",
        "民族": "汉族",
        "政治面貌": "中共党员",
        "文化程度": "技工学校",
        "职业（工种）名称": "车工",
        "技能水平": "高级技师",
        "参加工作时间": "1999年7月",
        "从事本职业（工种）时间": "1999年7月",
        "邮政编码": "100015",
        "工作单位": "北京精密机械有限公司",
        "身份证号码": id_number("1980-05-12"),
        "吉林银行一类账户账号": "6229000011112222333",
        "通讯地址": "北京市朝阳区酒仙桥路10号",
        "联系电话（座机）": "010-88886666",
        "手机": "13800138000",
        "电子邮箱": "zhang@example.com",
        "获得国家专利情况": "2020年 一种薄壁套筒夹具（ZL202010000001.2）",
        "荣获市级以上科技进步奖情况": (
            "2021年 高精度主轴加工工艺 获北京市科学技术奖二等奖（第1完成人）"
        ),
        "技术革新情况": "改进主轴装夹方式，效率提高30%。",
        "其他绝招绝技或突出贡献": "微米级手工研磨。",
        "职业技能竞赛获奖情况": "2021年 全国职业院校技能大赛（全国一类竞赛）第3名",
        "曾获得的荣誉称号": (
            "2022年 北京市有突出贡献的高技能人才（市级，北京市人民政府）\n"
            "2019年 全国技术能手（国家级，人力资源和社会保障部）"
        ),
        "其他获奖情况": "2018年 公司技术比武第一名",
    }
    assert {label: field(data, label) for label in expected} == expected
    assert rows_after(data, "起止时间")[:2] == [
        ["1999.07—2010.06", "北京第一机床厂 车工车间", "王厂长"],
        ["2010.07—至今", "北京精密机械有限公司 数控车间", "刘人事"],
    ]
    assert field(data, "本人所在单位推荐意见").splitlines()[0] == "该同志技术精湛，同意推荐。"
    assert "签字盖章" in field(data, "县级人社部门推荐意见")
    assert "年　　月　　日" in field(data, "市级人社部门推荐意见")


def test_lc19_14_application_fields_read_back() -> None:
    """LC19-14 (申报表) with the prior chief-technician title of LC19-04."""
    honours = [{"title": "东昌府区首席技师", "level": "county", "year": 2017}]
    data = form("liaocheng-chief-2019", "application", honors=honours)
    expected = {
        "姓名": RARE_NAME,
        "出生年月": "1980年5月",
        "职业资格等级": "高级技师",
        "单位性质": "国有企业（市属）",
        "现首席技师称号": "2017年 东昌府区首席技师（县级）",
        "推荐单位": "北京市朝阳区人力资源和社会保障局",
        "主要事迹（1000字左右，可附页）": (
            "二十余年扎根一线。\n主持攻关项目12项，创造经济效益3600万元。"
        ),
    }
    assert {label: field(data, label) for label in expected} == expected


def test_lc19_14_pledge_names_the_applicant() -> None:
    """LC19-14: the truthfulness pledge (承诺书) carries name, ID number and unit."""
    data = form("liaocheng-chief-2019", "pledge")
    texts = [p.text for p in open_docx(data).paragraphs if p.text]
    assert texts[0] == "承　诺　书"
    assert texts[1] == (
        f"本人{RARE_NAME}，身份证号码{id_number('1980-05-12')}，现工作单位北京精密机械有限公司，"
        "职业（工种）车工，申报2019年度聊城市首席技师。"
    )
    assert texts[-1] == "2024年4月1日　　"


@pytest.mark.parametrize(
    ("program_id", "name"),
    [
        (BJ24, "application"),
        ("beijing-outstanding-6", "recommendation"),
        ("xingan-expert-2024", "approval"),
        ("changchun-skills-3", "recommendation"),
        ("changchun-skills-3", "bag-cover"),
        ("liaocheng-chief-2019", "application"),
        ("liaocheng-chief-2019", "pledge"),
    ],
)
def test_forms_leave_missing_fields_blank_not_none(program_id: str, name: str) -> None:
    """Empty fields stay blank for hand-filling: no "None" anywhere, no leftover tags."""
    minimal = {"program": program_id, "name": "李四", "id_number": id_number("1975-01-02")}
    prog = program(program_id)
    data = render_form(prog, prog.document(name), minimal, DocumentContext())
    text = all_text(data)
    assert ["None" in text, "{{" in text, "{%" in text] == [False, False, False]
    if name not in ("pledge", "bag-cover"):
        assert "年　　月　　日" in text


def test_photo_is_placed_in_its_box(photo: Path) -> None:
    """BJ24-10 / BJ6-18: the 2-inch photo sits in the photo cell, within 33 × 48 mm."""
    data = form(BJ24, "application", photo=photo)
    document = open_docx(data)
    shapes = document.inline_shapes
    assert len(shapes) == 1
    assert (round(shapes[0].width.mm), round(shapes[0].height.mm)) == (33, 46)
    photo_cell = document.tables[1].rows[0].cells[6]
    assert len(photo_cell._tc.xpath(".//pic:pic")) == 1


def test_photo_absent_leaves_the_hint() -> None:
    data = form(BJ24, "application")
    assert field(data, "民族").startswith("汉族")
    assert cell_rows(data)[4][-1].startswith("照片")


def test_photo_unreadable_is_a_chinese_error(tmp_path: Path) -> None:
    bad = tmp_path / "photo.jpg"
    bad.write_text("not an image")
    with pytest.raises(DocumentError) as error:
        form(BJ24, "application", photo=bad)
    assert str(error.value) == f"照片文件“{bad}”无法读取，应为JPG或PNG图片"


def test_bj24_15_birth_date_and_gender_come_from_the_id_number_when_left_out():
    """BJ24-15: 出生日期 must match the ID number, so a record without it still prints it."""
    from skillaward.documents.context import ApplicantContext
    from skillaward.documents.view import applicant_view

    record = {"name": "陈𡃁", "id_number": "110105198309020886"}
    view = applicant_view(record, ApplicantContext())
    assert (view["birth_date"], view["gender"]) == ("1983年9月2日", "女")
