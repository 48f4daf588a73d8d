"""The tally of a panel sheet, exactly as ``interchange.md`` specifies it.

One pure function, :func:`tally`, serves the platform (a closed round's sheet) and
``skillaward panel tally`` (a sheet typed up from paper). Arithmetic is exact (``Fraction``
over the decimals as written); recused and absent experts are out of every count; ties at the
quota line go to a runoff among the tied candidates only, never broken by id, name or order.
A sheet that cannot be tallied raises :class:`SheetError`; a bad score or vote is listed under
``rejected`` with its position and a Chinese message, and the rest is tallied.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Context, Decimal, Inexact, Rounded
from fractions import Fraction
from functools import reduce
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from skillaward.core.panel import Criterion, Share, exact_number, parse_share
from skillaward.core.record import field_errors

VOTES = ("yes", "no", "abstain")
# Scores are computed exactly: a score needing more than 100 digits is refused, and the sum of
# any number of them fits in 200, so that nothing is ever rounded (rounding would raise).
ENTRY = Context(prec=100, traps=[Inexact, Rounded])
SUM = Context(prec=200, traps=[Inexact, Rounded])
VOTE_NAMES = {"yes": "赞成", "no": "反对", "abstain": "弃权"}


class SheetError(ValueError):
    """A panel sheet that cannot be tallied at all; the message says where and why."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


StrictInt = Annotated[int, Field(strict=True)]


class Candidate(_Strict):
    ref: str = Field(min_length=1)
    name: str


class Recusal(_Strict):
    expert: str
    candidate: str
    reason: str = Field(min_length=1)


class SheetThreshold(_Strict):
    at_least: Share | None = None
    more_than: Share | None = None

    @model_validator(mode="after")
    def _one(self) -> SheetThreshold:
        if (self.at_least is None) == (self.more_than is None):
            raise ValueError("threshold 须写 at_least（以上）或 more_than（超过）之一")
        return self

    def passes(self, yes: int, entitled: int) -> bool:
        if self.more_than is not None:
            return yes > parse_share(self.more_than) * entitled
        assert self.at_least is not None
        return yes >= parse_share(self.at_least) * entitled


class ScoreEntry(_Strict):
    expert: str
    candidate: str
    criteria: dict[str, object]


class VoteEntry(_Strict):
    expert: str
    candidate: str
    vote: object


class PanelSheet(_Strict):
    """The panel sheet (interchange.md); ``scores`` and ``votes`` are read entry by entry."""

    method: Literal["score", "vote"]
    quota: StrictInt = Field(ge=1)
    members: tuple[str, ...] = Field(min_length=1)
    present: tuple[str, ...] | None = None
    quorum: Share | None = None
    candidates: tuple[Candidate, ...]
    recusals: tuple[Recusal, ...] = ()
    criteria: tuple[Criterion, ...] | None = None
    trim: StrictInt | None = Field(default=None, ge=0)
    trim_min: StrictInt | None = Field(default=None, ge=1)
    threshold: SheetThreshold | None = None
    scores: tuple[object, ...] | None = None
    votes: tuple[object, ...] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> PanelSheet:
        for name, values in (("members", self.members), ("candidates", self.refs)):
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"{name} 中重复：{'、'.join(repeated)}")
        absent = sorted(set(self.present or ()) - set(self.members))
        if absent:
            raise ValueError(f"present 中的“{'、'.join(absent)}”不是评审组成员（members）")
        for index, recusal in enumerate(self.recusals):
            if recusal.expert not in self.members:
                raise ValueError(f"recusals[{index}]：评审专家“{recusal.expert}”不是评审组成员")
            if recusal.candidate not in self.refs:
                raise ValueError(f"recusals[{index}]：候选人“{recusal.candidate}”不在候选人名单中")
        score_keys = {"criteria": self.criteria, "trim": self.trim, "trim_min": self.trim_min}
        if self.method == "score":
            if not self.criteria:
                raise ValueError("评分方式须写明评分项（criteria）")
            if len({c.id for c in self.criteria}) != len(self.criteria):
                raise ValueError("评分项 id 重复")
            if self.trim_min_or_default <= 2 * self.trim_or_default:
                raise ValueError(
                    f"去掉最高和最低各{self.trim_or_default}个评分后须至少余1个："
                    f"trim_min 应大于{2 * self.trim_or_default}"
                )
            other = {"threshold": self.threshold, "votes": self.votes}
            wrong = [k for k, v in other.items() if v is not None]
        else:
            if self.threshold is None:
                raise ValueError("投票方式须写明通过标准（threshold）")
            wrong = [k for k, v in {**score_keys, "scores": self.scores}.items() if v is not None]
        if wrong:
            raise ValueError(f"{'、'.join(wrong)} 不用于{self.method}方式")
        return self

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(c.ref for c in self.candidates)

    @property
    def trim_or_default(self) -> int:
        return 0 if self.trim is None else self.trim

    @property
    def trim_min_or_default(self) -> int:
        return 5 if self.trim_min is None else self.trim_min


@dataclass(frozen=True)
class Rejection:
    position: str  # e.g. "scores[3]"
    message: str


@dataclass(frozen=True)
class QuorumResult:
    members: int
    present: int
    required: int | None  # None: the sheet sets no quorum
    met: bool


@dataclass
class CandidateResult:
    ref: str
    name: str
    entitled: int
    recused: tuple[str, ...]
    rank: int | None = None
    selected: bool | None = False  # None: in the runoff
    # vote
    votes: dict[str, int] | None = None
    passed: bool | None = None
    # score: the exact mean after the trim (None: no score counted)
    total: Fraction | None = None
    counted: int | None = None
    dropped: int | None = None

    @property
    def key(self) -> Fraction | int | None:
        """What ranks the candidate: its total, or its yes votes if it passed."""
        if self.votes is not None:
            return self.votes["yes"] if self.passed else None
        return self.total

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ref": self.ref,
            "name": self.name,
            "rank": self.rank,
            "entitled": self.entitled,
        }
        if self.recused:
            out["recused"] = list(self.recused)
        if self.votes is not None:
            out["votes"] = self.votes
            out["passed"] = self.passed
        else:
            out["total"] = None if self.total is None else display(self.total)
            out["counted"] = self.counted
            out["dropped"] = self.dropped
        if self.selected is not None:
            out["selected"] = self.selected
        return out


@dataclass
class TallyReport:
    method: str
    quota: int
    quorum: QuorumResult
    results: list[CandidateResult]  # in rank order, then the unranked in sheet order
    runoff: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "quota": self.quota,
            "quorum": vars(self.quorum),
            "results": [r.to_json() for r in self.results],
            "runoff": self.runoff,
            "rejected": [vars(r) for r in self.rejected],
        }


def display(value: Fraction) -> str:
    """A total for display: rounded half up to 2 places (totals are never negative)."""
    hundredths = (value * 100 + Fraction(1, 2)).__floor__()
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def loads(text: str) -> object:
    """JSON text with its numbers exactly as written (Decimal, never float); NaN and Infinity
    are read as such, so that a score written that way is rejected, not silently taken."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except ValueError as exc:
        raise SheetError(f"不是有效的JSON：{exc}") from None


def read_sheet(data: object) -> PanelSheet:
    """A panel sheet from a parsed JSON value; :class:`SheetError` says what is wrong."""
    try:
        return PanelSheet.model_validate(data)
    except ValidationError as exc:
        problems = "；".join(f"{e.field or '(根)'}：{e.message}" for e in field_errors(exc))
        raise SheetError(f"评审表无法计票：{problems}") from None


def tally(data: object) -> TallyReport:
    """The tally report of a panel sheet given as a parsed JSON value (see :func:`loads`)."""
    sheet = read_sheet(data)
    present = set(sheet.present if sheet.present is not None else sheet.members)
    refs = set(sheet.refs)
    recused = {(r.expert, r.candidate) for r in sheet.recusals}
    rejected: list[Rejection] = []
    accepted: dict[tuple[str, str], Decimal | str] = {}
    entries = sheet.scores if sheet.method == "score" else sheet.votes
    name = "scores" if sheet.method == "score" else "votes"
    for index, raw in enumerate(entries or ()):
        try:
            pair, value = _entry(sheet, raw, refs, present, recused, accepted)
        except ValueError as exc:
            rejected.append(Rejection(f"{name}[{index}]", str(exc)))
            continue
        accepted[pair] = value
    results = [_result(sheet, c.ref, c.name, present, recused, accepted) for c in sheet.candidates]
    quorum = _quorum(sheet, len(present))
    ranked = _rank(results)
    runoff = _select(ranked, sheet.quota) if quorum.met else []
    if not quorum.met:
        for result in results:
            result.selected = False
    return TallyReport(sheet.method, sheet.quota, quorum, ranked, runoff, rejected)


def tally_text(text: str) -> TallyReport:
    """The tally report of a panel sheet given as JSON text."""
    return tally(loads(text))


def _entry(
    sheet: PanelSheet,
    raw: object,
    refs: set[str],
    present: set[str],
    recused: set[tuple[str, str]],
    accepted: dict[tuple[str, str], Decimal | str],
) -> tuple[tuple[str, str], Decimal | str]:
    model = ScoreEntry if sheet.method == "score" else VoteEntry
    try:
        entry = model.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(
            "；".join(f"{e.field or '(根)'}：{e.message}" for e in field_errors(exc))
        ) from None
    expert, ref = entry.expert, entry.candidate
    what = "评分" if sheet.method == "score" else "投票"
    if expert not in sheet.members:
        raise ValueError(f"评审专家“{expert}”不是评审组成员")
    if ref not in refs:
        raise ValueError(f"候选人“{ref}”不在候选人名单中")
    if expert not in present:
        raise ValueError(f"评审专家“{expert}”未出席，其{what}不计")
    if (expert, ref) in recused:
        raise ValueError(f"评审专家“{expert}”已回避候选人“{ref}”，其{what}不计")
    if (expert, ref) in accepted:
        raise ValueError(f"评审专家“{expert}”对候选人“{ref}”的{what}重复，以第一份为准")
    if isinstance(entry, VoteEntry):
        if entry.vote not in VOTES:
            raise ValueError(f"投票“{entry.vote}”应为 yes（赞成）、no（反对）或 abstain（弃权）")
        return (expert, ref), str(entry.vote)
    return (expert, ref), _score(sheet.criteria or (), entry.criteria)


def _score(criteria: Sequence[Criterion], values: dict[str, object]) -> Decimal:
    """An expert's score of a candidate: Σ value × weight, exactly."""
    unknown = sorted(set(values) - {c.id for c in criteria})
    if unknown:
        raise ValueError(f"未知评分项：{'、'.join(unknown)}")
    total = Decimal(0)
    for criterion in criteria:
        if criterion.id not in values:
            raise ValueError(f"缺少评分项“{criterion.name}”（{criterion.id}）")
        try:
            value = exact_number(values[criterion.id])
        except ValueError as exc:
            raise ValueError(f"评分项“{criterion.name}”：{exc}") from None
        if not 0 <= value <= criterion.max:
            raise ValueError(f"评分项“{criterion.name}”得分{value}超出0～{criterion.max}分的范围")
        try:
            total = ENTRY.add(total, ENTRY.multiply(value, criterion.weight))
        except (Inexact, Rounded):
            raise ValueError(f"评分项“{criterion.name}”得分{value}位数过多，无法精确计算") from None
    return total


def _result(
    sheet: PanelSheet,
    ref: str,
    name: str,
    present: set[str],
    recused: set[tuple[str, str]],
    accepted: dict[tuple[str, str], Decimal | str],
) -> CandidateResult:
    stood_aside = tuple(e for e in sheet.members if (e, ref) in recused)
    entitled = [e for e in sheet.members if e in present and (e, ref) not in recused]
    given = [accepted[(e, ref)] for e in entitled if (e, ref) in accepted]
    result = CandidateResult(ref, name, len(entitled), stood_aside)
    if sheet.threshold is not None:
        result.votes = {v: given.count(v) for v in VOTES}
        result.passed = bool(entitled) and sheet.threshold.passes(
            result.votes["yes"], len(entitled)
        )
        return result
    scores = sorted(s for s in given if isinstance(s, Decimal))
    trim = sheet.trim_or_default if len(scores) >= sheet.trim_min_or_default else 0
    kept = scores[trim : len(scores) - trim]
    result.counted, result.dropped = len(scores), 2 * trim
    result.total = Fraction(reduce(SUM.add, kept)) / len(kept) if kept else None
    return result


def _quorum(sheet: PanelSheet, present: int) -> QuorumResult:
    members = len(sheet.members)
    if sheet.quorum is None:
        return QuorumResult(members, present, None, True)
    share = parse_share(sheet.quorum)
    required = -(-share.numerator * members // share.denominator)  # rounded up
    return QuorumResult(members, present, required, present >= required)


def _rank(results: list[CandidateResult]) -> list[CandidateResult]:
    """Ranked by key, highest first; equal keys share a rank and the next skips (1, 2, 2, 4).
    The unranked follow in sheet order, not selected."""
    keyed = [(r.key, r) for r in results if r.key is not None]
    descending = sorted((key for key, _ in keyed), reverse=True)
    for key, result in keyed:
        result.rank = 1 + descending.index(key)  # the number of keys above it, plus one
    ranked = sorted((r for _, r in keyed), key=lambda r: r.rank or 0)
    return ranked + [r for r in results if r.key is None]


def _select(ranked: list[CandidateResult], quota: int) -> list[str]:
    """Fill the quota in rank order; a rank group across the quota line goes to a runoff."""
    places = quota
    runoff: list[str] = []
    for rank in sorted({r.rank for r in ranked if r.rank is not None}):
        group = [r for r in ranked if r.rank == rank]
        if len(group) <= places:
            chosen: bool | None = True
            places -= len(group)
        elif places > 0:
            chosen, places = None, 0
            runoff = [r.ref for r in group]
        else:
            chosen = False
        for result in group:
            result.selected = chosen
    return runoff
