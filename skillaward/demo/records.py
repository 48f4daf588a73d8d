"""What an applicant of the demo types: a complete record that meets the programme's rules at
the campaign's reference date, the details its forms print, a portrait; and the changes that
make one record fail a rule, or repeat an earlier one."""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from skillaward.campaigns.forms import detail_items
from skillaward.core.program import Program
from skillaward.demo.data import EDITIONS, NAMES, RecommenderSpec, Trade, UnitSpec
from skillaward.demo.people import Person

Record = dict[str, Any]
Change = Callable[[Record], None]


@dataclass(frozen=True)
class Place:
    """Where an applicant works, as the data files describe it."""

    recommender: RecommenderSpec
    unit: UnitSpec
    trade: Trade


def record_for(
    program: Program, person: Person, place: Place, reference: date, rng: random.Random
) -> Record:
    """A complete applicant record that meets the programme's rules at ``reference``."""
    year = reference.year
    trade = place.trade
    start_year = person.born.year + rng.randint(18, 21)
    promoted = rng.randint(max(start_year + 6, year - 14), year - 5)
    skill = rng.choice(EDITIONS.programs[program.id].skill_levels)
    record: Record = {
        "program": program.id,
        "name": person.name,
        "id_number": person.id_number,
        "gender": person.gender,
        "birth_date": person.born.isoformat(),
        "ethnicity": rng.choice(NAMES.ethnicities),
        "political_status": rng.choice(NAMES.political_statuses),
        "education": rng.choice(NAMES.educations),
        "work_start": f"{start_year}-07",
        "employer": {
            "name": place.unit.name,
            "region": place.recommender.district,
            "nature": place.unit.nature,
        },
        "post": {"title": trade.post, "front_line": True},
        "occupation": trade.occupation,
        "skill_level": skill,
        "work_history": [
            {
                "from": f"{start_year}-07",
                "to": f"{promoted - 1}-12",
                "unit": place.unit.name,
                "occupation": trade.occupation,
                "post": f"{trade.occupation}（一线操作）",
                "level": "高级工",
            },
            {
                "from": f"{promoted}-01",
                "unit": place.unit.name,
                "occupation": trade.occupation,
                "post": trade.post,
                "level": skill,
            },
        ],
        "nomination": {
            "channel": "unit",
            "recommender": place.recommender.name,
            "recommender_type": place.recommender.type,
        },
        "deeds_brief": brief(person, place, year - start_year),
        "deeds": deeds(person, place, year - start_year, rng),
    }
    PROGRAM_DETAILS[program.id](record, place, year, rng)
    return record


def brief(person: Person, place: Place, years: int) -> str:
    trade = place.trade
    return (
        f"{person.name}同志在{trade.occupation}岗位工作{years}年，技艺精湛，"
        f"牵头完成多项技术革新，带出徒弟十余人，为{place.unit.name}创造了显著效益。"
    )


def deeds(person: Person, place: Place, years: int, rng: random.Random) -> str:
    trade = place.trade
    saved = rng.randint(80, 900)
    apprentices = rng.randint(6, 30)
    return "".join(
        (
            f"{person.name}同志自参加工作以来一直在{place.unit.name}{trade.occupation}岗位工作，"
            f"至今已{years}年。",
            f"近五年来，他（她）立足{trade.post}岗位，围绕生产中的关键技术难题开展攻关，"
            f"总结提炼出一套行之有效的操作方法，在全单位推广应用，年节约成本约{saved}万元。",
            "他（她）主持的技术革新项目解决了长期困扰生产的质量问题，产品一次合格率明显提高。",
            f"他（她）重视技能传承，先后带徒{apprentices}人，其中多人已成长为技师、高级技师，"
            "并在各级职业技能竞赛中取得优异成绩。",
            "该同志爱岗敬业、遵纪守法、作风严谨，在本行业享有较高声誉，是一线技能人才的优秀代表。",
        )
    )


# --- what each programme asks beyond the common record -------------------------------------


def _claim(record: Record, number: int, evidence: str) -> None:
    record["conditions_claimed"] = [{"condition": number, "evidence": evidence}]


def _industries(record: Record, place: Place) -> None:
    """The industry groups of the applicant's trade that the programme names."""
    named = EDITIONS.programs[record["program"]].industries
    record["industry_tags"] = [t for t in place.trade.tags if t in named]


def _bj6(record: Record, place: Place, year: int, rng: random.Random) -> None:
    _industries(record, place)
    condition = (
        5 if place.trade.occupation in ("景泰蓝制作工", "文物修复师") else rng.choice((2, 3, 6))
    )
    _claim(record, condition, f"主持{place.trade.occupation}关键工艺革新，成果在行业推广")
    if rng.random() < 0.5:
        record["honors"] = [{"title": "北京市政府技师特殊津贴", "level": "city", "year": year - 3}]


def _bj24(record: Record, place: Place, year: int, rng: random.Random) -> None:
    _industries(record, place)
    _claim(record, rng.choice((1, 2, 3, 4)), f"{year - 3}年以来完成{place.trade.post}技术攻关")
    record["honors"] = [
        {"title": "北京市技术能手", "level": "city", "year": year - rng.randint(2, 6)}
    ]


def _xingan(record: Record, place: Place, year: int, rng: random.Random) -> None:
    if rng.random() < 0.5:
        record["honors"] = [
            {"title": "龙江技术能手", "level": "provincial", "year": year - rng.randint(1, 5)}
        ]
        _claim(record, 6, "获“龙江技术能手”称号")
    else:
        _claim(record, rng.choice((1, 3, 4)), f"在{place.trade.occupation}岗位总结出独特操作法")


def _changchun(record: Record, place: Place, year: int, rng: random.Random) -> None:
    if record["skill_level"] == "高级技师":
        record["award"] = "grand-award"
        record["honors"] = [
            {"title": "长春技术能手", "level": "city", "year": year - rng.randint(3, 8)}
        ]
        _claim(record, rng.choice((2, 3, 4)), "攻克关键技术难关，总结出独特操作法")
    else:
        record["award"] = "technical-expert"
        _claim(record, rng.choice((1, 2, 3)), "在技术革新和带徒传艺中作出重要贡献")


def _liaocheng(record: Record, place: Place, year: int, rng: random.Random) -> None:
    level = "county" if place.recommender.type == "county" else "industry"
    record["honors"] = [
        {"title": f"{place.recommender.local}首席技师", "level": level, "year": year - 3},
        {"title": "山东省技术能手", "level": "provincial", "year": year - rng.randint(1, 3)},
    ]
    _claim(record, 2, "近4年内获“山东省技术能手”称号")


PROGRAM_DETAILS: dict[str, Callable[[Record, Place, int, random.Random], None]] = {
    "beijing-outstanding-6": _bj6,
    "beijing-allowance-2024": _bj24,
    "xingan-expert-2024": _xingan,
    "changchun-skills-3": _changchun,
    "liaocheng-chief-2019": _liaocheng,
}


# --- changes to a record ------------------------------------------------------------------


def _flaw_bj6(record: Record) -> None:
    record["honors"] = [{"title": "国务院政府特殊津贴", "level": "national", "year": 2016}]


def _flaw_skill(record: Record) -> None:
    record["skill_level"] = "高级工"
    record["work_history"][-1]["level"] = "高级工"


def _flaw_front_line(record: Record) -> None:
    record["post"] = {"title": "生产技术科科长", "front_line": False}


def _flaw_unit_head(record: Record) -> None:
    record["post"] = {"title": "厂长", "front_line": True, "unit_head": True}


def _flaw_no_chief(record: Record) -> None:
    record["honors"] = record["honors"][1:]


# One applicant of each campaign does not meet a hard rule, so reviewers meet a failing finding.
FLAWS: dict[str, Change] = {
    "beijing-outstanding-6": _flaw_bj6,  # BJ6-02
    "beijing-allowance-2024": _flaw_skill,  # BJ24-01, BJ24-06
    "xingan-expert-2024": _flaw_front_line,  # XA24-03
    "changchun-skills-3": _flaw_unit_head,  # CC3-02
    "liaocheng-chief-2019": _flaw_no_chief,  # LC19-04, LC19-15
}


def co_signed(experts: tuple[Mapping[str, str], ...]) -> Change:
    """Experts of the record's occupation co-sign its nomination (BJ6-10)."""

    def change(record: Record) -> None:
        occupation = record["occupation"]
        record["nomination"]["experts"] = [
            {**expert, "occupation": occupation, "signed": True} for expert in experts
        ]

    return change


def as_sent(previous: Record) -> Change:
    """A change that makes a new record the one sent to an earlier edition."""

    def change(record: Record) -> None:
        record.update(previous)

    return change


def begun(record: Record) -> Record:
    """The first fields an applicant types."""
    return {key: record[key] for key in ("program", "name", "id_number", "gender", "birth_date")}


# --- what the forms print beyond the record -------------------------------------------------


def details_for(
    program: Program,
    person: Person,
    place: Place,
    record: Record,
    day: date,
    rng: random.Random,
) -> dict[str, Any]:
    """The form context an applicant fills (forms.detail_items): what the programme's own
    documents print, complete, and nothing they do not."""
    province = place.recommender.area[:2]
    telephone = NAMES.telephone_areas[province]
    history = record["work_history"]
    trade = place.trade
    surnames, given = NAMES.surnames, NAMES.male_given + NAMES.female_given
    values: dict[str, Any] = {
        "household_registration": place.recommender.district,
        "native_place": rng.choice(NAMES.native_provinces),
        "mobile": mobile(rng),
        "phone": f"{telephone}-{rng.randint(60000000, 89999999)}",
        "email": f"jineng{rng.randint(1000, 9999)}@example.com",
        "postcode": f"{NAMES.postcodes[province]}{rng.randint(0, 999):03d}",
        "address": f"{place.recommender.district}{place.unit.name}",
        "bank_account": f"6231{rng.randint(0, 10**15 - 1):015d}",
        "occupation_since": record["work_start"],
        "unit_contact": f"{rng.choice(surnames)}{rng.choice(given)}",
        "unit_phone": f"{telephone}-{rng.randint(60000000, 89999999)}",
        "trainees": [
            {"level": "senior", "occupation": trade.occupation, "count": rng.randint(5, 20)},
            {"level": "technician", "occupation": trade.occupation, "count": rng.randint(2, 8)},
        ],
        "trainee_awards_national": rng.randint(0, 2),
        "trainee_awards_city": rng.randint(1, 6),
        "witnesses": [
            f"{rng.choice(surnames)}{rng.choice(NAMES.male_given)}（{place.unit.name}）"
            for _ in history
        ],
        "innovations": f"主持{trade.post}工艺改进{rng.randint(2, 6)}项，获单位技术革新奖。",
        "unique_skills": f"总结形成“{person.name[0]}氏{trade.occupation}操作法”，在本行业推广。",
        "other_awards": f"{day.year - rng.randint(3, 8)}年获本单位技术比武第一名。",
        "cv": "\n".join(
            f"{period['from']}至{period.get('to', '今')}  {period['unit']}  {period['post']}"
            for period in history
        ),
        "remarks": "无",
        "filled_date": day.isoformat(),
    }
    printed = {item.key.removeprefix("details.") for item in detail_items(program.id)}
    return {key: value for key, value in values.items() if key in printed}


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}"


def portrait(background: str, rng: random.Random) -> SimpleUploadedFile:
    """A 2-inch ID photo (330×480) of a head and shoulders on the programme's background."""
    colours = {"blue": (61, 133, 214), "red": (204, 35, 38), "any": (61, 133, 214)}
    image = Image.new("RGB", (330, 480), colours[background])
    draw = ImageDraw.Draw(image)
    skin = rng.choice(((241, 204, 176), (224, 182, 150), (233, 196, 160)))
    suit = rng.choice(((38, 42, 56), (60, 60, 66), (28, 40, 72)))
    draw.ellipse((45, 330, 285, 560), fill=suit)  # shoulders
    draw.rectangle((140, 260, 190, 345), fill=skin)  # neck
    draw.ellipse((95, 95, 235, 285), fill=skin)  # face
    draw.chord((90, 80, 240, 210), 180, 360, fill=(30, 26, 24))  # hair
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile("照片.jpg", buffer.getvalue(), content_type="image/jpeg")


def scanned(name: str) -> SimpleUploadedFile:
    """A one-page scanned paper, as an office would upload it."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
