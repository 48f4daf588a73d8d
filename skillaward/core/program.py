"""Programme definitions: one YAML data file per programme, validated by this schema.

``skillaward/programs/<id>.yaml`` holds everything a notice fixes — awards, quotas, the
timeline, publicity, materials, form limits, rewards, and the rules, each under its clause id.
A mistake in a file is reported with the file, the path inside it and the reason.
"""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from skillaward.core.batch_rules import BatchRule
from skillaward.core.chain import Chain, ChainStep
from skillaward.core.record import Channel, HonourLevel, RecommenderType, field_errors
from skillaward.core.rules import ChannelCheck, Check

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "programs"
# libyaml's loader where PyYAML was built with it: parsing a programme file in C is many times
# faster than in Python, which matters to every command's start.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ClauseId = str
_CLAUSE = r"^[A-Z][A-Z0-9]*-\d{2}$"


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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
    # The chain steps (ids) whose work is due by the phase's end: the deadline on the home
    # page of whoever acts there.
    steps: tuple[str, ...] = ()

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
        ids = {step.id for step in self.chain}
        for phase in self.timeline:
            unknown_steps = sorted(set(phase.steps) - ids)
            if unknown_steps:
                raise ValueError(
                    f"阶段“{phase.name}”的 steps 引用了推荐流程中没有的步骤："
                    f"{'、'.join(unknown_steps)}"
                )
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


class Problem(NamedTuple):
    line: int | None  # 1-based line in the file, where the path leads to one
    path: str
    message: str


def _line(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """The line of the YAML node a validation error's location leads to (as deep as it goes)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == part), None)
            if found is None and isinstance(part, str):
                continue  # a tag pydantic adds (the check kind), not a key of the file
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def check_program_file(path: str | Path) -> tuple[Program | None, list[Problem]]:
    """A programme file validated: the programme, or every problem with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, [Problem(None, "", f"无法读取（{exc.strerror}）")]
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, [Problem(line, "", f"不是有效的YAML（{getattr(exc, 'problem', exc)}）")]
    try:
        return Program.model_validate(data), []
    except ValidationError as exc:
        tree = yaml.compose(text, Loader=_LOADER)  # the lines, only for a file with problems
        errors = list(zip(exc.errors(include_url=False), field_errors(exc), strict=True))
        deeper = [error["loc"] for error, _ in errors]
        return None, [
            Problem(_line(tree, error["loc"]), field.field or "(根)", field.message)
            for error, field in errors
            # a list left empty only because its items failed says nothing more
            if not (
                error["type"] == "too_short"
                and any(
                    len(d) > len(error["loc"]) and d[: len(error["loc"])] == error["loc"]
                    for d in deeper
                )
            )
        ]


def load_program_file(path: str | Path) -> Program:
    program, problems = check_program_file(path)
    if program is None:
        described = "；".join(f"{p.path}：{p.message}" if p.path else p.message for p in problems)
        raise ProgramFileError(f"{path}：{described}")
    return program


def _program_in(path: Path) -> Program:
    program = load_program_file(path)
    if program.id != path.stem:
        raise ProgramFileError(f"{path}：id “{program.id}” 应与文件名 “{path.stem}” 相同")
    return program


def _programs_in(directory: Path) -> dict[str, Program]:
    programs = {}
    for path in sorted(directory.glob("*.yaml")):
        program = _program_in(path)
        programs[program.id] = program
    return programs


@cache
def _bundled_ids() -> frozenset[str]:
    return frozenset(path.stem for path in BUNDLED_DIR.glob("*.yaml"))


@cache
def _bundled_program(program_id: str) -> Program:
    """One bundled programme, its file read only when it is asked for."""
    return _program_in(BUNDLED_DIR / f"{program_id}.yaml")


def bundled_programs() -> dict[str, Program]:
    """The programmes shipped with skillaward, by id."""
    return {program_id: _bundled_program(program_id) for program_id in sorted(_bundled_ids())}


def operator_programs() -> dict[str, Program]:
    """The operator's own programme files, in the directory ``SKILLAWARD_PROGRAMS`` names."""
    directory = os.environ.get("SKILLAWARD_PROGRAMS")
    if not directory:
        return {}
    return _operator_programs(Path(directory))


@cache
def _operator_programs(directory: Path) -> dict[str, Program]:
    if not directory.is_dir():
        raise ProgramFileError(f"SKILLAWARD_PROGRAMS：目录{directory}不存在")
    programs = _programs_in(directory)
    clash = sorted(set(programs) & set(bundled_programs()))
    if clash:
        raise ProgramFileError(f"{directory}：项目 id 与内置项目重名：{'、'.join(clash)}")
    return programs


def all_programs() -> dict[str, Program]:
    """The bundled programmes, then the operator's own."""
    return {**bundled_programs(), **operator_programs()}


def find_program(name: str) -> Program:
    """A programme by id (bundled or the operator's), or a programme file by path (.yaml/.yml)."""
    if name.endswith((".yaml", ".yml")):
        return load_program_file(name)
    if name in _bundled_ids():  # never held up by a faulty file of the operator's
        return _bundled_program(name)
    programs = all_programs()
    try:
        return programs[name]
    except KeyError:
        known = "、".join(programs)
        raise ProgramFileError(f"未知的评选项目“{name}”，可选：{known}") from None
