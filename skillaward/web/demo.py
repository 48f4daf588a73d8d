"""The demonstration site: every programme as a campaign of a realistic, synthetic region.

``build_demo()`` creates, through the platform's own services, the four selection offices
(Beijing runs both Beijing programmes), their recommending units of the types each notice
names, base work units under them, an account for every role, and applicants with complete
records: plausible Chinese names, valid ID numbers, careers that fit the programme's rules at
the campaign's reference date. Each campaign's dates are those of its programme moved so that
it is open on the Beijing date of the build, except Liaocheng's, whose submission window has
just closed. Nothing here is random from run to run: one seed makes the same people every time.
"""

from __future__ import annotations

import io
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from skillaward.base.clock import beijing_today
from skillaward.campaigns.forms import detail_items
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.services import (
    application_photo,
    application_pledge,
    application_save,
    application_start,
    application_submit,
    campaign_create,
    external_investigation_record,
)
from skillaward.core import chain
from skillaward.core.chain import REVIEW_KINDS, ChainStep
from skillaward.core.idnumber import check_character
from skillaward.core.program import Program, find_program
from skillaward.core.workdays import WorkCalendar
from skillaward.organisations.models import Account, Organisation
from skillaward.publicity.models import Publicity
from skillaward.publicity.services import (
    objection_resolve,
    objection_submit,
    publicity_close,
    publicity_open,
)
from skillaward.registry.models import Awardee
from skillaward.registry.services import registry_import
from skillaward.review.services import (
    PanelLineInput,
    approval_approve,
    finding_override,
    panel_record,
    recommendation_submit,
    result_announce,
    review_approve,
    review_reject,
    review_return,
)

PASSWORD = "demo-2024"
SEED = 2024
CLOSED_PROGRAM = "liaocheng-chief-2019"  # the campaign whose submission window has closed
OPEN_DAYS_LEFT = 14  # an open campaign's submission deadline is this many days after today
CLOSED_DAYS_AGO = 10  # the closed campaign's deadline was this many days before today
APPLICANTS_PER_UNIT = 2  # at least, in a current edition; more where its chain is long
PAST_APPLICANTS = 8  # applicants of an earlier edition: one a unit, at least this many
# The current edition of every programme stops before the panel's result: its leading third
# wait for the panel, the others at every earlier step in turn.
CURRENT_STOP = "panel"
# The editions before it (上一届, 上上届), each as far as the candidates its panel selected went:
# the step they wait at, or AWARDED (announced). A publicity step after the panel parts them, a
# group for each step from there on and the last kept in its open publicity, so that with the
# current edition every step of every chain has someone waiting. Two editions are announced
# and put their awardees in the registry; the other offices import theirs.
PAST_EDITIONS: dict[str, tuple[str, ...]] = {
    "beijing-outstanding-6": ("approval", "announcement"),
    "beijing-allowance-2024": ("approval", "announcement"),
    "xingan-expert-2024": ("approval", chain.AWARDED),
    "changchun-skills-3": (chain.AWARDED,),
    "liaocheng-chief-2019": ("approval", "announcement"),
}
EDITION_NAMES = ("（上一届）", "（上上届）")
IMPORTED_AWARDEES = (
    2  # past awardees of each programme an office without an announced edition imports
)
# An awardee of a past edition applies again and fails the clause that bars it (shown at the
# unit's review): of the announced edition in Changchun, of the imported list in Beijing.
REAPPLY = {"changchun-skills-3": "CC3-02", "beijing-allowance-2024": "BJ24-03"}
OBJECTED = "beijing-allowance-2024"  # its current publicity has a pending and a settled objection
OPINIONS = {
    "unit_review": "经单位集体研究，同意推荐。",
    "recommender_review": "经审核，材料真实完整，符合申报条件，同意推荐。",
    "office_review": "资格审查通过。",
}

ROLE_ORDER = ("office_staff", "expert", "approver", "recommender_staff", "unit_staff", "applicant")


# --- the synthetic regions --------------------------------------------------------------------


@dataclass(frozen=True)
class Trade:
    """An occupation as a work unit has it: the post, and the industry groups it belongs to."""

    occupation: str
    post: str
    tags: tuple[str, ...] = ()


TRADES = {
    "lathe": Trade("车工", "数控车工", ("智能装备", "传统优势产业")),
    "fitter": Trade("钳工", "装配钳工", ("智能装备", "传统优势产业")),
    "welder": Trade("焊工", "焊工", ("重大建设项目", "传统优势产业")),
    "electrician": Trade("电工", "维修电工", ("节能环保", "战略性新兴产业")),
    "car": Trade("汽车维修工", "新能源汽车维修技师", ("新能源智能汽车", "战略性新兴产业")),
    "car_assembly": Trade("汽车装调工", "整车装调工", ("新能源智能汽车", "高新技术产业")),
    "chip": Trade("半导体分立器件和集成电路装调工", "集成电路封装工", ("集成电路", "高新技术产业")),
    "network": Trade("信息通信网络运行管理员", "网络运维工程师", ("新一代信息技术", "现代服务业")),
    "pharma": Trade("药物制剂工", "制剂车间工艺员", ("医药健康", "高新技术产业")),
    "cook": Trade("中式烹调师", "厨师长", ("老字号", "现代服务业")),
    "cloisonne": Trade("景泰蓝制作工", "掐丝工艺师", ("非物质文化遗产", "文化创意产业")),
    "restorer": Trade("文物修复师", "古建彩画修复师", ("非物质文化遗产", "文化创意产业")),
    "forester": Trade("林木种苗工", "育苗技术员"),
    "firefighter": Trade("森林消防员", "森林消防班长"),
    "wood": Trade("木材加工工", "木工机械操作工"),
    "farm": Trade("农业技术员", "农业技术推广员"),
    "bearing": Trade("轴承制造工", "磨加工工段长"),
    "chemical": Trade("化工总控工", "化工总控室班长"),
    "pastry": Trade("中式面点师", "面点主管"),
    "railcar": Trade("轨道交通车辆制修工", "转向架焊接工"),
}


@dataclass(frozen=True)
class UnitSpec:
    name: str
    nature: str
    trades: tuple[str, ...]


@dataclass(frozen=True)
class RecommenderSpec:
    name: str
    type: str
    district: str  # the employers' region, as records write it
    area: str  # ID number area code of the people who work there
    local: str  # how a local title is named (Liaocheng's 首席技师 of a county or trade)
    units: tuple[UnitSpec, ...]


@dataclass(frozen=True)
class RegionSpec:
    tag: str
    office: str
    region: str
    programs: tuple[str, ...]
    recommenders: tuple[RecommenderSpec, ...]


def _units(*units: tuple[str, str, str]) -> tuple[UnitSpec, ...]:
    return tuple(UnitSpec(name, nature, tuple(trades.split())) for name, nature, trades in units)


REGIONS = (
    RegionSpec(
        "bj",
        "北京市高技能人才评选表彰工作办公室",
        "北京市",
        ("beijing-outstanding-6", "beijing-allowance-2024"),
        (
            RecommenderSpec(
                "北京市朝阳区人力资源和社会保障局",
                "district",
                "北京市朝阳区",
                "110105",
                "朝阳区",
                _units(
                    ("北京朝阳精密机床有限公司", "国有企业（区属）", "lathe fitter"),
                    ("北京东坝新能源汽车服务有限公司", "非公经济企业（民营）", "car network"),
                ),
            ),
            RecommenderSpec(
                "北京市海淀区人力资源和社会保障局",
                "district",
                "北京市海淀区",
                "110108",
                "海淀区",
                _units(
                    ("北京中关村微电子封装测试有限公司", "非公经济企业（民营）", "chip network"),
                    ("北京西山制药有限公司", "国有企业（市属）", "pharma electrician"),
                ),
            ),
            RecommenderSpec(
                "北京经济技术开发区社会事业局",
                "district",
                "北京经济技术开发区",
                "110115",
                "开发区",
                _units(
                    ("北京亦庄智能装备制造有限公司", "非公经济企业（外资）", "fitter chip"),
                ),
            ),
            RecommenderSpec(
                "北京市经济和信息化局",
                "city_bureau",
                "北京市东城区",
                "110101",
                "市经信局",
                _units(
                    ("北京燕京电力装备集团有限公司", "国有企业（市属）", "electrician welder"),
                ),
            ),
            RecommenderSpec(
                "北京市工商业联合会",
                "federation",
                "北京市西城区",
                "110102",
                "市工商联",
                _units(
                    ("北京宣南老字号餐饮有限公司", "非公经济企业（民营）", "cook"),
                    ("北京前门景泰蓝工艺品有限公司", "非公经济企业（民营）", "cloisonne"),
                ),
            ),
            RecommenderSpec(
                "北京市私营个体经济协会",
                "private_association",
                "北京市丰台区",
                "110106",
                "私个协",
                _units(
                    ("北京卢沟古建筑修缮工程有限公司", "非公经济企业（个体）", "restorer welder"),
                ),
            ),
        ),
    ),
    RegionSpec(
        "xa",
        "大兴安岭地区“兴安技术能手”选树工作领导小组办公室",
        "大兴安岭地区",
        ("xingan-expert-2024",),
        (
            RecommenderSpec(
                "加格达奇区人力资源和社会保障局",
                "county",
                "大兴安岭地区加格达奇区",
                "232761",
                "加格达奇区",
                _units(
                    ("加格达奇林业局有限责任公司", "国有企业", "forester wood"),
                    ("大兴安岭兴安电力有限公司", "国有企业", "electrician"),
                ),
            ),
            RecommenderSpec(
                "漠河市人力资源和社会保障局",
                "county",
                "大兴安岭地区漠河市",
                "232701",
                "漠河市",
                _units(
                    ("漠河北极村旅游饮食服务有限公司", "非公经济企业（民营）", "cook"),
                ),
            ),
            RecommenderSpec(
                "塔河县人力资源和社会保障局",
                "county",
                "大兴安岭地区塔河县",
                "232722",
                "塔河县",
                _units(
                    ("塔河县林业和草原局森林消防大队", "事业单位", "firefighter"),
                ),
            ),
            RecommenderSpec(
                "大兴安岭地区林业产业协会",
                "trade_association",
                "大兴安岭地区呼玛县",
                "232721",
                "林业产业协会",
                _units(
                    ("呼玛县兴林木业加工有限公司", "非公经济企业（民营）", "wood car"),
                ),
            ),
        ),
    ),
    RegionSpec(
        "cc",
        "长春市技能人才表彰评选工作办公室",
        "长春市",
        ("changchun-skills-3",),
        (
            RecommenderSpec(
                "长春市绿园区人力资源和社会保障局",
                "county",
                "长春市绿园区",
                "220106",
                "绿园区",
                _units(
                    ("长春绿园客车配件制造有限公司", "非公经济企业（民营）", "welder lathe"),
                ),
            ),
            RecommenderSpec(
                "长春市九台区人力资源和社会保障局",
                "county",
                "长春市九台区",
                "220113",
                "九台区",
                _units(
                    ("长春市九台区农业技术推广中心", "事业单位", "farm"),
                ),
            ),
            RecommenderSpec(
                "长春市汽车工业高级技工学校",
                "technical_school",
                "长春市朝阳区",
                "220104",
                "汽车技校",
                _units(
                    ("长春市汽车工业高级技工学校实训中心", "事业单位", "car_assembly car"),
                ),
            ),
            RecommenderSpec(
                "长春北方轨道装备集团有限公司",
                "soe",
                "长春市宽城区",
                "220103",
                "北方轨道",
                _units(
                    (
                        "长春北方轨道装备集团有限公司转向架分厂",
                        "国有企业（中央）",
                        "railcar welder",
                    ),
                ),
            ),
            RecommenderSpec(
                "长春市交通运输局",
                "city_department",
                "长春市南关区",
                "220102",
                "市交通运输局",
                _units(
                    ("长春市公共交通集团有限公司", "国有企业（市属）", "car electrician"),
                ),
            ),
        ),
    ),
    RegionSpec(
        "lc",
        "聊城市首席技师选拔管理工作办公室",
        "聊城市",
        ("liaocheng-chief-2019",),
        (
            RecommenderSpec(
                "东昌府区人力资源和社会保障局",
                "county",
                "聊城市东昌府区",
                "371502",
                "东昌府区",
                _units(
                    ("聊城东昌精密机械有限公司", "非公经济企业（民营）", "lathe fitter"),
                ),
            ),
            RecommenderSpec(
                "临清市人力资源和社会保障局",
                "county",
                "聊城市临清市",
                "371581",
                "临清市",
                _units(
                    ("临清市运河轴承制造有限公司", "非公经济企业（民营）", "bearing lathe"),
                ),
            ),
            RecommenderSpec(
                "茌平区人力资源和社会保障局",
                "county",
                "聊城市茌平区",
                "371503",
                "茌平区",
                _units(
                    ("聊城茌平铝业科技有限公司", "非公经济企业（民营）", "electrician welder"),
                ),
            ),
            RecommenderSpec(
                "聊城市住房和城乡建设局",
                "city_department",
                "聊城市东昌府区",
                "371502",
                "市住建系统",
                _units(
                    ("聊城市建设工程集团有限公司", "国有企业（市属）", "welder"),
                ),
            ),
            RecommenderSpec(
                "鲁西化工集团股份有限公司",
                "large_enterprise",
                "聊城市高新技术产业开发区",
                "371502",
                "鲁西化工集团",
                _units(
                    ("鲁西化工集团股份有限公司煤化工二分公司", "国有企业", "chemical"),
                ),
            ),
            RecommenderSpec(
                "聊城市阳谷县景阳冈食品有限公司",
                "sme",
                "聊城市阳谷县",
                "371521",
                "阳谷县",
                _units(
                    ("聊城市阳谷县景阳冈食品有限公司面点车间", "非公经济企业（民营）", "pastry"),
                ),
            ),
        ),
    ),
)


# --- people -----------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢"
    "蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟"
)


def _pairs(text: str) -> tuple[str, ...]:
    """Two-character given names written one after another."""
    return tuple(text[i : i + 2] for i in range(0, len(text), 2))


MALE_GIVEN = _pairs(
    "建国志强海涛永明国栋立新宏伟振华俊杰长江德胜春雷保军文斌庆丰宝山晓东树林继红兴旺铁军学军明亮卫东"
)
FEMALE_GIVEN = _pairs(
    "秀英丽娟桂兰晓燕红梅淑珍玉兰海燕春艳丽华雪梅凤霞素芬艳玲慧敏晓丽玉梅明霞亚萍静怡"
)
ETHNICITIES = ("汉族",) * 12 + ("满族", "回族", "蒙古族", "朝鲜族", "鄂伦春族")
EDUCATIONS = ("技工学校", "中等专业学校或中等技术学校", "大学专科和专科学校", "高中", "大学本科")


FEMALE_MAX_AGE = 44  # women workers retire at 50: none older, so no retirement rule fails


@dataclass(frozen=True)
class Person:
    name: str
    gender: str
    born: date
    id_number: str


class People:
    """Names and ID numbers, from one seeded generator, never the same person twice."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.ids: set[str] = set()

    def name(self, gender: str) -> str:
        given = MALE_GIVEN if gender == "男" else FEMALE_GIVEN
        while True:
            name = self.rng.choice(SURNAMES) + self.rng.choice(given)
            if name not in self.names:
                self.names.add(name)
                return name

    def person(self, *, area: str, reference: date, ages: tuple[int, int]) -> Person:
        gender = "女" if ages[0] <= FEMALE_MAX_AGE and self.rng.random() < 0.3 else "男"
        high = ages[1] if gender == "男" else min(ages[1], FEMALE_MAX_AGE)
        age = self.rng.randint(ages[0], high)
        born = date(reference.year - age - 1, self.rng.randint(1, 12), self.rng.randint(1, 28))
        while True:
            serial = self.rng.randint(1, 499) * 2 + (1 if gender == "男" else 0)
            first17 = f"{area}{born:%Y%m%d}{serial % 1000:03d}"
            number = first17 + check_character(first17)
            if number not in self.ids:
                self.ids.add(number)
                return Person(self.name(gender), gender, born, number)


# --- records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    recommender: RecommenderSpec
    unit: UnitSpec
    trade: Trade


def record_for(
    program: Program, person: Person, place: Place, reference: date, rng: random.Random
) -> dict[str, Any]:
    """A complete applicant record that meets the programme's rules at ``reference``."""
    year = reference.year
    trade = place.trade
    start_year = person.born.year + rng.randint(18, 21)
    promoted = rng.randint(max(start_year + 6, year - 14), year - 5)
    skill = PROGRAM_SKILL[program.id](rng)
    record: dict[str, Any] = {
        "program": program.id,
        "name": person.name,
        "id_number": person.id_number,
        "gender": person.gender,
        "birth_date": person.born.isoformat(),
        "ethnicity": rng.choice(ETHNICITIES),
        "political_status": rng.choice(("中共党员", "中共党员", "群众", "群众", "共青团员")),
        "education": rng.choice(EDUCATIONS),
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


def _claim(record: dict[str, Any], number: int, evidence: str) -> None:
    record["conditions_claimed"] = [{"condition": number, "evidence": evidence}]


def _beijing(record: dict[str, Any], place: Place, tags: frozenset[str]) -> None:
    record["industry_tags"] = [t for t in place.trade.tags if t in tags]


BJ6_TAGS = frozenset(("新一代信息技术", "集成电路", "医药健康", "智能装备", "节能环保",
                      "新能源智能汽车", "新材料", "人工智能", "软件和信息服务", "科技服务业",
                      "重大建设项目"))  # fmt: skip
BJ24_TAGS = frozenset(("战略性新兴产业", "高新技术产业", "现代服务业", "文化创意产业",
                       "传统优势产业", "老字号", "非物质文化遗产"))  # fmt: skip


def _bj6(record: dict[str, Any], place: Place, year: int, rng: random.Random) -> None:
    _beijing(record, place, BJ6_TAGS)
    condition = (
        5 if place.trade.occupation in ("景泰蓝制作工", "文物修复师") else rng.choice((2, 3, 6))
    )
    _claim(record, condition, f"主持{place.trade.occupation}关键工艺革新，成果在行业推广")
    if rng.random() < 0.5:
        record["honors"] = [{"title": "北京市政府技师特殊津贴", "level": "city", "year": year - 3}]


def _bj24(record: dict[str, Any], place: Place, year: int, rng: random.Random) -> None:
    _beijing(record, place, BJ24_TAGS)
    _claim(record, rng.choice((1, 2, 3, 4)), f"{year - 3}年以来完成{place.trade.post}技术攻关")
    record["honors"] = [
        {"title": "北京市技术能手", "level": "city", "year": year - rng.randint(2, 6)}
    ]


def _xingan(record: dict[str, Any], place: Place, year: int, rng: random.Random) -> None:
    if rng.random() < 0.5:
        record["honors"] = [
            {"title": "龙江技术能手", "level": "provincial", "year": year - rng.randint(1, 5)}
        ]
        _claim(record, 6, "获“龙江技术能手”称号")
    else:
        _claim(record, rng.choice((1, 3, 4)), f"在{place.trade.occupation}岗位总结出独特操作法")


def _changchun(record: dict[str, Any], place: Place, year: int, rng: random.Random) -> None:
    if record["skill_level"] == "高级技师":
        record["award"] = "grand-award"
        record["honors"] = [
            {"title": "长春技术能手", "level": "city", "year": year - rng.randint(3, 8)}
        ]
        _claim(record, rng.choice((2, 3, 4)), "攻克关键技术难关，总结出独特操作法")
    else:
        record["award"] = "technical-expert"
        _claim(record, rng.choice((1, 2, 3)), "在技术革新和带徒传艺中作出重要贡献")


def _liaocheng(record: dict[str, Any], place: Place, year: int, rng: random.Random) -> None:
    level = "county" if place.recommender.type == "county" else "industry"
    record["honors"] = [
        {"title": f"{place.recommender.local}首席技师", "level": level, "year": year - 3},
        {"title": "山东省技术能手", "level": "provincial", "year": year - rng.randint(1, 3)},
    ]
    _claim(record, 2, "近4年内获“山东省技术能手”称号")


PROGRAM_DETAILS: dict[str, Callable[[dict[str, Any], Place, int, random.Random], None]] = {
    "beijing-outstanding-6": _bj6,
    "beijing-allowance-2024": _bj24,
    "xingan-expert-2024": _xingan,
    "changchun-skills-3": _changchun,
    "liaocheng-chief-2019": _liaocheng,
}
PROGRAM_SKILL: dict[str, Callable[[random.Random], str]] = {
    "beijing-outstanding-6": lambda rng: rng.choice(("技师", "高级技师", "高级技师")),
    "beijing-allowance-2024": lambda rng: rng.choice(("技师", "技师", "高级技师")),
    "xingan-expert-2024": lambda rng: rng.choice(("高级工", "技师", "高级技师")),
    "changchun-skills-3": lambda rng: rng.choice(("高级工", "技师", "高级技师")),
    "liaocheng-chief-2019": lambda rng: rng.choice(("技师", "高级技师")),
}
# Ages that leave every programme's age and retirement rules met (XA24-04, LC19-06).
PROGRAM_AGES = {"liaocheng-chief-2019": (33, 50), "xingan-expert-2024": (32, 52)}
DEFAULT_AGES = (34, 53)


def _flaw_bj6(record: dict[str, Any]) -> None:
    record["honors"] = [{"title": "国务院政府特殊津贴", "level": "national", "year": 2016}]


def _flaw_skill(record: dict[str, Any]) -> None:
    record["skill_level"] = "高级工"
    record["work_history"][-1]["level"] = "高级工"


def _flaw_front_line(record: dict[str, Any]) -> None:
    record["post"] = {"title": "生产技术科科长", "front_line": False}


def _flaw_unit_head(record: dict[str, Any]) -> None:
    record["post"] = {"title": "厂长", "front_line": True, "unit_head": True}


def _flaw_no_chief(record: dict[str, Any]) -> None:
    record["honors"] = record["honors"][1:]


# One applicant of each campaign does not meet a hard rule, so reviewers meet a failing finding.
FLAWS: dict[str, Callable[[dict[str, Any]], None]] = {
    "beijing-outstanding-6": _flaw_bj6,  # BJ6-02
    "beijing-allowance-2024": _flaw_skill,  # BJ24-01, BJ24-06
    "xingan-expert-2024": _flaw_front_line,  # XA24-03
    "changchun-skills-3": _flaw_unit_head,  # CC3-02
    "liaocheng-chief-2019": _flaw_no_chief,  # LC19-04, LC19-15
}


# What the forms print beyond the record, by the first two digits of the region's ID area code.
TELEPHONE_AREAS = {"11": "010", "23": "0457", "22": "0431", "37": "0635"}
POSTCODES = {"11": "100", "23": "165", "22": "130", "37": "252"}
PROVINCES = ("黑龙江省", "吉林省", "山东省", "河北省", "辽宁省", "内蒙古自治区")


def details_for(
    program: Program,
    person: Person,
    place: Place,
    record: dict[str, Any],
    day: date,
    rng: random.Random,
) -> dict[str, Any]:
    """The form context an applicant fills (forms.detail_items): what the programme's own
    documents print, complete, and nothing they do not."""
    province = place.recommender.area[:2]
    telephone = TELEPHONE_AREAS[province]
    history = record["work_history"]
    trade = place.trade
    values: dict[str, Any] = {
        "household_registration": place.recommender.district,
        "native_place": rng.choice(PROVINCES),
        "mobile": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
        "phone": f"{telephone}-{rng.randint(60000000, 89999999)}",
        "email": f"jineng{rng.randint(1000, 9999)}@example.com",
        "postcode": f"{POSTCODES[province]}{rng.randint(0, 999):03d}",
        "address": f"{place.recommender.district}{place.unit.name}",
        "bank_account": f"6231{rng.randint(0, 10**15 - 1):015d}",
        "occupation_since": record["work_start"],
        "unit_contact": f"{rng.choice(SURNAMES)}{rng.choice(MALE_GIVEN + FEMALE_GIVEN)}",
        "unit_phone": f"{telephone}-{rng.randint(60000000, 89999999)}",
        "trainees": [
            {"level": "senior", "occupation": trade.occupation, "count": rng.randint(5, 20)},
            {"level": "technician", "occupation": trade.occupation, "count": rng.randint(2, 8)},
        ],
        "trainee_awards_national": rng.randint(0, 2),
        "trainee_awards_city": rng.randint(1, 6),
        "witnesses": [
            f"{rng.choice(SURNAMES)}{rng.choice(MALE_GIVEN)}（{place.unit.name}）" for _ in history
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


# --- the build --------------------------------------------------------------------------------


@dataclass
class DemoAccount:
    region: str
    account: Account

    @property
    def role(self) -> str:
        return self.account.role


@dataclass
class Demo:
    today: date
    campaigns: list[Campaign] = field(default_factory=list)  # every campaign, as printed
    current: dict[str, Campaign] = field(default_factory=dict)  # each programme's open edition
    accounts: list[DemoAccount] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # where the particular cases are


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def campaign_phases(program: Program, today: date, *, closed: bool) -> list[dict[str, Any]]:
    """The programme's timeline moved so that submission is open today, or closed just now.

    A strict window (CC3-15: no earlier, no later) opens yesterday; otherwise the deadline is
    two weeks ahead, or ten days past for a closed campaign.
    """
    submission = next(p for p in program.timeline if p.submission)
    if closed:
        shift = today - timedelta(days=CLOSED_DAYS_AGO) - submission.end
    elif submission.strict_window and submission.start is not None:
        shift = today - timedelta(days=1) - submission.start
    else:
        shift = today + timedelta(days=OPEN_DAYS_LEFT) - submission.end
    return [
        {"id": p.id, "start": p.start + shift if p.start else None, "end": p.end + shift}
        for p in program.timeline
    ]


@dataclass(frozen=True)
class Slot:
    """Where an applicant works: the recommending unit, the work unit, the trade."""

    recommender: Organisation
    unit: Organisation
    place: Place


@dataclass(frozen=True)
class Special:
    """A candidate of a current edition who shows a particular case to the role that meets it."""

    program: str
    note: str  # printed, with the candidate's name, for the newcomer
    waits_at: str  # the step the candidate is left at
    channel: str = "unit"
    change: Callable[[dict[str, Any]], None] | None = None
    ages: tuple[int, int] | None = None
    investigated: bool = False  # the 归口 unit has recorded the external investigation (BJ6-12)
    overridden: str = ""  # the clause the office has accepted an exception to


def _three_experts(record: dict[str, Any]) -> None:
    """Three co-signers, each 高级技师 of the occupation or with a senior title (BJ6-10)."""
    occupation = record["occupation"]
    record["nomination"]["experts"] = [
        {"name": "周国华", "skill_level": "高级技师", "occupation": occupation, "signed": True},
        {"name": "陈立民", "skill_level": "高级技师", "occupation": occupation, "signed": True},
        {
            "name": "刘淑芬",
            "professional_title": "正高级",
            "occupation": occupation,
            "signed": True,
        },
    ]


SPECIALS = (
    Special(
        "beijing-outstanding-6",
        "个人自荐，归口单位尚未记录外调考察，审核通过会被拒绝（BJ6-12）",
        "recommender_review",
        channel="self",
    ),
    Special(
        "beijing-outstanding-6",
        "个人自荐，归口单位已记录外调考察（BJ6-12）",
        "recommender_review",
        channel="self",
        investigated=True,
    ),
    Special(
        "beijing-outstanding-6",
        "专家推荐，3名高级技师或正高级职称专家联名（BJ6-10）",
        "recommender_review",
        channel="expert",
        change=_three_experts,
    ),
    Special("xingan-expert-2024", "个人自荐（XA24-08）", "recommender_review", channel="self"),
    Special(
        "liaocheng-chief-2019",
        "年龄超过55周岁，评选办公室已认定例外，等待资格审查（LC19-06）",
        "office_review",
        ages=(56, 57),
        overridden="LC19-06",
    ),
)
INVESTIGATION = (
    "经赴所在单位和居住社区外调考察，该同志政治表现、职业道德和工作业绩属实，群众评价良好。"
)
OVERRIDE_REASONS = {
    "LC19-06": "该同志掌握本行业关键绝技，近三年仍有重大技术成果，"
    "经评选办公室集体研究，按“一般不超过55周岁”的例外处理。"
}
RETURN_REASON = "近5年工作业绩缺少佐证材料（技术革新项目的验收证明），请补充后重新提交。"
OBJECTIONS = (
    "反映该同志所报技术革新成果系班组集体完成，个人作用有夸大。",
    "反映该同志曾于三年前发生一般质量事故，请核实。",
)
OBJECTION_FINDING = "经核查，该项目验收材料和班组证明均显示其为主要完成人，异议不成立。"


class Builder:
    def __init__(self, today: date) -> None:
        self.demo = Demo(today)
        self.people = People()
        self.rng = random.Random(SEED + 1)
        self.counters: dict[str, int] = {}
        self.password = make_password(PASSWORD)  # hashed once: every demo account shares it
        self.staff: dict[tuple[int, str], Account] = {}
        self.slots: dict[int, Slot] = {}  # each application's place of work
        self.running_start = self._working_day_before(today)

    @staticmethod
    def _working_day_before(day: date) -> date:
        calendar = WorkCalendar()
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def account(self, region: RegionSpec, role: str, organisation: Organisation) -> Account:
        key = f"{region.tag}-{role}"
        self.counters[key] = self.counters.get(key, 0) + 1
        short = {"office_staff": "office", "recommender_staff": "rec", "unit_staff": "unit",
                 "applicant": "app"}.get(role, role)  # fmt: skip
        number = self.counters[key]
        username = f"{region.tag}-{short}" + (f"{number:02d}" if role in _NUMBERED else "")
        gender = "女" if self.rng.random() < 0.4 else "男"
        user = Account.objects.create(
            username=username,
            password=self.password,
            role=role,
            organisation=organisation,
            full_name=self.people.name(gender),
            phone=f"1{self.rng.choice('3589')}{self.rng.randint(0, 999999999):09d}",
        )
        self.demo.accounts.append(DemoAccount(region.region, user))
        self.staff.setdefault((organisation.pk, role), user)
        return user

    def region(self, spec: RegionSpec) -> None:
        """The office and its units; each programme's current edition, then its earlier ones,
        then what the registry of past awardees changes."""
        office = Organisation.objects.create(name=spec.office, kind="office", region=spec.region)
        office_staff = self.account(spec, "office_staff", office)
        self.account(spec, "expert", office)
        self.account(spec, "approver", office)
        places: list[tuple[Organisation, Organisation, UnitSpec, RecommenderSpec]] = []
        for rec_spec in spec.recommenders:
            recommender = Organisation.objects.create(
                name=rec_spec.name,
                kind="recommender",
                recommender_type=rec_spec.type,
                parent=office,
                region=rec_spec.district,
            )
            self.account(spec, "recommender_staff", recommender)
            for unit_spec in rec_spec.units:
                unit = Organisation.objects.create(
                    name=unit_spec.name, kind="unit", parent=recommender, region=rec_spec.district
                )
                self.account(spec, "unit_staff", unit)
                places.append((recommender, unit, unit_spec, rec_spec))
        for index, program_id in enumerate(spec.programs):
            self.current_edition(spec, office_staff, places, program_id, index)
        for index, program_id in enumerate(spec.programs):
            for years, stop in enumerate(PAST_EDITIONS[program_id], start=1):
                self.past_edition(spec, office_staff, places, program_id, index, years, stop)
        self.registry(spec, office_staff, places)

    def places_for(
        self,
        places: list[tuple[Organisation, Organisation, UnitSpec, RecommenderSpec]],
        count: int,
        trade_index: int,
    ) -> list[Slot]:
        """``count`` places of work, unit after unit, each unit's trades in turn."""
        slots = []
        for number in range(count):
            recommender, unit, unit_spec, rec_spec = places[number % len(places)]
            trades = unit_spec.trades
            trade = TRADES[trades[(trade_index + number // len(places)) % len(trades)]]
            slots.append(Slot(recommender, unit, Place(rec_spec, unit_spec, trade)))
        return slots

    # --- applicants -----------------------------------------------------------------------

    def enter(
        self,
        spec: RegionSpec,
        campaign: Campaign,
        slot: Slot,
        *,
        progress: str = "submitted",
        person: Person | None = None,
        user: Account | None = None,
        channel: str = "unit",
        change: Callable[[dict[str, Any]], None] | None = None,
    ) -> Application:
        """One applicant's application through the applicant's services: ``progress`` is
        "begun" (the first fields typed), "complete" (not yet signed) or "submitted"."""
        program = campaign.program
        open_today = campaign.accepts_material_on(self.demo.today)
        day = self.demo.today if open_today else campaign.submission_phase().end
        if person is None:
            person = self.people.person(
                area=slot.place.recommender.area,
                reference=campaign.reference_date,
                ages=PROGRAM_AGES.get(program.id, DEFAULT_AGES),
            )
        data = record_for(program, person, slot.place, campaign.reference_date, self.rng)
        if change is not None:
            change(data)
        if user is None:
            user = self.account(spec, "applicant", slot.unit)
            user.full_name = person.name
            user.save(update_fields=["full_name"])
        application = application_start(
            campaign=campaign,
            actor=user,
            award_id=data.get("award", program.awards[0].id),
            channel=channel,
            recommender=slot.recommender,
            unit=slot.unit if channel == "unit" else None,
            today=day,
        )
        self.slots[application.pk] = slot
        if progress == "begun":
            return application_save(application=application, actor=user, data=_begun(data))
        details = details_for(program, person, slot.place, data, day, self.rng)
        application = application_save(
            application=application, actor=user, data=data, details=details
        )
        if progress == "complete":
            return application
        photo = program.photo
        if photo is not None:
            application = application_photo(
                application=application, actor=user, upload=portrait(photo.background, self.rng)
            )
        application = application_pledge(application=application, actor=user)
        return application_submit(application=application, actor=user, today=day)

    # --- the editions -----------------------------------------------------------------------

    def current_edition(
        self,
        spec: RegionSpec,
        office_staff: Account,
        places: list[tuple[Organisation, Organisation, UnitSpec, RecommenderSpec]],
        program_id: str,
        trade_index: int,
    ) -> None:
        """The edition open today (Liaocheng's has just closed): two drafts while it is open,
        then candidates waiting at every step up to the panel, one returned to the applicant,
        one rejected at the 归口 review, and the programme's particular cases."""
        program = find_program(program_id)
        campaign = campaign_create(
            program_id=program_id,
            actor=office_staff,
            phases=campaign_phases(program, self.demo.today, closed=program_id == CLOSED_PROGRAM),
        )
        self.demo.current[program_id] = campaign
        self.demo.campaigns.append(campaign)
        open_today = campaign.accepts_material_on(self.demo.today)
        steps = self.steps_to(campaign, CURRENT_STOP)
        count = max(APPLICANTS_PER_UNIT * len(places), 3 * len(steps) + 4)
        slots = self.places_for(places, count, trade_index)
        for number, slot in enumerate(slots):
            progress = "submitted"
            if open_today and number < 2:
                progress = ("begun", "complete")[number]
            flaw = FLAWS[program_id] if number == len(slots) - 1 else None
            self.enter(spec, campaign, slot, progress=progress, change=flaw)
        targets = self.plan(campaign, steps)
        cases = []
        for number, special in enumerate(s for s in SPECIALS if s.program == program_id):
            person = None
            if special.ages is not None:
                slot = slots[number]
                person = self.people.person(
                    area=slot.place.recommender.area,
                    reference=campaign.reference_date,
                    ages=special.ages,
                )
            application = self.enter(
                spec,
                campaign,
                slots[number],
                person=person,
                channel=special.channel,
                change=special.change,
            )
            targets[application.pk] = special.waits_at
            cases.append((application, special))
            self.demo.notes.append(f"{campaign.name}：{application.name}，{special.note}")
        self.advance(campaign, targets)
        self.conclude_current(campaign, cases)

    def steps_to(self, campaign: Campaign, stop: str) -> list[str]:
        ids = [step.id for step in campaign.workflow.path("unit")]
        return ids[: ids.index(stop) + 1]

    def plan(self, campaign: Campaign, steps: list[str]) -> dict[int, str]:
        """The step each submitted candidate is left at: the leading third at the last of
        ``steps``, the one whose record fails a hard rule at the 归口 review, the others at
        each step in turn."""
        submitted = list(campaign.applications.exclude(stage=chain.DRAFT).order_by("id"))
        leading = len(submitted) // 3
        targets = {}
        for number, application in enumerate(submitted):
            if application.verdict == "ineligible":
                targets[application.pk] = "recommender_review"
            elif number < leading:
                targets[application.pk] = steps[-1]
            else:
                targets[application.pk] = steps[(number - leading) % len(steps)]
        return targets

    def conclude_current(
        self, campaign: Campaign, cases: list[tuple[Application, Special]]
    ) -> None:
        """What the roles have done to the candidates left at their steps: the failing one
        rejected, one returned for correction, the particular cases' records and overrides,
        the publicities open today."""
        workflow = campaign.workflow
        office_staff = self.staff[(campaign.office_id, "office_staff")]
        for application in campaign.applications.filter(stage="recommender_review"):
            if application.verdict == "ineligible":
                failed = "；".join(
                    f"{f['message']}（{f['clause']}）"
                    for f in application.findings
                    if f["outcome"] == "fail"
                )
                review_reject(
                    application=application,
                    actor=self.actor(application, "recommender_staff"),
                    reason=f"不符合申报条件：{failed}",
                )
        first_review = next(s for s in workflow.path("unit") if s.kind in REVIEW_KINDS)
        returned = (
            campaign.applications.filter(stage=first_review.id, channel="unit")
            .order_by("id")
            .first()
        )
        if returned is not None:
            review_return(
                application=returned,
                actor=self.actor(returned, first_review.role),
                reason=RETURN_REASON,
            )
            self.demo.notes.append(
                f"{campaign.name}：{returned.name}，在“{workflow.title(first_review)}”"
                "被退回修改，申报人可修改后重新提交"
            )
        for application, special in cases:
            if special.investigated:
                external_investigation_record(
                    application=application,
                    actor=self.actor(application, "recommender_staff"),
                    text=INVESTIGATION,
                )
            if special.overridden:
                finding_override(
                    application=application,
                    clause=special.overridden,
                    reason=OVERRIDE_REASONS[special.overridden],
                    actor=office_staff,
                )
        for step in workflow.path("unit"):
            if step.kind == "publicity":
                waiting = list(campaign.applications.filter(stage=step.id))
                self.publicise(campaign, step, waiting, self.running_start)
        if campaign.program_id == OBJECTED:
            self.objections(campaign)

    def past_edition(
        self,
        spec: RegionSpec,
        office_staff: Account,
        places: list[tuple[Organisation, Organisation, UnitSpec, RecommenderSpec]],
        program_id: str,
        trade_index: int,
        years: int,
        stop: str,
    ) -> None:
        """An edition ``years`` before, its dates as many years earlier: every candidate goes
        to the panel, whose selected go on to ``stop``."""
        program = find_program(program_id)
        campaign = campaign_create(
            program_id=program_id,
            actor=office_staff,
            name=f"{program.name}{EDITION_NAMES[years - 1]}",
            phases=campaign_phases(program, years_before(self.demo.today, years), closed=True),
        )
        self.demo.campaigns.append(campaign)
        count = max(len(places), PAST_APPLICANTS)
        applications = [
            self.enter(spec, campaign, slot)
            for slot in self.places_for(places, count, trade_index + years)
        ]
        self.advance(campaign, dict.fromkeys((a.pk for a in applications), CURRENT_STOP))
        path = campaign.workflow.path("unit")
        ids = [step.id for step in path]
        panel = ids.index(CURRENT_STOP)
        self.take(campaign, path[panel], list(campaign.applications.filter(stage=CURRENT_STOP)))
        self.onward(campaign, panel + 1, [*ids, chain.AWARDED].index(stop))

    def onward(self, campaign: Campaign, first: int, end: int) -> None:
        """Take the candidates waiting at step ``first`` of the chain on to step ``end`` (the
        length of the chain: announced). Approval and announcement move all who wait; at a
        publicity step they part into a group for each step from there to ``end``, the
        farthest sent first, the last kept in a publicity open today."""
        path = campaign.workflow.path("unit")
        for index in range(first, end):
            step = path[index]
            waiting = list(campaign.applications.filter(stage=step.id).order_by("award_id", "id"))
            if step.kind != "publicity":
                self.take(campaign, step, waiting)
                continue
            groups = end - index + 1
            for number in range(groups - 1):
                self.take(campaign, step, waiting[number::groups])
                self.onward(campaign, index + 1, end - number)
            self.publicise(campaign, step, waiting[groups - 1 :: groups], self.running_start)
            return

    # --- the registry of past awardees --------------------------------------------------------

    def registry(
        self,
        spec: RegionSpec,
        office_staff: Account,
        places: list[tuple[Organisation, Organisation, UnitSpec, RecommenderSpec]],
    ) -> None:
        """An office without an announced edition imports past awardees of each programme;
        where the programme bars a second award, one of the awardees applies again."""
        announced = any(chain.AWARDED in PAST_EDITIONS[p] for p in spec.programs)
        imported: dict[str, list[tuple[Person, Slot]]] = {}
        rows = []
        for index, program_id in enumerate(spec.programs):
            if announced:
                break
            campaign = self.demo.current[program_id]
            reference = years_before(campaign.reference_date, 3)
            for slot in self.places_for(places, IMPORTED_AWARDEES, index + 3):
                person = self.people.person(
                    area=slot.place.recommender.area,
                    reference=campaign.reference_date,
                    ages=PROGRAM_AGES.get(program_id, DEFAULT_AGES),
                )
                rows.append(record_for(campaign.program, person, slot.place, reference, self.rng))
                imported.setdefault(program_id, []).append((person, slot))
        if rows:
            added = registry_import(actor=office_staff, rows=rows)
            self.demo.notes.append(f"{spec.office}：从往届名单导入获评人员{added}人")
        for program_id in spec.programs:
            if program_id not in REAPPLY:
                continue
            campaign = self.demo.current[program_id]
            change = None
            if program_id in imported:
                person, slot = imported[program_id][0]
                user = None
            else:
                awardee = (
                    Application.objects.filter(campaign__program_id=program_id, stage=chain.AWARDED)
                    .order_by("id")
                    .first()
                )
                assert awardee is not None, program_id
                person = Person(
                    awardee.name,
                    awardee.data["gender"],
                    date.fromisoformat(awardee.data["birth_date"]),
                    awardee.id_number,
                )
                slot, user = self.slots[awardee.pk], awardee.applicant
                change = _as_sent(awardee.data)
            application = self.enter(
                spec,
                campaign,
                slot,
                person=person,
                user=user,
                change=change,
            )
            self.demo.notes.append(
                f"{campaign.name}：{application.name}，往届已获评，本届再次申报，"
                f"资格初筛不符合（{REAPPLY[program_id]}），等待所在单位审核"
            )

    # --- along the chain ----------------------------------------------------------------------

    def advance(self, campaign: Campaign, targets: dict[int, str]) -> None:
        """Move each submitted candidate along the chain through its services, step by step,
        to the step ``targets`` names for it."""
        path = campaign.workflow.path("unit")
        ids = [s.id for s in path]
        for index, step in enumerate(path[: max(ids.index(t) for t in targets.values())]):
            waiting = campaign.applications.filter(stage=step.id).order_by("id")
            movers = [a for a in waiting if ids.index(targets[a.pk]) > index]
            if movers:
                self.take(campaign, step, movers)

    def _day(self, campaign: Campaign) -> date:
        """The day the units act on: today, or the deadline of a campaign that has closed."""
        if campaign.accepts_material_on(self.demo.today):
            return self.demo.today
        return campaign.submission_phase().end

    def actor(self, application: Application, role: str) -> Account:
        place = {"unit_staff": application.unit_id, "recommender_staff": application.recommender_id}
        return self.staff[(place.get(role, application.campaign.office_id), role)]  # type: ignore[index]

    def take(self, campaign: Campaign, step: ChainStep, movers: list[Application]) -> None:
        """The action of ``step`` for the candidates waiting there, as its role would take it."""
        if step.kind in OPINIONS:
            for application in movers:
                review_approve(
                    application=application,
                    actor=self.actor(application, step.role),
                    opinion=OPINIONS[step.kind],
                    decision_record=_pdf("单位集体研究决定记录.pdf")
                    if step.kind == "unit_review"
                    else None,
                )
        elif step.kind == "publicity":
            # Held three weeks before the deadline, or a month after it once the panel has met.
            deadline = campaign.submission_phase().end
            after_panel = campaign.workflow.reached(step.id, CURRENT_STOP, "unit")
            start = (
                deadline + timedelta(days=30)
                if after_panel
                else min(deadline, self.demo.today) - timedelta(days=21)
            )
            for publicity in self.publicise(campaign, step, movers, start):
                publicity_close(
                    publicity=publicity, actor=publicity.created_by, today=self.demo.today
                )
        elif step.kind == "recommender_submit":
            for actor, group in self._by_actor(step, movers).items():
                recommendation_submit(
                    campaign=campaign,
                    recommender=actor.organisation,
                    ranked=group,
                    actor=actor,
                    today=self._day(campaign),
                )
        elif step.kind == "panel":
            self.panel(campaign, step, movers)
        elif step.kind == "approval":
            approval_approve(campaign=campaign, actor=self.actor(movers[0], step.role))
        elif step.kind == "announcement":
            result_announce(campaign=campaign, actor=self.actor(movers[0], step.role))

    def _by_actor(
        self, step: ChainStep, applications: list[Application]
    ) -> dict[Account, list[Application]]:
        groups: dict[Account, list[Application]] = {}
        for application in applications:
            groups.setdefault(self.actor(application, step.role), []).append(application)
        return groups

    def publicise(
        self, campaign: Campaign, step: ChainStep, applications: list[Application], start: date
    ) -> list[Publicity]:
        return [
            publicity_open(
                campaign=campaign, step_id=step.id, actor=actor, start=start, applications=group
            )
            for actor, group in self._by_actor(step, applications).items()
        ]

    def panel(self, campaign: Campaign, step: ChainStep, movers: list[Application]) -> None:
        """The panel's signed result for each award: the top two thirds selected, by score."""
        for award in campaign.program.awards:
            group = [a for a in movers if a.award_id == award.id]
            if not group:
                continue
            chosen = max(1, len(group) * 2 // 3)
            lines = [
                PanelLineInput(
                    application=application,
                    rank=rank,
                    selected=rank <= chosen,
                    score=Decimal(95 - rank * 3) + Decimal(self.rng.randint(0, 20)) / 10,
                )
                for rank, application in enumerate(group, start=1)
            ]
            panel_record(
                campaign=campaign,
                award_id=award.id,
                method="score",
                members=7,
                lines=lines,
                sheet=_pdf("专家评审结果签字表.pdf"),
                actor=self.actor(group[0], step.role),
            )

    def objections(self, campaign: Campaign) -> None:
        """In the publicities open today: an objection waiting for the holder, and one the
        holder has found unfounded (the period goes on; it closes once all are settled)."""
        running = list(campaign.publicities.filter(closed_at__isnull=True).order_by("id"))
        first = running[0].applications.order_by("id").first()
        last = running[-1].applications.order_by("id").last()
        assert first is not None and last is not None and first != last
        objection_submit(
            publicity=running[0],
            application=first,
            text=OBJECTIONS[0],
            contact="010-65150000",
            today=self.demo.today,
        )
        settled = objection_submit(
            publicity=running[-1], application=last, text=OBJECTIONS[1], today=self.demo.today
        )
        objection_resolve(
            objection=settled,
            upheld=False,
            resolution=OBJECTION_FINDING,
            actor=running[-1].created_by,
        )
        self.demo.notes.append(
            f"{running[0].title}：对{first.name}的异议待处理，处理后方可办结；"
            f"对{last.name}的异议已核查不成立"
        )


def _as_sent(previous: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """A change that makes a new record the one sent to an earlier edition."""

    def change(record: dict[str, Any]) -> None:
        record.update(previous)

    return change


def _pdf(name: str) -> SimpleUploadedFile:
    """A one-page scanned paper, as an office would upload it."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


_NUMBERED = {"recommender_staff", "unit_staff", "applicant"}


def _begun(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in ("program", "name", "id_number", "gender", "birth_date")}


@transaction.atomic
def build_demo(today: date | None = None) -> Demo:
    """Create the demonstration regions, campaigns, accounts and applications (empty database)."""
    builder = Builder(today or beijing_today())
    for spec in REGIONS:
        builder.region(spec)
    return builder.demo


# --- what the operator is told ----------------------------------------------------------------


def account_table(demo: Demo) -> list[str]:
    """One account of every role of every region: the ones to log in with."""
    seen: set[tuple[str, str]] = set()
    rows = [("地区", "角色", "用户名", "密码", "姓名", "所在组织")]
    ordered = sorted(demo.accounts, key=lambda a: (a.region, ROLE_ORDER.index(a.role)))
    for item in ordered:
        user = item.account
        if (item.region, item.role) in seen:
            continue
        seen.add((item.region, item.role))
        rows.append(
            (
                item.region,
                user.get_role_display(),
                user.username,
                PASSWORD,
                user.full_name,
                str(user.organisation),
            )
        )
    return _table(rows)


def campaign_lines(demo: Demo) -> list[str]:
    lines = []
    for campaign in demo.campaigns:
        window = campaign.submission_phase()
        start = f"{window.start:%Y-%m-%d} 至 " if window.start else "截至 "
        state = "受理中" if campaign.accepts_material_on(demo.today) else "已截止"
        stages = Counter(a.stage for a in campaign.applications.all())
        workflow = campaign.workflow
        order = [
            chain.DRAFT,
            chain.RETURNED,
            *(s.id for s in workflow.path("unit")),
            *sorted(chain.CLOSED_STAGES),
        ]
        counts = "，".join(
            f"{chain.stage_name(workflow, stage)}{stages[stage]}人"
            for stage in order
            if stages[stage]
        )
        lines.append(f"{campaign.name}：申报{start}{window.end:%Y-%m-%d}（{state}）")
        lines.append(f"    {counts}")
    registry = Counter(Awardee.objects.values_list("office__region", flat=True))
    lines.append("\n获评人员库：" + "，".join(f"{r}{n}人" for r, n in sorted(registry.items())))
    lines.append("\n值得一看的情形：")
    lines += [f"  · {note}" for note in demo.notes]
    return lines


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]
