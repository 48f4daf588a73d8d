"""Clause tests of 2019年度聊城市首席技师选拔推荐 (liaocheng-chief-2019, LC19-xx).

The reference date is the submission deadline, 2019-07-31, so "近4年内" is 2015 onwards and
"近三年" 2016 onwards. The builder's record is a 东昌府区首席技师 (2017) who is also a
山东省技术能手 (2017), born 1975-02-01.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.builders import applicant, findings, report_for

LC19 = "liaocheng-chief-2019"
COUNTY_CHIEF = {"title": "东昌府区首席技师", "level": "county", "year": 2017}
NO_CONDITION = "不符合3项业绩条件中的任何一项"


def honour(title: str, level: str, year: int, **extra: Any) -> dict[str, Any]:
    return {"title": title, "level": level, "year": year, **extra}


def claim(number: int) -> list[dict[str, Any]]:
    return [{"condition": number, "evidence": "证书复印件"}]


# LC19-03 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "outcome", "said"),
    [
        ({}, "pass", "职业资格等级技师，达到技师及以上"),
        ({"skill_level": "高级技师"}, "pass", "职业资格等级高级技师，达到技师及以上"),
        ({"skill_level": "高级工"}, "fail", "职业资格等级高级工，未达到技师及以上"),
        (
            {"employer": {"name": "某厂", "region": "济南市历下区", "nature": "其他"}},
            "fail",
            "工作单位所在地济南市历下区，不在聊城市行政区域",
        ),
        (
            {"employer": {"name": "某厂", "region": "聊城市临清市", "nature": "其他"}},
            "pass",
            "工作单位所在地聊城市临清市，属于聊城市行政区域",
        ),
        (
            {"post": {"title": "办公室主任", "front_line": False}},
            "fail",
            "岗位“办公室主任”不是生产、服务一线岗位",
        ),
        (
            {"post": {"title": "木雕艺人", "front_line": False}, "freelancer": True},
            "pass",
            "符合条件的自由职业者",
        ),
    ],
)
def test_lc19_03_liaocheng_technician_front_line(
    changes: dict[str, Any], outcome: str, said: str
) -> None:
    finding = findings(LC19, applicant(LC19, **changes))["LC19-03"]
    assert finding.outcome == outcome
    assert said in finding.message


# LC19-04 and LC19-15: already a county or trade chief technician ----------------------------

CHIEF_TITLES = [
    (COUNTY_CHIEF, "pass"),
    (honour("聊城市机械行业协会首席技师", "industry", 2016), "pass"),
    (honour("聊城市交通运输局首席技师", "city", 2018), "pass"),
    (honour("山东省首席技师", "provincial", 2018), "pass"),
    (None, "fail"),
]


@pytest.mark.parametrize("clause", ["LC19-04", "LC19-15"])
@pytest.mark.parametrize(("title", "outcome"), CHIEF_TITLES)
def test_lc19_04_and_15_must_already_be_chief_technician(
    clause: str, title: dict[str, Any] | None, outcome: str
) -> None:
    honors = [honour("山东省技术能手", "provincial", 2017)]
    if title is not None:
        honors.append(title)
    finding = findings(LC19, applicant(LC19, honors=honors))[clause]
    assert finding.outcome == outcome
    if title is not None:
        assert f"已获得“{title['title']}”" in finding.message
    else:
        assert finding.message.startswith("未获得")
        assert "“首席技师”" in finding.message


def test_lc19_15_chief_technician_makes_verdict() -> None:
    record = applicant(LC19, honors=[honour("山东省技术能手", "provincial", 2017)])
    assert report_for(LC19, record).results[0].verdict == "ineligible"


# LC19-06 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "as_of", "outcome", "said"),
    [
        ("1975-02-01", None, "pass", "年龄44周岁，不超过55周岁"),
        ("1963-08-01", None, "pass", "年龄55周岁，不超过55周岁"),  # the day before turning 56
        ("1963-07-31", None, "fail", "年龄56周岁，超过55周岁上限"),  # the 56th birthday
        ("1960-01-01", None, "fail", "年龄59周岁，超过55周岁上限"),
        ("1963-08-01", date(2019, 8, 1), "fail", "年龄56周岁，超过55周岁上限"),
        ("1963-08-01", date(2019, 7, 31), "pass", "年龄55周岁，不超过55周岁"),
    ],
)
def test_lc19_06_age_at_most_55(born: str, as_of: date | None, outcome: str, said: str) -> None:
    options = {"as_of": as_of} if as_of else {}
    report = report_for(LC19, applicant(LC19, born=born), **options)
    result = report.results[0]
    finding = {f.clause: f for f in result.findings}["LC19-06"]
    assert finding.outcome == outcome
    assert finding.message == said
    assert result.verdict == ("ineligible" if outcome == "fail" else "eligible")


def test_lc19_06_age_over_55_fails() -> None:
    finding = findings(LC19, applicant(LC19, born="1963-07-31", gender="女"))["LC19-06"]
    assert finding.outcome == "fail"
    assert finding.message == "年龄56周岁，超过55周岁上限"


# LC19-07 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "outcome", "said"),
    [
        ("1973-08-01", "pass", "年龄45周岁，属于45周岁以下，同等条件下优先"),
        ("1973-07-31", "warn", "年龄46周岁，不在45周岁以下的优先范围"),
        ("1965-01-01", "warn", "年龄54周岁，不在45周岁以下的优先范围"),
    ],
)
def test_lc19_07_preference_for_45_or_younger(born: str, outcome: str, said: str) -> None:
    report = report_for(LC19, applicant(LC19, born=born))
    result = report.results[0]
    finding = {f.clause: f for f in result.findings}["LC19-07"]
    assert finding.outcome == outcome
    assert finding.message == said
    assert result.verdict == "eligible"
    assert report.summary.warnings == (outcome == "warn")


# LC19-08 (2): honours within 4 years ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "level", "year", "outcome"),
    [
        ("山东省技术能手", "provincial", 2015, "pass"),  # first year of the window
        ("山东省技术能手", "provincial", 2019, "pass"),  # the reference year
        ("山东省技术能手", "provincial", 2014, "fail"),  # one year too early
        ("全国技术能手", "national", 2016, "pass"),
        ("中华技能大奖", "national", 2018, "pass"),
        ("享受国务院政府特殊津贴", "national", 2016, "pass"),
        ("山东省突出贡献技师", "provincial", 2017, "pass"),
        ("聊城市突出贡献技师", "city", 2017, "pass"),
        ("聊城市技术能手", "city", 2017, "fail"),
        ("东昌府区突出贡献技师", "county", 2017, "fail"),
    ],
)
def test_lc19_08_condition_2_honour_within_4_years(
    title: str, level: str, year: int, outcome: str
) -> None:
    record = applicant(
        LC19, honors=[COUNTY_CHIEF, honour(title, level, year)], conditions_claimed=claim(2)
    )
    finding = findings(LC19, record)["LC19-08"]
    assert finding.outcome == outcome
    if outcome == "pass":
        assert finding.message == f"符合第2项业绩条件：“{title}”（{year}年）"
    else:
        assert NO_CONDITION in finding.message
        assert "申报第2项条件，但近4年内未记录" in finding.message


# LC19-08 (3): competition ranks within 4 years ---------------------------------------------


@pytest.mark.parametrize(
    ("level", "class_", "rank", "outcome"),
    [
        ("national", 1, 6, "pass"),
        ("national", 1, 7, "fail"),
        ("national", 2, 3, "pass"),
        ("national", 2, 4, "fail"),
        ("provincial", 1, 3, "pass"),
        ("provincial", 1, 4, "fail"),
        ("provincial", 2, 2, "pass"),
        ("provincial", 2, 3, "fail"),
        ("city", 1, 1, "pass"),
        ("city", 1, 2, "fail"),
        ("city", 2, 1, "fail"),
    ],
)
def test_lc19_08_condition_3_competition_rank(
    level: str, class_: int, rank: int, outcome: str
) -> None:
    result = {"name": "职业技能竞赛", "level": level, "class": class_, "year": 2018, "rank": rank}
    record = applicant(
        LC19, honors=[COUNTY_CHIEF], competitions=[result], conditions_claimed=claim(3)
    )
    finding = findings(LC19, record)["LC19-08"]
    assert finding.outcome == outcome
    if outcome == "pass":
        assert finding.message == f"符合第3项业绩条件：职业技能竞赛第{rank}名（2018年）"
    else:
        assert "申报第3项条件，但近4年内未记录" in finding.message
        assert "全国一类职业技能竞赛前6名" in finding.message


@pytest.mark.parametrize(("year", "outcome"), [(2015, "pass"), (2014, "fail")])
def test_lc19_08_condition_3_window_of_4_years(year: int, outcome: str) -> None:
    result = {"name": "全国技能大赛", "level": "national", "class": 1, "year": year, "rank": 1}
    record = applicant(LC19, honors=[COUNTY_CHIEF], competitions=[result])
    finding = findings(LC19, record)["LC19-08"]
    assert finding.outcome == outcome
    if outcome == "pass":
        assert f"全国技能大赛第1名（{year}年）" in finding.message


@pytest.mark.parametrize(
    ("level", "class_", "medal", "outcome"),
    [
        ("national", 1, "铜牌", "pass"),  # 前6名: a bronze medal is third place
        ("provincial", 2, "银牌", "pass"),  # 前2名: silver is second
        ("provincial", 2, "铜牌", "fail"),  # third, one place short of 前2名
        ("city", 1, "金牌", "pass"),  # 第一名
        ("city", 1, "银牌", "fail"),
        ("national", 1, "优胜奖", "fail"),  # implies no place
    ],
)
def test_lc19_08_condition_3_medal_counts_as_the_rank_it_implies(
    level: str, class_: int, medal: str, outcome: str
) -> None:
    result = {"name": "职业技能竞赛", "level": level, "class": class_, "year": 2018, "medal": medal}
    record = applicant(
        LC19, honors=[COUNTY_CHIEF], competitions=[result], conditions_claimed=claim(3)
    )
    finding = findings(LC19, record)["LC19-08"]
    assert finding.outcome == outcome
    if outcome == "pass":
        assert finding.message == f"符合第3项业绩条件：职业技能竞赛{medal}（2018年）"
    else:
        assert f"职业技能竞赛{medal}，须前" in finding.message


# LC19-08 (1): a city skill-achievement award or a science award, plus attest ----------------


@pytest.mark.parametrize(
    ("award", "level", "grade", "year", "outcome"),
    [
        ("聊城市高技能人才技能成果奖", "city", "二等奖", 2017, "review"),
        ("聊城市高技能人才技能成果奖", "city", "一等奖", 2015, "review"),
        ("聊城市高技能人才技能成果奖", "city", "三等奖", 2017, "fail"),
        ("聊城市高技能人才技能成果奖", "city", "二等奖", 2014, "fail"),
        ("山东省科学技术进步奖", "provincial", "三等奖", 2018, "review"),
        ("聊城市科学技术发明奖", "city", "三等奖", 2018, "review"),
        ("东昌府区科学技术进步奖", "county", "一等奖", 2018, "fail"),
    ],
)
def test_lc19_08_condition_1_award_needs_review(
    award: str, level: str, grade: str, year: int, outcome: str
) -> None:
    recorded = {
        "project": "数控机床主轴改造",
        "award": award,
        "level": level,
        "grade": grade,
        "rank": 1,
        "year": year,
    }
    record = applicant(LC19, honors=[COUNTY_CHIEF], awards=[recorded], conditions_claimed=claim(1))
    report = report_for(LC19, record)
    finding = {f.clause: f for f in report.results[0].findings}["LC19-08"]
    assert finding.outcome == outcome
    if outcome == "review":
        assert finding.message == "需人工核实：申报第1项业绩条件及其证明材料"
        assert report.results[0].verdict == "eligible"
    else:
        assert "申报第1项条件，但近4年内未记录市级“技能成果”二等奖及以上" in finding.message


def test_lc19_08_no_condition_fails() -> None:
    record = applicant(LC19, honors=[COUNTY_CHIEF])
    finding = findings(LC19, record)["LC19-08"]
    assert finding.outcome == "fail"
    assert finding.message == f"{NO_CONDITION}（未申报任何一项业绩条件）"


# LC19-09 --------------------------------------------------------------------------------

OLD_COUNTY_CHIEF = honour("东昌府区首席技师", "county", 2010)


def liaocheng_chief(year: int, term_end: str) -> dict[str, Any]:
    return honour("聊城市首席技师", "city", year, term_end=term_end)


@pytest.mark.parametrize("term_end", ["2020-12-31", "2019-07-31"])
def test_lc19_09_title_in_management_period_warns(term_end: str) -> None:
    honors = [
        COUNTY_CHIEF,
        honour("山东省技术能手", "provincial", 2017),
        liaocheng_chief(2016, term_end),
    ]
    report = report_for(LC19, applicant(LC19, honors=honors))
    result = report.results[0]
    finding = {f.clause: f for f in result.findings}["LC19-09"]
    assert finding.outcome == "warn"
    assert finding.message == (f"已获“聊城市首席技师”（2016年），仍在管理期内（至{term_end}）")
    assert result.verdict == "eligible"


NEW_ACHIEVEMENTS = {
    "patents": [{"title": "一种刀具夹持装置", "number": "ZL201620000000.0", "year": 2016}],
    "competitions": [
        {"name": "山东省职业技能大赛", "level": "provincial", "class": 1, "year": 2018, "rank": 5}
    ],
    "awards": [
        {
            "project": "主轴改造",
            "award": "聊城市技术革新奖",
            "level": "city",
            "grade": "三等奖",
            "rank": 2,
            "year": 2017,
        }
    ],
    "honors": [
        OLD_COUNTY_CHIEF,
        liaocheng_chief(2013, "2019-07-30"),
        honour("聊城市劳动模范", "city", 2016),
    ],
}


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("patents", "专利一种刀具夹持装置"),
        ("competitions", "山东省职业技能大赛"),
        ("awards", "聊城市技术革新奖"),
        ("honors", "“聊城市劳动模范”"),
    ],
)
def test_lc19_09_expired_title_with_new_achievement_passes(kind: str, said: str) -> None:
    changes: dict[str, Any] = {
        "honors": [OLD_COUNTY_CHIEF, liaocheng_chief(2013, "2019-07-30")],
        kind: NEW_ACHIEVEMENTS[kind],
    }
    finding = findings(LC19, applicant(LC19, **changes))["LC19-09"]
    assert finding.outcome == "pass"
    assert finding.message == f"原获“聊城市首席技师”（2013年），近3年有新成果：{said}"


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"patents": [{"title": "一种刀具夹持装置", "number": "ZL201520000000.0", "year": 2015}]},
        {
            "honors": [
                OLD_COUNTY_CHIEF,
                liaocheng_chief(2013, "2019-07-30"),
                honour("聊城市劳动模范", "city", 2015),
            ]
        },
    ],
)
def test_lc19_09_expired_title_without_new_achievement_warns(changes: dict[str, Any]) -> None:
    record = applicant(
        LC19, **{"honors": [OLD_COUNTY_CHIEF, liaocheng_chief(2013, "2019-07-30")], **changes}
    )
    finding = findings(LC19, record)["LC19-09"]
    assert finding.outcome == "warn"
    assert finding.message == (
        "原获“聊城市首席技师”（2013年），近3年（2016年以来）未记录新的重大成果"
    )


def test_lc19_09_never_held_passes() -> None:
    finding = findings(LC19, applicant(LC19))["LC19-09"]
    assert finding.outcome == "pass"
    assert finding.message == "未获得过“聊城市首席技师”称号"
