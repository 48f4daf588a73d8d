"""Programme definitions: one YAML data file per programme, validated by this schema.

``skillaward/programs/<id>.yaml`` holds everything a notice fixes — awards, quotas, the
timeline, publicity, materials, form limits, rewards, and the rules, each under its clause id.
A mistake in a file is reported with the file, the path inside it and the reason.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from skillaward.core.batch_rules import BatchRule
from skillaward.core.chain import Chain, ChainStep
from skillaward.core.record import Channel, HonourLevel, RecommenderType, field_errors
from skillaward.core.rules import ChannelCheck, Check

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "programs"

ClauseId = str
_CLAUSE = r"^[A-Z][A-Z0-9]*-\d{2}$"


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Award(_Part):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    title: str  # the honour conferred, as the registry records it
    quota: int | None = Field(default=None, ge=1)


class Rule(_Part):
    """One clause and the checks that judge it.

    ``on_failure`` is ``fail`` for a hard rule and ``warn`` for a soft one (原则上/优先);
    attest checks always ask a person (``review``).
    """

    clause: ClauseId = Field(pattern=_CLAUSE)
    title: str
    on_failure: Literal["fail", "warn"] = "fail"
    awards: tuple[str, ...] | None = None  # None: every award of the programme
    checks: tuple[Check, ...] = Field(min_length=1)


class Nomination(_Part):
    clause: ClauseId = Field(pattern=_CLAUSE)
    channels: tuple[Channel, ...] = Field(min_length=1)
    recommender_types: tuple[RecommenderType, ...] = Field(min_length=1)

    def as_rule(self) -> Rule:
        check = ChannelCheck(
            check="channel", channels=self.channels, recommender_types=self.recommender_types
        )
        return Rule(clause=self.clause, title="推荐方式和归口单位", checks=(check,))


class Quotas(_Part):
    clause: ClauseId = Field(pattern=_CLAUSE)
    total: int = Field(ge=1)  # awardees per edition (至多)
    candidates_per_title: int | None = Field(default=None, ge=1)  # 差额 ratio, e.g. 2 (XA24-12)


class Phase(_Part):
    id: str
    name: str
    start: date | None = None
    end: date
    clause: ClauseId | None = Field(default=None, pattern=_CLAUSE)
    submission: bool = False  # the phase whose end is the default reference date
    strict_window: bool = False  # material outside [start, end] is refused (CC3-15)

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.start is not None and self.start > self.end:
            raise ValueError(f"阶段“{self.name}”开始日期晚于结束日期")
        return self


class Publicity(_Part):
    stage: str
    name: str
    working_days: int = Field(ge=1)
    clause: ClauseId = Field(pattern=_CLAUSE)


class Material(_Part):
    id: str
    name: str
    clause: ClauseId = Field(pattern=_CLAUSE)
    formats: tuple[str, ...] = ()
    copies: str | None = None
    required: bool = True


class Photo(_Part):
    clause: ClauseId = Field(pattern=_CLAUSE)
    size: str = "二寸"
    background: Literal["blue", "red", "any"]
    formats: tuple[Literal["jpeg", "png"], ...] = ("jpeg",)


class FieldLimit(_Part):
    max_chars: int = Field(ge=1)
    clause: ClauseId = Field(pattern=_CLAUSE)
    label: str


class Reward(_Part):
    clause: ClauseId = Field(pattern=_CLAUSE)
    award: str | None = None
    text: str
    amount_yuan: int | None = None


class Program(_Part):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    short_name: str
    notice: str
    document_no: str | None = None
    authority: str
    source: str  # the seed file the programme was read from
    edition: str
    year: int = Field(ge=2000, le=2100)  # the edition's year, recorded with its awardees
    title_level: HonourLevel  # level of the honour conferred, for the registry
    term_years: int | None = Field(default=None, ge=1)  # a title held for a term (XA24-15)
    region: str
    reference_date: date | None = None  # default: end of the submission phase
    awards: tuple[Award, ...] = Field(min_length=1)
    nomination: Nomination
    quotas: Quotas
    timeline: tuple[Phase, ...] = Field(min_length=1)
    publicity: tuple[Publicity, ...] = ()
    materials: tuple[Material, ...] = ()
    photo: Photo | None = None
    field_limits: dict[str, FieldLimit] = {}
    rewards: tuple[Reward, ...] = ()
    rules: tuple[Rule, ...] = Field(min_length=1)
    batch_rules: tuple[BatchRule, ...] = ()
    chain: tuple[ChainStep, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Program:
        Chain(self.chain)  # refuses repeated steps
        stages = {p.stage for p in self.publicity}
        for step in self.chain:
            if step.kind == "panel" and step.panel is None:
                raise ValueError(
                    f"专家评审步骤“{step.title}”须写明 panel（评审组的组成和评审办法）"
                )
            if step.stage is not None and step.stage not in stages:
                raise ValueError(f"推荐流程的公示步骤“{step.stage}”在 publicity 中没有定义")
        award_ids = {award.id for award in self.awards}
        for rule in self.rules:
            unknown = set(rule.awards or ()) - award_ids
            if unknown:
                raise ValueError(
                    f"规则{rule.clause}引用了未定义的奖项：{'、'.join(sorted(unknown))}"
                )
        if self.reference_date is None and not any(p.submission for p in self.timeline):
            raise ValueError("未给出 reference_date，timeline 中也没有 submission: true 的阶段")
        return self

    @property
    def as_of(self) -> date:
        """The campaign's reference date: given, or the end of the submission phase."""
        if self.reference_date is not None:
            return self.reference_date
        return next(p.end for p in self.timeline if p.submission)

    @property
    def workflow(self) -> Chain:
        return Chain(self.chain, {p.stage: p.name for p in self.publicity})

    def publicity_for(self, stage: str) -> Publicity:
        return next(p for p in self.publicity if p.stage == stage)

    def panels(self) -> tuple[ChainStep, ...]:
        """The chain's steps decided by an expert panel, in order."""
        return tuple(step for step in self.chain if step.panel is not None)

    @property
    def award_ids(self) -> tuple[str, ...]:
        return tuple(award.id for award in self.awards)

    @property
    def award_names(self) -> dict[str, str]:
        return {award.id: award.name for award in self.awards}

    def award(self, award_id: str | None) -> Award:
        """An award by id; a single-award programme answers with its only award for None."""
        if award_id is None and len(self.awards) == 1:
            return self.awards[0]
        for award in self.awards:
            if award.id == award_id:
                return award
        raise KeyError(award_id)

    def rules_for(self, award_id: str | None) -> tuple[Rule, ...]:
        """The nomination rule, then every rule that applies to the award, in file order."""
        applicable = tuple(
            r for r in self.rules if r.awards is None or award_id is None or award_id in r.awards
        )
        return (self.nomination.as_rule(), *applicable)


class ProgramFileError(ValueError):
    """A programme file that cannot be used; the message names file, path and reason."""


def load_program_file(path: str | Path) -> Program:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProgramFileError(f"{path}：无法读取（{exc.strerror}）") from None
    except yaml.YAMLError as exc:
        raise ProgramFileError(f"{path}：不是有效的YAML（{exc}）") from None
    try:
        return Program.model_validate(data)
    except ValidationError as exc:
        problems = "；".join(f"{e.field or '(根)'}：{e.message}" for e in field_errors(exc))
        raise ProgramFileError(f"{path}：{problems}") from None


@cache
def bundled_programs() -> dict[str, Program]:
    """The programmes shipped with skillaward, by id."""
    programs = {}
    for path in sorted(BUNDLED_DIR.glob("*.yaml")):
        program = load_program_file(path)
        if program.id != path.stem:
            raise ProgramFileError(f"{path}：id “{program.id}” 应与文件名 “{path.stem}” 相同")
        programs[program.id] = program
    return programs


def find_program(name: str) -> Program:
    """A bundled programme by id, or a programme file by path (ending in .yaml or .yml)."""
    if name.endswith((".yaml", ".yml")):
        return load_program_file(name)
    try:
        return bundled_programs()[name]
    except KeyError:
        known = "、".join(bundled_programs())
        raise ProgramFileError(f"未知的评选项目“{name}”，可选：{known}") from None
