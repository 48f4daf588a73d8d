"""Sample panel rounds for the panel documents: a scored round and a ballot, each with a
recusal, an absent member, a trimmed score and a tie at the quota line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from skillaward.core.tally import tally
from skillaward.documents.panel import PanelContext, parse_panel_context
from tests.documents.fixtures import RARE_NAME

MEMBERS = [
    {"ref": f"e{i}", "name": name, "work_unit": f"第{i}技师学院"}
    for i, name in enumerate(["赵一", "钱二", "孙三", "李四", "周五", "吴六", "郑七"], start=1)
]
CANDIDATES = [
    {"ref": "A-1", "name": RARE_NAME},
    {"ref": "A-2", "name": "王小二"},
    {"ref": "A-3", "name": "陈晓"},
    {"ref": "A-4", "name": "刘强"},
]
UNITS = {
    "A-1": '=HYPERLINK("x")机械厂',
    "A-2": "长春一汽",
    "A-3": "长春轨道客车",
    "A-4": "吉林石化",
}
CRITERIA = [
    {"id": "skill", "name": "技能水平", "max": 60},
    {"id": "merit", "name": "业绩贡献", "max": 40, "weight": Decimal("0.5")},
]


def _scores() -> list[dict[str, Any]]:
    # seven scores (e3 recused, so six): 90.5 … trimmed; tie; A-4 one score.
    table = {
        "A-1": {
            "e1": (55, 40),
            "e2": (Decimal("50.5"), 30),
            "e4": (58, 38),
            "e5": (40, 20),
            "e6": (52, 36),
            "e7": (54, 34),
        },
        "A-2": {"e1": (50, 30), "e2": (50, 30), "e3": (50, 30), "e4": (50, 30), "e5": (50, 30)},
        "A-3": {"e1": (50, 30), "e2": (50, 30), "e3": (50, 30), "e4": (50, 30), "e5": (50, 30)},
        "A-4": {"e1": (30, 10)},
    }
    return [
        {"expert": expert, "candidate": ref, "criteria": {"skill": skill, "merit": merit}}
        for ref, given in table.items()
        for expert, (skill, merit) in given.items()
    ] + [{"expert": "e1", "candidate": "A-4", "criteria": {"skill": 61, "merit": 1}}]


def score_sheet() -> dict[str, Any]:
    return {
        "method": "score",
        "quota": 2,
        "members": [m["ref"] for m in MEMBERS],
        "present": [m["ref"] for m in MEMBERS],
        "quorum": "2/3",
        "candidates": CANDIDATES,
        "recusals": [{"expert": "e3", "candidate": "A-1", "reason": "亲属关系"}],
        "criteria": CRITERIA,
        "trim": 1,
        "trim_min": 5,
        "scores": _scores(),
    }


def vote_sheet() -> dict[str, Any]:
    votes = {
        "A-1": ["yes", "yes", None, "yes", "yes", "no", "yes"],
        "A-2": ["yes", "yes", "yes", "yes", "yes", "abstain", None],
        "A-3": ["yes", "yes", "yes", "yes", "yes", "no", None],
        "A-4": ["no", "no", "yes", "abstain", "no", "no", None],
    }
    return {
        "method": "vote",
        "quota": 2,
        "members": [m["ref"] for m in MEMBERS],
        "present": [m["ref"] for m in MEMBERS[:6]],
        "quorum": "2/3",
        "candidates": CANDIDATES,
        "recusals": [{"expert": "e3", "candidate": "A-1", "reason": "师徒关系"}],
        "threshold": {"at_least": "2/3"},
        "votes": [
            {"expert": f"e{i}", "candidate": ref, "vote": vote}
            for ref, row in votes.items()
            for i, vote in enumerate(row, start=1)
            if vote
        ],
    }


RULE = (
    "评选办公室组织；评审专家不少于7人（LC19-10）；"
    "出席不少于应到人数的2/3（通知未规定，按通用规则）"
)


def context(sheet: dict[str, Any], **overrides: Any) -> PanelContext:
    data: dict[str, Any] = {
        "campaign": "第三届长春技能大奖和长春技术能手评选",
        "award": "长春技能大奖",
        "panel": "评审委员会",
        "organiser": "长春市人力资源和社会保障局",
        "round": 1,
        "rule": RULE,
        "members": MEMBERS,
        "units": UNITS,
        "sheet": sheet,
        "tally": tally(sheet).to_json(),
        "comments": [{"expert": "e1", "candidate": "A-2", "comment": "+技艺精湛，业绩突出"}],
    }
    return parse_panel_context(data | overrides)
