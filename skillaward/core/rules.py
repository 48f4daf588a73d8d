"""The rule kinds a programme file may use, each one class: its parameters and its check.

A rule in a programme file is a clause id plus one or more checks. Each check class below is
both the schema of its parameters (validated when the file loads) and the code that judges a
record. A new programme that uses these kinds needs no code; a new kind is one class here,
added to :data:`Check`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from enum import Enum
from typing import Annotated, Literal, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from skillaward.core.codes import PROFESSIONAL_TITLE_RANK, SKILL_LEVEL_RANK
from skillaward.core.facts import RETIREMENT_CATEGORY_NAMES, Facts, frozen, span_text
from skillaward.core.matching import (
    AwardMatcher,
    CompetitionMatcher,
    HonourMatcher,
    Miss,
    Window,
    core_title,
)
from skillaward.core.record import Award as RecordAward
from skillaward.core.record import (
    Channel,
    Competition,
    Expert,
    Honor,
    RecommenderType,
    SkillLevel,
    TitleLevel,
)
from skillaward.core.regions import divisions, read_region, region_code
from skillaward.core.retirement import add_months


class Status(Enum):
    MET = "met"
    UNMET = "unmet"
    REVIEW = "review"  # a person must confirm it
    NOT_APPLICABLE = "not_applicable"


class CheckResult(NamedTuple):
    status: Status
    message: str


def met(message: str) -> CheckResult:
    return CheckResult(Status.MET, message)


def unmet(message: str) -> CheckResult:
    return CheckResult(Status.UNMET, message)


class _Check(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    def evaluate(self, facts: Facts) -> CheckResult:
        raise NotImplementedError

    def reads(self, facts: Facts) -> Hashable:
        """What :meth:`evaluate` reads of the facts: equal values get the same result.

        The screener judges a check once per distinct value; by default every record is its
        own value (nothing is shared).
        """
        return facts


class RegionCheck(_Check):
    """The employer is located in the programme's area.

    ``areas`` are administrative divisions (GB/T 2260): the employer's ``region_code``, or the
    division its region names (临清市 alone is read as 聊城市临清市), must lie inside one of
    them. ``prefixes`` name places that are no division (北京经济技术开发区).
    """

    check: Literal["region"]
    areas: tuple[str, ...] = Field(min_length=1)
    prefixes: tuple[str, ...] = ()
    area: str

    @model_validator(mode="after")
    def _areas_are_divisions(self) -> RegionCheck:
        unknown = [name for name in self.areas if region_code(name) is None]
        if unknown:
            raise ValueError(f"“{'、'.join(unknown)}”不是行政区划名称")
        return self

    def reads(self, facts: Facts) -> Hashable:
        employer = facts.record.employer
        return employer.region, employer.region_code

    def evaluate(self, facts: Facts) -> CheckResult:
        employer = facts.record.employer
        region = employer.region
        codes = (
            (employer.region_code,)
            if employer.region_code is not None
            else read_region(region).codes
        )
        areas = [code for name in self.areas if (code := region_code(name)) is not None]
        inside = [c for c in codes if any(divisions().within(c, area) for area in areas)]
        if inside or region.startswith(self.prefixes):
            return met(f"工作单位所在地{region}，属于{self.area}")
        if employer.region_code is not None:
            named = divisions().full_name(employer.region_code)
            return unmet(
                f"工作单位所在地{region}（{named}，{employer.region_code}），不在{self.area}"
            )
        return unmet(f"工作单位所在地{region}，不在{self.area}")


class FrontLineCheck(_Check):
    """The applicant works on a front-line production or service post."""

    check: Literal["front_line"]
    freelancers: bool = False

    def reads(self, facts: Facts) -> Hashable:
        record = facts.record
        return record.post.title, record.post.front_line, record.freelancer

    def evaluate(self, facts: Facts) -> CheckResult:
        post = facts.record.post.title
        if facts.record.post.front_line:
            return met(f"岗位“{post}”为生产、服务一线岗位")
        if self.freelancers and facts.record.freelancer:
            return met("符合条件的自由职业者")
        return unmet(f"岗位“{post}”不是生产、服务一线岗位")


class TitleAlternative(BaseModel):
    """A professional title that may stand in for the skill level (CC3-06)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    min_level: TitleLevel
    fields: tuple[str, ...] = Field(min_length=1)


class SkillLevelCheck(_Check):
    """The skill level is at least ``min`` (以上 includes the level itself)."""

    check: Literal["skill_level"]
    min: SkillLevel
    or_title: TitleAlternative | None = None

    def reads(self, facts: Facts) -> Hashable:
        return facts.record.skill_level, frozen(facts.record.professional_title)

    def evaluate(self, facts: Facts) -> CheckResult:
        level = facts.record.skill_level
        if facts.skill_rank >= SKILL_LEVEL_RANK[self.min]:
            return met(f"职业资格等级{level}，达到{self.min}及以上")
        title = facts.record.professional_title
        alternative = self.or_title
        if (
            alternative is not None
            and title is not None
            and PROFESSIONAL_TITLE_RANK[title.level]
            >= PROFESSIONAL_TITLE_RANK[alternative.min_level]
            and title.field in alternative.fields
        ):
            return met(
                f"具有{title.field}{title.level}专业技术资格，达到{alternative.min_level}以上"
            )
        wanted = f"{self.min}及以上"
        if alternative is not None:
            fields = "、".join(alternative.fields)
            wanted += f"，或{fields}{alternative.min_level}以上专业技术资格"
        return unmet(f"职业资格等级{level}，未达到{wanted}")


class MaxAgeCheck(_Check):
    """Age in full years at the reference date is at most ``years`` (不超过/以下 include it).

    ``purpose: preference`` words it as a ranking hint (LC19-07) rather than a limit.
    """

    check: Literal["max_age"]
    years: int = Field(ge=1)
    purpose: Literal["limit", "preference"] = "limit"

    def reads(self, facts: Facts) -> Hashable:
        return facts.age

    def evaluate(self, facts: Facts) -> CheckResult:
        age = facts.age
        if self.purpose == "preference":
            if age <= self.years:
                return met(f"年龄{age}周岁，属于{self.years}周岁以下，同等条件下优先")
            return unmet(f"年龄{age}周岁，不在{self.years}周岁以下的优先范围")
        if age <= self.years:
            return met(f"年龄{age}周岁，不超过{self.years}周岁")
        return unmet(f"年龄{age}周岁，超过{self.years}周岁上限")


class RetirementDistanceCheck(_Check):
    """At least ``min_years`` before statutory retirement (以上: exactly N years passes)."""

    check: Literal["retirement_distance"]
    min_years: int = Field(ge=1)

    def reads(self, facts: Facts) -> Hashable:
        return facts.retirement_category, facts.identity.birth_date

    def evaluate(self, facts: Facts) -> CheckResult:
        retires = facts.retirement_date
        basis = RETIREMENT_CATEGORY_NAMES[facts.retirement_category]
        head = f"按{basis}计，法定退休日期{retires.isoformat()}"
        if retires <= facts.as_of:
            return unmet(f"{head}，基准日已达到法定退休年龄")
        distance = span_text(facts.as_of, retires)
        if add_months(facts.as_of, 12 * self.min_years) <= retires:
            return met(f"{head}，距退休{distance}，满{self.min_years}年")
        return unmet(f"{head}，距退休{distance}，不足{self.min_years}年")


_Item = TypeVar("_Item", Honor, Competition, RecordAward)


def weigh(
    items: Iterable[_Item],
    window: Window,
    label: Callable[[_Item], str],
    counts: Callable[[_Item], bool],
    miss: Callable[[_Item], Miss | None],
) -> tuple[list[str], list[str]]:
    """What counts (inside the window), and why each related item that does not, does not."""
    shown: list[str] = []
    reasons: list[str] = []
    for item in items:
        text = f"{label(item)}（{item.year}年）"
        if counts(item):
            why = window.why_not(item.year, item.date)
            (reasons if why else shown).append(f"{text}{why or ''}")
        elif (missed := miss(item)) is not None:
            reasons.append(missed.reason)
    return shown, reasons


def closest(misses: Iterable[Miss | None]) -> Miss | None:
    """The reason from the matcher the item came nearest to (most aspects met)."""
    found = [m for m in misses if m is not None]
    return max(found, key=lambda m: m.depth) if found else None


def weigh_honours(
    honours: Iterable[Honor], matchers: Sequence[HonourMatcher], window: Window
) -> tuple[list[str], list[str]]:
    return weigh(
        honours,
        window,
        lambda h: f"“{h.title}”",
        lambda h: any(m.matches(h) for m in matchers),
        lambda h: closest(m.miss(h) for m in matchers if m.related(h)),
    )


class HonourCheck(_Check):
    """The applicant holds (``expect: held``) or does not hold one of the named honours.

    A title held bars (``not_held``) whenever it was conferred; one that qualifies (``held``)
    counts only inside the window that ends at the reference date.
    """

    check: Literal["honour"]
    expect: Literal["held", "not_held"]
    match: tuple[HonourMatcher, ...] = Field(min_length=1)
    within_years: int | None = None

    def reads(self, facts: Facts) -> Hashable:
        return facts.honours_key

    def evaluate(self, facts: Facts) -> CheckResult:
        window = Window(facts.as_of, self.within_years)
        named = "、".join(matcher.describe() for matcher in self.match)
        if self.expect == "not_held":
            found = [
                f"“{h.title}”（{h.year}年）"
                for h in facts.honours
                if window.place(h.year, h.date) != "before"
                and any(matcher.matches(h) for matcher in self.match)
            ]
            return unmet(f"已获得{'、'.join(found)}") if found else met(f"未获得{named}")
        shown, reasons = weigh_honours(facts.honours, self.match, window)
        if shown:
            return met(f"已获得{'、'.join(shown)}")
        label = f"近{self.within_years}年内" if self.within_years else ""
        detail = f"（{'；'.join(reasons)}）" if reasons else ""
        return unmet(f"{label}未获得{named}{detail}")


class NotUnitHeadCheck(_Check):
    """Not the current head of an enterprise or institution."""

    check: Literal["not_unit_head"]

    def reads(self, facts: Facts) -> Hashable:
        return facts.record.post.unit_head, facts.record.post.title

    def evaluate(self, facts: Facts) -> CheckResult:
        if facts.record.post.unit_head:
            return unmet(f"现任企事业单位负责人（{facts.record.post.title}）")
        return met("非现任企事业单位负责人")


class NotRetiredCheck(_Check):
    """Not retired."""

    check: Literal["not_retired"]

    def reads(self, facts: Facts) -> Hashable:
        return facts.record.retired

    def evaluate(self, facts: Facts) -> CheckResult:
        return unmet("已退休") if facts.record.retired else met("未退休")


_DECLARATIONS = {
    "criminal_punishment": "受到刑事处罚",
    "ip_infringement": "侵犯知识产权",
    "serious_violation": "其他严重违反法律法规或职业道德行为",
}


class DeclarationsCheck(_Check):
    """None of the excluding circumstances is declared (XA24-07)."""

    check: Literal["declarations"]

    def reads(self, facts: Facts) -> Hashable:
        return frozen(facts.record.declarations)

    def evaluate(self, facts: Facts) -> CheckResult:
        declared = facts.record.declarations.model_dump()
        present = [text for key, text in _DECLARATIONS.items() if declared[key]]
        if present:
            return unmet(f"申报有不得参评情形：{'、'.join(present)}")
        return met(f"本人声明无{'、'.join(_DECLARATIONS.values())}")


Evidence = Literal["attest", "record", "record_or_attest", "record_and_attest"]


class Condition(BaseModel):
    """One performance condition, numbered as the notice numbers it.

    ``evidence`` says how it is shown: ``attest`` a claim a reviewer confirms; ``record`` a
    recorded honour, competition result or award; ``record_or_attest`` either; and
    ``record_and_attest`` a recorded award plus a claim a reviewer confirms.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    number: int = Field(ge=1)
    text: str
    evidence: Evidence = "attest"
    honours: tuple[HonourMatcher, ...] = ()
    competitions: tuple[CompetitionMatcher, ...] = ()
    awards: tuple[AwardMatcher, ...] = ()
    within_years: int | None = Field(default=None, ge=1)  # this condition's own 近N年

    @model_validator(mode="after")
    def _evidence_fits(self) -> Condition:
        has_matchers = bool(self.honours or self.competitions or self.awards)
        if self.evidence == "attest" and has_matchers:
            raise ValueError("evidence 为 attest 的条件不应列出 honours/competitions/awards")
        if self.evidence != "attest" and not has_matchers:
            raise ValueError(f"evidence 为 {self.evidence} 的条件须列出可核对的荣誉、竞赛或奖项")
        return self

    def weigh(self, facts: Facts, window: Window) -> tuple[list[str], list[str]]:
        """What the record shows that meets this condition, and why the rest does not."""
        record = facts.record
        shown, reasons = weigh_honours(facts.honours, self.honours, window)
        for more, why in (
            weigh(
                record.competitions,
                window,
                lambda c: f"{c.name}{c.medal or f'第{c.rank}名'}",
                lambda c: any(m.matches(c) for m in self.competitions),
                lambda c: closest(m.miss(c) for m in self.competitions),
            ),
            weigh(
                record.awards,
                window,
                lambda a: f"{a.award}{a.grade}",
                lambda a: any(m.matches(a) for m in self.awards),
                lambda a: closest(m.miss(a) for m in self.awards),
            ),
        ):
            shown += more
            reasons += why
        return shown, reasons

    def wanted(self) -> str:
        things = [m.describe() for m in (*self.honours, *self.competitions, *self.awards)]
        return "或".join(things)


class PerformanceConditionsCheck(_Check):
    """At least one of the notice's numbered performance conditions is met."""

    check: Literal["performance_conditions"]
    conditions: tuple[Condition, ...] = Field(min_length=1)
    within_years: int | None = None

    @model_validator(mode="after")
    def _numbered_in_order(self) -> PerformanceConditionsCheck:
        numbers = [c.number for c in self.conditions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"条件编号应为 1..{len(numbers)} 依次排列，实为 {numbers}")
        return self

    def reads(self, facts: Facts) -> Hashable:
        claimed = frozenset(claim.condition for claim in facts.record.conditions_claimed)
        return claimed, facts.honours_key, facts.achievements_key

    def evaluate(self, facts: Facts) -> CheckResult:
        claimed = {claim.condition for claim in facts.record.conditions_claimed}
        to_review: list[int] = []
        gaps: list[str] = []
        for condition in self.conditions:
            years = condition.within_years or self.within_years
            shown, reasons = (
                condition.weigh(facts, Window(facts.as_of, years))
                if condition.evidence != "attest"
                else ([], [])
            )
            if shown and condition.evidence in ("record", "record_or_attest"):
                return met(f"符合第{condition.number}项业绩条件：{'、'.join(shown)}")
            why = f"：{'；'.join(reasons)}" if reasons else ""
            if (shown and condition.evidence == "record_and_attest") or (
                condition.number in claimed and condition.evidence in ("attest", "record_or_attest")
            ):
                to_review.append(condition.number)
            elif condition.number in claimed:
                window = f"近{years}年内" if years else ""
                gaps.append(
                    f"申报第{condition.number}项条件，但{window}未记录{condition.wanted()}{why}"
                )
            elif reasons:
                gaps.append(f"第{condition.number}项{why}")
        unknown = sorted(claimed - {c.number for c in self.conditions})
        if unknown:
            gaps.append(f"申报的第{'、'.join(map(str, unknown))}项条件在通知中不存在")
        if to_review:
            numbers = "、".join(map(str, to_review))
            also = f"（另：{'；'.join(gaps)}）" if gaps else ""
            return CheckResult(
                Status.REVIEW, f"需人工核实：申报第{numbers}项业绩条件及其证明材料{also}"
            )
        detail = "；".join(gaps) if gaps else "未申报任何一项业绩条件"
        return unmet(f"不符合{len(self.conditions)}项业绩条件中的任何一项（{detail}）")


def _related_occupation(expert: Expert, occupation: str) -> bool:
    """Same occupation, one naming the other (数控车工, 车工), or a title in that field."""
    named = [expert.occupation or ""]
    if expert.professional_title is not None:
        named.append(expert.professional_title.field or "")
    return any(n and (n in occupation or occupation in n) for n in named)


class ExpertCosignersCheck(_Check):
    """An expert recommendation carries enough qualified experts' signed opinions (BJ6-10).

    Experts are different people: a name that signs twice counts once. An occupation that does
    not look related to the applicant's is for a person to confirm (相关职业).
    """

    check: Literal["expert_cosigners"]
    min_count: int = Field(ge=1)
    min_skill_level: SkillLevel
    min_title_level: TitleLevel

    def reads(self, facts: Facts) -> Hashable:
        record = facts.record
        return record.nomination.channel, record.occupation, frozen(record.nomination.experts)

    def evaluate(self, facts: Facts) -> CheckResult:
        record = facts.record
        nomination = record.nomination
        if nomination.channel != "expert":
            return CheckResult(Status.NOT_APPLICABLE, "非专家推荐，不适用")
        problems: list[str] = []
        unrelated: list[str] = []
        qualified: set[str] = set()
        for expert in nomination.experts:
            title = expert.professional_title
            skilled = expert.skill_level is not None and (
                SKILL_LEVEL_RANK[expert.skill_level] >= SKILL_LEVEL_RANK[self.min_skill_level]
            )
            titled = title is not None and (
                PROFESSIONAL_TITLE_RANK[title.level]
                >= PROFESSIONAL_TITLE_RANK[self.min_title_level]
            )
            person = core_title(expert.name)
            if person in qualified:
                problems.append(f"{expert.name}重复签署，只计1人")
            elif not (skilled or titled):
                problems.append(
                    f"{expert.name}不具备{self.min_skill_level}或{self.min_title_level}以上职称"
                )
            elif not expert.signed:
                problems.append(f"{expert.name}未签署推荐意见")
            else:
                qualified.add(person)
                if not _related_occupation(expert, record.occupation):
                    field = expert.occupation or (title.field if title else None) or "未填写"
                    unrelated.append(f"{expert.name}（{field}）")
        count = len(qualified)
        detail = f"（{'；'.join(problems)}）" if problems else ""
        if count < self.min_count:
            return unmet(f"具备资格并签署意见的推荐专家{count}名，不足{self.min_count}名{detail}")
        message = f"{count}名具备资格的专家联名推荐并签署意见"
        if unrelated:
            return CheckResult(
                Status.REVIEW,
                f"需人工核实：{message}，其中{'、'.join(unrelated)}的职业（工种）"
                f"与申报人的“{record.occupation}”是否相关",
            )
        return met(message)


class IndustryTagsCheck(_Check):
    """The applicant works in one of the encouraged industries (a tag, never a rejection)."""

    check: Literal["industry_tags"]
    tags: tuple[str, ...] = Field(min_length=1)
    label: str

    def reads(self, facts: Facts) -> Hashable:
        return tuple(facts.record.industry_tags)

    def evaluate(self, facts: Facts) -> CheckResult:
        hits = [tag for tag in facts.record.industry_tags if tag in self.tags]
        if hits:
            return met(f"属于{self.label}：{'、'.join(hits)}")
        return unmet(f"未标注{self.label}")


def _in(window: Window, item: Honor | Competition | RecordAward) -> bool:
    return window.place(item.year, item.date) == "in"


class TitleRenewalCheck(_Check):
    """A holder of the programme's own title is in principle not put forward again (LC19-09)."""

    check: Literal["title_renewal"]
    title: HonourMatcher
    quiet_years: int = Field(ge=1)

    def reads(self, facts: Facts) -> Hashable:
        return facts.honours_key, facts.achievements_key

    def evaluate(self, facts: Facts) -> CheckResult:
        held = [h for h in facts.honours if self.title.matches(h)]
        if not held:
            return met(f"未获得过{self.title.describe()}称号")
        latest = max(held, key=lambda h: h.year)
        as_of = facts.as_of
        if latest.term_end is not None and latest.term_end >= as_of.isoformat():
            return unmet(
                f"已获{self.title.describe()}（{latest.year}年），仍在管理期内（至{latest.term_end}）"
            )
        window = Window(as_of, self.quiet_years)
        since = as_of.year - self.quiet_years
        record = facts.record
        new = [
            *(f"“{h.title}”" for h in facts.honours if _in(window, h) and h not in held),
            *(f"{c.name}" for c in record.competitions if _in(window, c)),
            *(f"{a.award}" for a in record.awards if _in(window, a)),
            *(f"专利{p.title}" for p in record.patents if window.place(p.year) == "in"),
        ]
        if new:
            return met(
                f"原获{self.title.describe()}（{latest.year}年），近{self.quiet_years}年有新成果：{'、'.join(new)}"
            )
        return unmet(
            f"原获{self.title.describe()}（{latest.year}年），近{self.quiet_years}年（{since}年以来）未记录新的重大成果"
        )


class AttestCheck(_Check):
    """A condition the applicant declares and a reviewer confirms."""

    check: Literal["attest"]
    text: str

    def reads(self, facts: Facts) -> Hashable:
        return None

    def evaluate(self, facts: Facts) -> CheckResult:
        return CheckResult(Status.REVIEW, f"需人工核实：{self.text}")


CHANNEL_NAMES = {"unit": "单位推荐", "expert": "专家推荐", "self": "个人自荐"}
RECOMMENDER_TYPE_NAMES = {
    "district": "区人力资源社会保障局",
    "city_bureau": "市属局（总公司）、企业集团",
    "federation": "市工商联",
    "private_association": "市私营个体经济协会",
    "county": "县（市、区）人社部门",
    "city_department": "市直有关部门",
    "technical_school": "技工院校",
    "soe": "国有企业",
    "large_enterprise": "大企业",
    "sme": "中小企业",
    "trade_association": "行业协会",
    "public_institution": "事业单位",
}


class ChannelCheck(_Check):
    """The nomination uses a channel and a recommending unit type the programme allows."""

    check: Literal["channel"]
    channels: tuple[Channel, ...] = Field(min_length=1)
    recommender_types: tuple[RecommenderType, ...] = Field(min_length=1)

    def reads(self, facts: Facts) -> Hashable:
        nomination = facts.record.nomination
        return nomination.channel, nomination.recommender_type, nomination.recommender

    def evaluate(self, facts: Facts) -> CheckResult:
        nomination = facts.record.nomination
        channel = CHANNEL_NAMES[nomination.channel]
        allowed = "、".join(CHANNEL_NAMES[c] for c in self.channels)
        if nomination.channel not in self.channels:
            return unmet(f"推荐方式为{channel}，本项目只接受{allowed}")
        kind = nomination.recommender_type
        if kind is not None and kind not in self.recommender_types:
            return unmet(f"推荐单位类型“{RECOMMENDER_TYPE_NAMES[kind]}”不是本项目的归口推荐单位")
        return met(f"{channel}，推荐单位：{nomination.recommender}")


Check = Annotated[
    RegionCheck
    | FrontLineCheck
    | SkillLevelCheck
    | MaxAgeCheck
    | RetirementDistanceCheck
    | HonourCheck
    | NotUnitHeadCheck
    | NotRetiredCheck
    | DeclarationsCheck
    | PerformanceConditionsCheck
    | ExpertCosignersCheck
    | IndustryTagsCheck
    | TitleRenewalCheck
    | AttestCheck
    | ChannelCheck,
    Field(discriminator="check"),
]
