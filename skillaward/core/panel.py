"""Expert panels as a programme file declares them, and a campaign's adjustments.

A ``panel`` step of the chain (or a recommending unit's review done by experts) carries a
``panel:`` block: where the panel sits, its minimum size, its grouping, its method (scores on
criteria, or a yes/no/abstain ballot with its threshold), its quorum and its trim. Every
setting names the clause that fixes it, or says ``default: true`` where the notice is silent
and the common rule applies (quorum 2/3 of the members; pass at 2/3 or more of the experts
entitled to vote; one highest and one lowest score dropped when at least 5 count). A setting
also says how far a campaign may move it (``adjust``); :func:`panel_settings` applies a
campaign's adjustments and refuses, in Chinese, what the file does not allow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

_CLAUSE = r"^[A-Z][A-Z0-9]*-\d{2}$"
_SHARE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$|^\s*1\s*$")

# The common rule where a notice is silent.
COMMON_QUORUM = "2/3"
COMMON_TRIM, COMMON_TRIM_MIN = 1, 5


def parse_share(value: object) -> Fraction:
    """A share of a body, written as a fraction string (``"2/3"``, or ``"1"``): 0 < share ≤ 1."""
    if not isinstance(value, str) or not _SHARE.match(value):
        raise ValueError(f"比例“{value}”应写成分数，如“2/3”")
    share = Fraction(value.replace(" ", ""))
    if not 0 < share <= 1:
        raise ValueError(f"比例“{value}”应大于0且不超过1")
    return share


def exact_number(value: object) -> Decimal:
    """A finite number given exactly (an int or a Decimal, never a float, text or bool)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        if isinstance(value, str) and not_finite(value):
            raise ValueError(f"“{value}”不是有限数值")
        if isinstance(value, float):
            raise ValueError(f"{value}应以精确的十进制数给出")
        raise ValueError(f"“{value}”不是数字")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"“{value}”不是有限数值")
    return number


_NOT_FINITE = frozenset({"nan", "inf", "infinity", "snan"})


def not_finite(text: str) -> bool:
    """Whether ``text`` spells NaN or an infinity (signed or not, any case)."""
    return text.strip().lower().lstrip("+-") in _NOT_FINITE


ExactNumber = Annotated[Decimal, BeforeValidator(exact_number)]


def _share_text(value: object) -> object:
    parse_share(value)
    return value


Share = Annotated[str, BeforeValidator(_share_text)]  # a fraction string, kept as written


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _Sourced(_Part):
    """Where a setting comes from: the clause that fixes it, or the common rule (``default``)."""

    clause: str | None = Field(default=None, pattern=_CLAUSE)
    default: bool = False
    note: str | None = None  # how a silent or ambiguous notice was read

    @model_validator(mode="after")
    def _one_source(self) -> _Sourced:
        if (self.clause is None) == (not self.default):
            raise ValueError(
                "须写明依据的条款（clause），或注明通知未规定、采用通用规则（default: true）"
            )
        return self

    @property
    def source(self) -> str:
        return self.clause or "通知未规定，按通用规则"


class Members(_Sourced):
    """The fewest experts the panel may have (LC19-10: 7); a campaign may appoint more."""

    min: int = Field(ge=1)


class Grouping(_Part):
    """Group review by occupation or industry, then (``deliberation``) one review over all."""

    clause: str = Field(pattern=_CLAUSE)
    by: Literal["occupation", "industry", "occupation_or_industry"]
    deliberation: bool = True


class Quorum(_Sourced):
    share: Share = COMMON_QUORUM
    adjust: Literal["fixed", "stricter", "any"] = "fixed"


class Threshold(_Sourced):
    """Pass at ``at_least`` (以上: the share itself passes) or ``more_than`` (过半数) a share of
    the experts entitled to vote on the candidate."""

    at_least: Share | None = None
    more_than: Share | None = None
    adjust: Literal["fixed", "stricter", "any"] = "fixed"

    @model_validator(mode="after")
    def _one_share(self) -> Threshold:
        if (self.at_least is None) == (self.more_than is None):
            raise ValueError("通过标准须写 at_least（以上）或 more_than（超过）之一")
        return self

    @property
    def strict(self) -> bool:
        return self.more_than is not None

    @property
    def share(self) -> Fraction:
        return parse_share(self.more_than if self.more_than is not None else self.at_least)

    def at_least_as_strict_as(self, other: Threshold) -> bool:
        if self.share != other.share:
            return self.share > other.share
        return self.strict or not other.strict

    def sheet(self) -> dict[str, str]:
        if self.more_than is not None:
            return {"more_than": self.more_than}
        assert self.at_least is not None
        return {"at_least": self.at_least}

    def describe(self) -> str:
        word = "超过" if self.strict else "达到"
        return (
            f"{word}有表决权专家的{self.more_than or self.at_least}{'' if self.strict else '以上'}"
        )


class Trim(_Sourced):
    """Drop ``drop`` highest and as many lowest scores when at least ``min_scores`` count."""

    drop: int = Field(default=COMMON_TRIM, ge=0)
    min_scores: int = Field(default=COMMON_TRIM_MIN, ge=1)
    adjust: Literal["fixed", "any"] = "fixed"

    @model_validator(mode="after")
    def _leaves_scores(self) -> Trim:
        if self.min_scores <= 2 * self.drop:
            raise ValueError(
                f"去掉最高和最低各{self.drop}个评分后须至少余1个：min_scores 应大于{2 * self.drop}"
            )
        return self


class Criterion(_Part):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    max: ExactNumber = Field(gt=0)
    weight: ExactNumber = Field(default=Decimal(1), gt=0)


class ScoreMethod(_Sourced):
    """Scores on criteria; the source is that of the criteria, their maxima and weights."""

    kind: Literal["score"]
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    trim: Trim

    @model_validator(mode="after")
    def _unique_criteria(self) -> ScoreMethod:
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError("评分项 id 重复")
        return self


class VoteMethod(_Part):
    kind: Literal["vote"]
    threshold: Threshold


class PanelSpec(_Part):
    """One panel as the programme file declares it."""

    sits: Literal["recommender", "city"]
    members: Members
    groups: Grouping | None = None  # None: one panel reviews every candidate together
    method: Annotated[ScoreMethod | VoteMethod, Field(discriminator="kind")]
    quorum: Quorum

    def describe(self) -> str:
        """The panel as a person reads it, each setting with its source."""
        parts = [
            SITS_NAMES[self.sits],
            f"评审专家不少于{self.members.min}人（{self.members.source}）",
        ]
        if self.groups is not None:
            then = "，再综合评议" if self.groups.deliberation else ""
            parts.append(f"按{GROUP_NAMES[self.groups.by]}分组评审{then}（{self.groups.clause}）")
        method = self.method
        if isinstance(method, ScoreMethod):
            criteria = "、".join(
                f"{c.name}{c.max}分" + (f"×{c.weight}" if c.weight != 1 else "")
                for c in method.criteria
            )
            parts.append(f"评分：{criteria}（{method.source}）")
            trim = method.trim
            if trim.drop:
                parts.append(
                    f"有效评分{trim.min_scores}个以上时去掉{trim.drop}个最高分和"
                    f"{trim.drop}个最低分（{trim.source}）"
                )
        else:
            threshold = method.threshold
            parts.append(f"投票：赞成票{threshold.describe()}为通过（{threshold.source}）")
        parts.append(f"出席不少于应到人数的{self.quorum.share}（{self.quorum.source}）")
        return "；".join(parts)


SITS_NAMES = {"recommender": "推荐（归口）单位组织", "city": "评选办公室组织"}
GROUP_NAMES = {
    "occupation": "职业（工种）",
    "industry": "行业",
    "occupation_or_industry": "职业或行业",
}


class ThresholdChange(_Part):
    at_least: Share | None = None
    more_than: Share | None = None


class TrimChange(_Part):
    drop: int = Field(ge=0)
    min_scores: int = Field(ge=1)


class PanelAdjustment(_Part):
    """What a campaign changes in its programme's panel; what it leaves out stays as filed."""

    members: int | None = Field(default=None, ge=1)  # the number of experts appointed
    quorum: Share | None = None
    threshold: ThresholdChange | None = None
    trim: TrimChange | None = None


class PanelAdjustmentError(ValueError):
    """A campaign's adjustment the programme file does not allow; the message says why."""


@dataclass(frozen=True)
class PanelSettings:
    """A campaign's panel: the programme's declaration with the campaign's adjustments."""

    spec: PanelSpec
    members: int  # the number to appoint (at least the file's minimum)
    quorum: Quorum
    threshold: Threshold | None  # vote
    trim: Trim | None  # score

    def sheet_rules(self) -> dict[str, Any]:
        """The panel sheet's rule keys (interchange.md): method, quorum, criteria and trim, or
        threshold. The platform adds quota, members, candidates, recusals and the scores."""
        method = self.spec.method
        rules: dict[str, Any] = {"method": method.kind, "quorum": self.quorum.share}
        if isinstance(method, ScoreMethod):
            assert self.trim is not None
            rules["criteria"] = [c.model_dump() for c in method.criteria]
            rules["trim"] = self.trim.drop
            rules["trim_min"] = self.trim.min_scores
        else:
            assert self.threshold is not None
            rules["threshold"] = self.threshold.sheet()
        return rules


def panel_settings(spec: PanelSpec, adjustment: PanelAdjustment | None = None) -> PanelSettings:
    """The campaign's panel settings; :class:`PanelAdjustmentError` for what the file forbids."""
    change = adjustment or PanelAdjustment()
    members = spec.members.min if change.members is None else change.members
    if members < spec.members.min:
        raise PanelAdjustmentError(
            f"评审专家不得少于{spec.members.min}人（{spec.members.source}），本次为{members}人"
        )
    quorum = spec.quorum
    if change.quorum is not None:
        quorum = _adjusted_quorum(spec.quorum, change.quorum)
    method = spec.method
    threshold = trim = None
    if isinstance(method, VoteMethod):
        threshold = method.threshold
        if change.threshold is not None:
            threshold = _adjusted_threshold(threshold, change.threshold)
    elif change.threshold is not None:
        raise PanelAdjustmentError("该评审采用评分方式，没有投票通过标准可调整")
    if isinstance(method, ScoreMethod):
        trim = method.trim
        if change.trim is not None:
            trim = _adjusted_trim(trim, change.trim)
    elif change.trim is not None:
        raise PanelAdjustmentError("该评审采用投票方式，没有去掉最高分、最低分的规则可调整")
    return PanelSettings(spec, members, quorum, threshold, trim)


def _adjusted_quorum(filed: Quorum, share: str) -> Quorum:
    new = parse_share(share)
    if filed.adjust == "fixed" and new != parse_share(filed.share):
        raise PanelAdjustmentError(
            f"出席人数比例由项目文件规定为{filed.share}（{filed.source}），不可调整"
        )
    if filed.adjust == "stricter" and new < parse_share(filed.share):
        raise PanelAdjustmentError(
            f"出席人数比例不得低于{filed.share}（{filed.source}），本次为{share}"
        )
    return filed.model_copy(update={"share": share})


def _adjusted_threshold(filed: Threshold, change: ThresholdChange) -> Threshold:
    try:
        new = Threshold(
            default=True, at_least=change.at_least, more_than=change.more_than, adjust=filed.adjust
        )
    except ValueError:
        raise PanelAdjustmentError(
            "通过标准须写 at_least（以上）或 more_than（超过）之一"
        ) from None
    same = new.share == filed.share and new.strict == filed.strict
    if filed.adjust == "fixed" and not same:
        raise PanelAdjustmentError(
            f"通过标准由项目文件规定为{filed.describe()}（{filed.source}），不可调整"
        )
    if filed.adjust == "stricter" and not new.at_least_as_strict_as(filed):
        raise PanelAdjustmentError(
            f"通过标准不得低于{filed.describe()}（{filed.source}），本次为{new.describe()}"
        )
    return filed.model_copy(update={"at_least": new.at_least, "more_than": new.more_than})


def _adjusted_trim(filed: Trim, change: TrimChange) -> Trim:
    if filed.adjust == "fixed" and (change.drop, change.min_scores) != (
        filed.drop,
        filed.min_scores,
    ):
        raise PanelAdjustmentError(
            f"去掉最高分、最低分的规则由项目文件规定（{filed.source}），不可调整"
        )
    try:
        Trim(default=True, drop=change.drop, min_scores=change.min_scores)
    except ValueError:
        raise PanelAdjustmentError(
            f"去掉最高和最低各{change.drop}个评分后须至少余1个：min_scores 应大于{2 * change.drop}"
        ) from None
    return filed.model_copy(update={"drop": change.drop, "min_scores": change.min_scores})
