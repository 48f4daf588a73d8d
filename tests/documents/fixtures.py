"""Sample applicants for the documents tests: every field filled, one rare-character name."""

from __future__ import annotations

from typing import Any

from skillaward.core.idnumber import check_character

RARE_NAME = "张𡃁"  # U+210C1, CJK Extension B


def id_number(birth: str, sequence: str = "123") -> str:
    first17 = "110101" + birth.replace("-", "") + sequence
    return first17 + check_character(first17)


def record(program: str, **overrides: Any) -> dict[str, Any]:
    """A complete applicant record (interchange keys), male, born 1980-05-12."""
    base: dict[str, Any] = {
        "ref": "A-1",
        "program": program,
        "name": RARE_NAME,
        "id_number": id_number("1980-05-12"),
        "gender": "男",
        "birth_date": "1980-05-12",
        "ethnicity": "汉族",
        "political_status": "中共党员",
        "education": "技工学校",
        "work_start": "1999-07",
        "employer": {
            "name": "北京精密机械有限公司",
            "region": "北京市朝阳区",
            "nature": "国有企业（市属）",
            "address": "北京市朝阳区酒仙桥路10号",
        },
        "post": {"title": "数控车间主任技师", "front_line": True},
        "occupation": "车工",
        "skill_level": "高级技师",
        "professional_title": {"level": "中级", "field": "新职业"},
        "honors": [
            {
                "title": "全国技术能手",
                "level": "national",
                "year": 2019,
                "authority": "人力资源和社会保障部",
                "certificate_no": "JN2019-001",
            },
            {
                "title": "北京市有突出贡献的高技能人才",
                "level": "city",
                "year": 2022,
                "authority": "北京市人民政府",
                "certificate_no": "BJ2022-17",
            },
        ],
        "competitions": [
            {
                "name": "全国职业院校技能大赛",
                "level": "national",
                "class": 1,
                "year": 2021,
                "rank": 3,
            },
        ],
        "awards": [
            {
                "project": "高精度主轴加工工艺",
                "award": "北京市科学技术奖",
                "level": "city",
                "grade": "二等奖",
                "rank": 1,
                "year": 2021,
                "category": "科技进步",
                "certificate_no": "KJ-2021-88",
                "collaborators": "李四、王五",
            },
            {
                "project": "薄壁件装夹方法",
                "award": "机械工业科学技术奖",
                "level": "industry",
                "grade": "三等奖",
                "rank": 2,
                "year": 2020,
                "category": "技术发明",
                "certificate_no": "JX-2020-3",
                "collaborators": "赵六",
            },
        ],
        "patents": [{"title": "一种薄壁套筒夹具", "number": "ZL202010000001.2", "year": 2020}],
        "work_history": [
            {
                "from": "1999-07",
                "to": "2010-06",
                "unit": "北京第一机床厂",
                "department": "车工车间",
                "occupation": "车工",
                "post": "车工",
                "level": "技师",
            },
            {
                "from": "2010-07",
                "to": None,
                "unit": "北京精密机械有限公司",
                "department": "数控车间",
                "occupation": "车工",
                "post": "主任技师",
                "level": "高级技师",
            },
        ],
        "nomination": {
            "channel": "unit",
            "recommender": "北京市朝阳区人力资源和社会保障局",
            "recommender_type": "district",
        },
        "deeds": "二十余年扎根一线。\n主持攻关项目12项，创造经济效益3600万元。",
        "deeds_brief": "主持攻关项目12项，创造经济效益3600万元。",
    }
    base.update(overrides)
    return base


def applicant_context(photo: str | None = None) -> dict[str, Any]:
    return {
        "photo": photo,
        "household_registration": "北京市东城区",
        "native_place": "河北保定",
        "mobile": "13800138000",
        "phone": "010-88886666",
        "email": "zhang@example.com",
        "postcode": "100015",
        "address": "北京市朝阳区酒仙桥路10号",
        "bank_account": "6229000011112222333",
        "occupation_since": "1999-07",
        "unit_contact": "刘人事",
        "unit_phone": "010-88880000",
        "trainees": [
            {"level": "junior", "occupation": "车工", "count": 30},
            {"level": "senior", "occupation": "车工", "count": 12},
            {"level": "technician", "occupation": "车工", "count": 5},
        ],
        "trainee_awards_national": 2,
        "trainee_awards_city": 7,
        "witnesses": ["王厂长", "刘人事"],
        "innovations": "改进主轴装夹方式，效率提高30%。",
        "unique_skills": "微米级手工研磨。",
        "other_awards": "2018年 公司技术比武第一名",
        "remarks": "党委研究通过",
        "opinions": {
            "unit": {
                "text": "该同志技术精湛，同意推荐。",
                "signer": "陈厂长",
                "date": "2024-04-01",
            },
            "supervisor": {"text": "同意。", "date": "2024-04-10"},
        },
        "filled_date": "2024-04-01",
    }
