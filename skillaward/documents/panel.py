"""The documents of an expert panel's round: what each prints, from a plain context.

Three documents (issue 10 §6): the result summary (评审结果汇总表), the score or vote
statistics (评分/投票统计表), each with a signature line for every member, and one expert's own
score sheet or ballot (个人评分表/个人投票表) with that expert's signature line. The context is
plain data: the round's panel sheet and its tally report (``interchange.md``), the members'
names, the rule applied (``PanelSpec.describe()``), the campaign, award, panel and round. The
numbers are printed as the tally gives them: criterion values as written, an expert's score
and a candidate's total rounded half up to 2 places (:func:`skillaward.core.tally.display`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from skillaward.core.panel import Criterion, exact_number
from skillaward.core.record import IsoDate
from skillaward.core.tally import VOTE_NAMES, display
from skillaward.documents.catalogue import Column
from skillaward.documents.errors import DocumentError

Kind = Literal["summary", "statistics", "sheet"]
Method = Literal["score", "vote"]
RECUSED = "回避"
SIGN_PAIRS = 2  # members per row of the signature table


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PanelMember(_Model):
    ref: str  # the member's id on the panel sheet
    name: str
    work_unit: str = ""


class Comment(_Model):
    expert: str
    candidate: str
    comment: str


class PanelContext(_Model):
    """Everything the panel documents print; ``tally`` is absent while the round is open."""

    campaign: str
    award: str
    panel: str  # the group's name, or 评审委员会 for the whole panel / the deliberation
    organiser: str = ""  # the office or recommending unit that formed the panel
    round: int
    runoff: bool = False  # the round is a runoff among tied candidates
    rule: str  # PanelSpec.describe() of the panel's settings
    date: IsoDate | None = None
    members: tuple[PanelMember, ...]
    units: dict[str, str] = {}  # candidate ref → work unit
    sheet: dict[str, Any]  # the panel sheet (interchange.md)
    tally: dict[str, Any] | None = None  # TallyReport.to_json()
    comments: tuple[Comment, ...] = ()


def parse_panel_context(data: Mapping[str, Any]) -> PanelContext:
    try:
        return PanelContext.model_validate(data)
    except ValidationError as error:
        where = "；".join(
            f"{'.'.join(str(p) for p in e['loc'])}：{e['msg']}"
            for e in error.errors(include_url=False)
        )
        raise DocumentError(f"评审文书的内容有误：{where}") from None


# ----------------------------------------------------------------------------- columns
def _column(id: str, header: str, width: int) -> Column:
    return Column(id=id, header=header, width=width, type="text")


SUMMARY_COLUMNS: dict[Method, tuple[Column, ...]] = {
    "score": (
        _column("rank", "排名", 4),
        _column("name", "候选人", 8),
        _column("unit", "工作单位", 14),
        _column("counted", "有效评分", 5),
        _column("dropped", "去掉评分", 5),
        _column("total", "最后得分", 6),
        _column("result", "评审结果", 9),
        _column("remarks", "备注", 12),
    ),
    "vote": (
        _column("rank", "排名", 4),
        _column("name", "候选人", 8),
        _column("unit", "工作单位", 14),
        _column("entitled", "有表决权人数", 5),
        _column("yes", "赞成", 4),
        _column("no", "反对", 4),
        _column("abstain", "弃权", 4),
        _column("result", "评审结果", 9),
        _column("remarks", "备注", 12),
    ),
}
STATISTICS_COLUMNS: dict[Method, tuple[Column, ...]] = {
    "score": (
        _column("seq", "序号", 2),
        _column("name", "候选人", 6),
        _column("expert", "评审专家", 5),
        _column("criteria", "各项评分", 11),
        _column("score", "评分", 4),
        _column("note", "说明", 10),
    ),
    "vote": (
        _column("seq", "序号", 2),
        _column("name", "候选人", 6),
        _column("expert", "评审专家", 5),
        _column("vote", "投票", 5),
        _column("note", "说明", 16),
    ),
}
SHEET_COLUMNS: dict[Method, tuple[Column, ...]] = {
    "score": (
        _column("seq", "序号", 3),
        _column("name", "候选人", 7),
        _column("unit", "工作单位", 12),
        _column("criteria", "各项评分", 14),
        _column("score", "评分", 5),
        _column("comment", "评审意见", 16),
    ),
    "vote": (
        _column("seq", "序号", 3),
        _column("name", "候选人", 7),
        _column("unit", "工作单位", 14),
        _column("vote", "投票", 5),
        _column("comment", "评审意见", 20),
    ),
}
COLUMNS: dict[Kind, dict[Method, tuple[Column, ...]]] = {
    "summary": SUMMARY_COLUMNS,
    "statistics": STATISTICS_COLUMNS,
    "sheet": SHEET_COLUMNS,
}
SIGNATURE_COLUMNS = (
    _column("seq", "序号", 3),
    _column("name", "姓名", 8),
    _column("sign", "签字", 10),
)
LANDSCAPE: dict[Kind, bool] = {"summary": False, "statistics": True, "sheet": True}


def title(kind: Kind, method: Method) -> str:
    if kind == "summary":
        return "评审结果汇总表"
    if kind == "statistics":
        return "评分统计表" if method == "score" else "投票统计表"
    return "个人评分表" if method == "score" else "个人投票表"


def template_name(kind: Kind, method: Method) -> str:
    return f"panel-{kind}-{method}.docx"


# ----------------------------------------------------------------------------- the sheet, read
@dataclass(frozen=True)
class Entry:
    """One counted score or vote: the criterion values as written and the weighted score."""

    values: dict[str, str]
    score: Fraction | None
    vote: str | None


@dataclass(frozen=True)
class Sheet:
    method: Method
    criteria: tuple[Criterion, ...]
    members: tuple[str, ...]
    present: frozenset[str]
    candidates: tuple[tuple[str, str], ...]  # (ref, name) in sheet order
    recusals: dict[tuple[str, str], str]  # (expert, candidate) → reason
    entries: dict[tuple[str, str], Entry]  # the entries the tally counted
    rejected: frozenset[tuple[str, str]]  # (expert, candidate) of entries it did not count


def read_sheet(sheet: Mapping[str, Any], tally: Mapping[str, Any] | None) -> Sheet:
    """The sheet's entries; with a tally, only those it counted (not under ``rejected``)."""
    method: Method = "vote" if sheet.get("method") == "vote" else "score"
    criteria = tuple(Criterion.model_validate(c) for c in sheet.get("criteria") or ())
    weights = {c.id: c.weight for c in criteria}
    members = tuple(str(m) for m in sheet.get("members", ()))
    present = frozenset(sheet.get("present") or members)
    candidates = tuple((str(c["ref"]), str(c["name"])) for c in sheet.get("candidates", ()))
    recusals = {
        (str(r["expert"]), str(r["candidate"])): str(r["reason"]) for r in sheet.get("recusals", ())
    }
    name = "scores" if method == "score" else "votes"
    skipped = {r["position"] for r in (tally or {}).get("rejected", ())}
    entries: dict[tuple[str, str], Entry] = {}
    rejected: set[tuple[str, str]] = set()
    for index, raw in enumerate(sheet.get(name) or ()):
        pair = (str(raw.get("expert")), str(raw.get("candidate")))
        if f"{name}[{index}]" in skipped:
            rejected.add(pair)
            continue
        if pair in entries:
            continue
        if method == "vote":
            entries[pair] = Entry({}, None, str(raw.get("vote")))
            continue
        try:
            values = {key: exact_number(v) for key, v in (raw.get("criteria") or {}).items()}
        except ValueError:
            rejected.add(pair)
            continue
        score = sum(
            (Fraction(v) * Fraction(weights.get(k, Decimal(1))) for k, v in values.items()),
            Fraction(0),
        )
        entries[pair] = Entry({k: str(v) for k, v in values.items()}, score, None)
    return Sheet(
        method,
        criteria,
        members,
        present,
        candidates,
        recusals,
        entries,
        frozenset(rejected - set(entries)),
    )


# ----------------------------------------------------------------------------- shared parts
def _names(context: PanelContext) -> dict[str, str]:
    return {m.ref: m.name for m in context.members}


def head(context: PanelContext, kind: Kind, *, expert: PanelMember | None = None) -> dict[str, str]:
    """The lines above the table: campaign, title, panel, round, quota, method."""
    method: Method = "vote" if context.sheet.get("method") == "vote" else "score"
    round_text = f"第{context.round}轮" + ("（复评）" if context.runoff else "")
    parts = [f"评审组：{context.panel}", round_text]
    if kind != "sheet":
        parts.append(f"名额：{context.sheet.get('quota', '')}名")
    parts.append(f"评审方式：{'评分' if method == 'score' else '投票'}")
    if expert is not None:
        parts.insert(0, f"评审专家：{expert.name}")
    return {
        "campaign": context.campaign,
        "organiser": context.organiser,
        "title": f"{context.award}{title(kind, method)}",
        "expert": expert.name if expert else "",
        "info": "　　".join(parts),
        "date": context.date or "",
    }


def signatures(members: tuple[PanelMember, ...]) -> list[dict[str, str]]:
    """Signature rows, two members a row: ``seq1 name1 sign1 seq2 name2 sign2``."""
    rows = []
    for start in range(0, len(members), SIGN_PAIRS):
        row: dict[str, str] = {}
        for offset in range(SIGN_PAIRS):
            index = start + offset
            member = members[index] if index < len(members) else None
            row[f"seq{offset + 1}"] = str(index + 1) if member else ""
            row[f"name{offset + 1}"] = member.name if member else ""
            row[f"sign{offset + 1}"] = ""
        rows.append(row)
    return rows


def _tally(context: PanelContext, what: str) -> dict[str, Any]:
    if context.tally is None:
        raise DocumentError(f"第{context.round}轮尚未结束计票，不能生成{what}")
    return context.tally


def _method(context: PanelContext) -> Method:
    return "vote" if context.sheet.get("method") == "vote" else "score"


def _result_text(result: Mapping[str, Any], method: Method) -> str:
    selected = result.get("selected", None)
    if selected is True:
        return "入选"
    if "selected" not in result:
        return "同票，须复评" if method == "vote" else "同分，须复评"
    if method == "vote" and not result.get("passed"):
        return "未通过"
    return "未入选"


def _recusal_note(sheet: Sheet, ref: str, names: Mapping[str, str]) -> str:
    aside = [
        f"{names.get(expert, expert)}（{reason}）"
        for (expert, candidate), reason in sheet.recusals.items()
        if candidate == ref
    ]
    return f"{RECUSED}：{'、'.join(aside)}" if aside else ""


def notes(context: PanelContext, sheet: Sheet, tally: Mapping[str, Any]) -> list[str]:
    """The lines under the table: quorum, runoff, entries not counted, the rule applied."""
    method = sheet.method
    quorum = tally["quorum"]
    line = f"应到评审专家{quorum['members']}人，实到{quorum['present']}人"
    if quorum.get("required") is not None:
        line += f"，须到{quorum['required']}人（{context.sheet.get('quorum', '')}）"
    line += "，符合出席要求。" if quorum["met"] else "，未达出席人数，本轮不产生入选人选。"
    lines = [line]
    names = dict(sheet.candidates)
    if tally.get("runoff"):
        tied = "、".join(names.get(ref, ref) for ref in tally["runoff"])
        word = "同票" if method == "vote" else "同分"
        again = "投票" if method == "vote" else "评分"
        lines.append(f"名额线上{word}：{tied}，须在上述候选人中另行{again}（复评）。")
    rejected = [
        {"position": r["position"], "message": _named(r["message"], names | _names(context))}
        for r in tally.get("rejected") or ()
    ]
    if rejected:
        lines.append(
            "未计入的"
            + ("投票" if method == "vote" else "评分")
            + "："
            + "；".join(f"{r['position']} {r['message']}" for r in rejected)
        )
    lines.append(f"评审规则：{context.rule}")
    return lines


# ----------------------------------------------------------------------------- the views
def _named(message: str, names: Mapping[str, str]) -> str:
    """A tally message with the experts and candidates it quotes by id named instead."""
    for ref, name in names.items():
        message = message.replace(f"“{ref}”", f"“{name}”")
    return message


def summary_view(context: PanelContext) -> dict[str, Any]:
    """评审结果汇总表: the candidates in rank order with their result, notes, signatures."""
    tally = _tally(context, "评审结果汇总表")
    sheet = read_sheet(context.sheet, tally)
    names = _names(context)
    rows = []
    for result in tally["results"]:
        ref = result["ref"]
        row = {
            "rank": "" if result.get("rank") is None else str(result["rank"]),
            "name": str(result["name"]),
            "unit": context.units.get(ref, ""),
            "result": _result_text(result, sheet.method),
            "remarks": _recusal_note(sheet, ref, names),
        }
        if sheet.method == "vote":
            votes = result["votes"]
            row |= {
                "entitled": str(result["entitled"]),
                "yes": str(votes["yes"]),
                "no": str(votes["no"]),
                "abstain": str(votes["abstain"]),
            }
        else:
            row |= {
                "counted": str(result["counted"]),
                "dropped": str(result["dropped"]),
                "total": "无有效评分" if result["total"] is None else str(result["total"]),
            }
        rows.append(row)
    return _view(context, "summary", sections=[{"rows": rows}], notes=notes(context, sheet, tally))


def _view(context: PanelContext, kind: Kind, **parts: Any) -> dict[str, Any]:
    method = _method(context)
    return {
        "kind": kind,
        "method": method,
        "landscape": LANDSCAPE[kind],
        "columns": COLUMNS[kind][method],
        "head": head(context, kind, expert=parts.pop("expert", None)),
        "signatures": signatures(parts.pop("signers", context.members)),
        **parts,
    }


def _dropped(sheet: Sheet, ref: str, dropped: int) -> dict[str, str]:
    """Which scores the trim dropped, by expert: ``dropped // 2`` lowest and highest; of equal
    scores the first member's in panel order is marked (the same value is dropped either way)."""
    trim = dropped // 2
    if not trim:
        return {}
    scored = [
        (entry.score, expert)
        for expert in sheet.members
        if (entry := sheet.entries.get((expert, ref))) is not None
        and entry.score is not None
        and expert in sheet.present
        and (expert, ref) not in sheet.recusals
    ]
    order = sorted(scored, key=lambda pair: pair[0])  # stable: panel order among equals
    high = sorted(order[trim:], key=lambda pair: -pair[0])
    marks = {expert: "去掉的最低分" for _, expert in order[:trim]}
    return marks | {expert: "去掉的最高分" for _, expert in high[:trim]}


def criterion_label(criterion: Criterion) -> str:
    """``业绩贡献（40分×0.5）``: the criterion, its maximum and its weight when not 1."""
    weight = "" if criterion.weight == 1 else f"×{criterion.weight}"
    return f"{criterion.name}（{criterion.max}分{weight}）"


def _criteria_lines(sheet: Sheet, entry: Entry | None) -> str:
    """A line per criterion with the value given, blank to fill in where none was."""
    return "\n".join(
        f"{criterion_label(c)}：{entry.values.get(c.id, '') if entry else ''}"
        for c in sheet.criteria
    )


def _values(sheet: Sheet, entry: Entry | None) -> list[str]:
    return [entry.values.get(c.id, "") if entry else "" for c in sheet.criteria]


def statistics_view(context: PanelContext) -> dict[str, Any]:
    """评分/投票统计表: per candidate, each member's score per criterion or vote."""
    tally = _tally(context, title("statistics", _method(context)))
    sheet = read_sheet(context.sheet, tally)
    names = _names(context)
    groups = []
    for seq, result in enumerate(tally["results"], start=1):
        ref = result["ref"]
        marks = _dropped(sheet, ref, int(result.get("dropped") or 0))
        rows = []
        for expert in sheet.members:
            pair = (expert, ref)
            entry = sheet.entries.get(pair)
            note = ""
            if pair in sheet.recusals:
                note = f"{RECUSED}（{sheet.recusals[pair]}）"
                entry = None
            elif expert not in sheet.present:
                note = "未出席"
            elif pair in sheet.rejected:
                note = "不计（见表下说明）"
            elif entry is None:
                note = "未提交"
            else:
                note = marks.get(expert, "")
            row: dict[str, Any] = {
                "seq": str(seq),
                "name": str(result["name"]),
                "expert": names.get(expert, expert),
                "note": note,
            }
            if sheet.method == "vote":
                row["vote"] = (
                    RECUSED
                    if pair in sheet.recusals
                    else VOTE_NAMES.get(entry.vote or "", "")
                    if entry
                    else ""
                )
            else:
                row["values"] = _values(sheet, entry)  # recused: entry is None
                row["criteria"] = " / ".join(row["values"]) if entry else ""
                row["score"] = (
                    RECUSED
                    if pair in sheet.recusals
                    else (display(entry.score) if entry and entry.score is not None else "")
                )
            rows.append(row)
        groups.append(
            {
                "name": str(result["name"]),
                "rows": rows,
                "summary": _candidate_line(result, sheet.method),
            }
        )
    labels = [criterion_label(c) for c in sheet.criteria]
    return _view(
        context,
        "statistics",
        sections=groups,
        notes=notes(context, sheet, tally),
        criteria=labels,
        criteria_order=f"各项评分依次为：{' / '.join(labels)}" if labels else "",
    )


def _candidate_line(result: Mapping[str, Any], method: Method) -> str:
    rank = f"第{result['rank']}名" if result.get("rank") is not None else "无排名"
    outcome = _result_text(result, method)
    if method == "vote":
        votes = result["votes"]
        return (
            f"合计：有表决权{result['entitled']}人，赞成{votes['yes']}票、反对{votes['no']}票、"
            f"弃权{votes['abstain']}票，{'通过' if result.get('passed') else '未通过'}；"
            f"{rank}，{outcome}"
        )
    counted, dropped = result["counted"], result["dropped"]
    trim = f"，去掉最高分、最低分各{dropped // 2}个" if dropped else ""
    total = "无有效评分" if result["total"] is None else f"最后得分{result['total']}"
    return f"合计：有效评分{counted}个{trim}，{total}；{rank}，{outcome}"


def sheet_view(context: PanelContext, expert: str) -> dict[str, Any]:
    """个人评分表/个人投票表: one member's scores or votes and comments for the candidates
    assigned (not those the member stands aside for), blank where none was given."""
    member = next((m for m in context.members if m.ref == expert), None)
    if member is None:
        raise DocumentError(f"“{expert}”不是本评审组的成员")
    sheet = read_sheet(context.sheet, context.tally)
    comments = {(c.expert, c.candidate): c.comment for c in context.comments}
    rows: list[dict[str, str]] = []
    for ref, name in sheet.candidates:
        pair = (expert, ref)
        if pair in sheet.recusals:
            continue
        entry = sheet.entries.get(pair)
        row = {
            "seq": str(len(rows) + 1),
            "name": name,
            "unit": context.units.get(ref, ""),
            "comment": comments.get(pair, ""),
        }
        if sheet.method == "vote":
            row["vote"] = VOTE_NAMES.get(entry.vote or "", "") if entry else ""
        else:
            row["criteria"] = _criteria_lines(sheet, entry)
            row["score"] = display(entry.score) if entry and entry.score is not None else ""
        rows.append(row)
    return _view(
        context,
        "sheet",
        sections=[{"rows": rows}],
        notes=[f"评审规则：{context.rule}"],
        expert=member,
        signers=(member,),
    )


def view(kind: Kind, context: PanelContext, expert: str | None = None) -> dict[str, Any]:
    if kind == "summary":
        return summary_view(context)
    if kind == "statistics":
        return statistics_view(context)
    if expert is None:
        raise DocumentError("个人评分表须指明评审专家")
    return sheet_view(context, expert)
