"""The recommendation chain a programme declares: its steps, who acts at each, and the order.

A programme file lists its steps under ``chain`` (each with the clause that requires it), and
an application's stage is the id of the step it waits at, or one of the stages before and
after the chain (draft, returned for correction, rejected, not selected, awarded). Nothing
here knows about the database: the web layer asks this module which stage comes next and who
may move an application out of the one it is in.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from skillaward.core.panel import PanelSpec
from skillaward.core.record import Channel

Role = Literal["applicant", "unit_staff", "recommender_staff", "office_staff", "expert", "approver"]

ROLE_NAMES: dict[Role, str] = {
    "applicant": "申报人",
    "unit_staff": "基层单位经办人",
    "recommender_staff": "推荐（归口）单位经办人",
    "office_staff": "评选办公室工作人员",
    "expert": "评审专家",
    "approver": "领导小组（审批）",
}

StepKind = Literal[
    "unit_review",
    "recommender_review",
    "recommender_submit",
    "office_review",
    "panel",
    "publicity",
    "approval",
    "announcement",
]

REVIEW_KINDS: frozenset[StepKind] = frozenset(
    {"unit_review", "recommender_review", "office_review"}
)

# Where the panel of a step sits: the city's panel step, or a recommending unit's review.
PANEL_SITS: dict[StepKind, str] = {"panel": "city", "recommender_review": "recommender"}

PublicityStage = Literal["unit", "recommender", "city", "media"]

STEP_ROLES: dict[StepKind, Role] = {
    "unit_review": "unit_staff",
    "recommender_review": "recommender_staff",
    "recommender_submit": "recommender_staff",
    "office_review": "office_staff",
    "panel": "office_staff",
    "approval": "approver",
    "announcement": "office_staff",
}

PUBLICITY_ROLES: dict[PublicityStage, Role] = {
    "unit": "unit_staff",
    "recommender": "recommender_staff",
    "city": "office_staff",
    "media": "office_staff",
}

STEP_NAMES: dict[StepKind, str] = {
    "unit_review": "所在单位审核推荐",
    "recommender_review": "推荐（归口）单位审核",
    "recommender_submit": "推荐（归口）单位排序报送",
    "office_review": "评选办公室资格审查",
    "panel": "专家评审",
    "publicity": "公示",
    "approval": "领导小组审批",
    "announcement": "公布结果",
}

# Stages outside the chain.
DRAFT = "draft"
RETURNED = "returned"
REJECTED = "rejected"
NOT_SELECTED = "not_selected"
AWARDED = "awarded"

OUTSIDE_STAGE_NAMES = {
    DRAFT: "草稿（未提交）",
    RETURNED: "退回修改",
    REJECTED: "未通过",
    NOT_SELECTED: "未入选",
    AWARDED: "已公布获评",
}

CLOSED_STAGES = frozenset({REJECTED, NOT_SELECTED, AWARDED})

# The ways out of a step a programme may declare: on to the next step of the channel's path
# (after the last one: awarded), back to the applicant, or out of the selection.
Exit = Literal["next", "returned", "rejected", "not_selected"]
EXIT_STAGES: dict[Exit, str] = {
    "returned": RETURNED,
    "rejected": REJECTED,
    "not_selected": NOT_SELECTED,
}
# What the platform's actions at each kind of step can do; a step declares some of these.
KIND_EXITS: dict[StepKind, frozenset[Exit]] = {
    "unit_review": frozenset({"next", "returned", "rejected"}),
    "recommender_review": frozenset({"next", "returned", "rejected"}),
    "office_review": frozenset({"next", "returned", "rejected"}),
    "recommender_submit": frozenset({"next"}),
    "publicity": frozenset({"next", "rejected"}),
    "panel": frozenset({"next", "not_selected"}),
    "approval": frozenset({"next", "rejected", "not_selected"}),
    "announcement": frozenset({"next"}),
}


class ChainStep(BaseModel):
    """One step: ``kind`` from the fixed list above; publicity steps name their stage."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    kind: StepKind
    clause: str = Field(pattern=r"^[A-Z][A-Z0-9]*-\d{2}$")
    name: str | None = None
    stage: PublicityStage | None = None  # publicity only: whose publicity it is
    # The legal moves out of this step (the guarded state machine: nothing else is allowed).
    exits: tuple[Exit, ...] = Field(min_length=1)
    channels: tuple[Channel, ...] | None = None  # None: every channel passes this step
    # Review steps only: passing needs the collective decision's record uploaded (CC3-08) …
    decision_record: bool = False
    # … or, for a self-nominee, the external investigation recorded, under this clause (BJ6-12).
    investigation: str | None = Field(default=None, pattern=r"^[A-Z][A-Z0-9]*-\d{2}$")
    # The expert panel that decides at this step: the city's (a panel step) or a recommending
    # unit's experts (its review step, e.g. LC19-10); the programme requires one on each panel.
    panel: PanelSpec | None = None

    @model_validator(mode="after")
    def _publicity_has_stage(self) -> ChainStep:
        if (self.kind == "publicity") != (self.stage is not None):
            raise ValueError("公示步骤须写明 stage（unit/recommender/city/media），其他步骤不写")
        if (self.decision_record or self.investigation) and self.kind not in REVIEW_KINDS:
            raise ValueError("decision_record 和 investigation 只用于审核步骤")
        if "next" not in self.exits:
            raise ValueError("exits 须包含 next（通过后进入下一步）")
        unknown = sorted(set(self.exits) - KIND_EXITS[self.kind])
        if unknown:
            allowed = "、".join(sorted(KIND_EXITS[self.kind]))
            raise ValueError(f"{self.kind} 步骤不能转到 {'、'.join(unknown)}（可用：{allowed}）")
        if self.panel is not None:
            sits = PANEL_SITS.get(self.kind)
            if sits is None:
                raise ValueError("panel 只用于专家评审步骤和推荐（归口）单位审核步骤")
            if self.panel.sits != sits:
                raise ValueError(f"{STEP_NAMES[self.kind]}步骤的专家评审应写 sits: {sits}")
        return self

    @property
    def id(self) -> str:
        return f"publicity_{self.stage}" if self.kind == "publicity" else self.kind

    @property
    def role(self) -> Role:
        if self.stage is not None:
            return PUBLICITY_ROLES[self.stage]
        return STEP_ROLES[self.kind]

    @property
    def title(self) -> str:
        return self.name or STEP_NAMES[self.kind]

    def applies_to(self, channel: Channel) -> bool:
        return self.channels is None or channel in self.channels


class Chain:
    """The steps of one programme, in order; answers what comes after a stage."""

    def __init__(
        self, steps: tuple[ChainStep, ...], publicity_names: dict[str, str] | None = None
    ) -> None:
        ids = [step.id for step in steps]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"推荐流程中步骤重复：{'、'.join(duplicated)}")
        self.steps = steps
        self._by_id = {step.id: step for step in steps}
        self._publicity_names = publicity_names or {}

    def title(self, step: ChainStep) -> str:
        """The step's name: its own, else its publicity's name, else the kind's."""
        if step.name is None and step.stage in self._publicity_names:
            return self._publicity_names[step.stage]
        return step.title

    def step(self, stage: str) -> ChainStep | None:
        return self._by_id.get(stage)

    def investigation_step(self) -> ChainStep | None:
        """The review step that needs a self-nominee's external investigation (BJ6-12), if any."""
        return next((step for step in self.steps if step.investigation), None)

    def path(self, channel: Channel) -> tuple[ChainStep, ...]:
        """The steps an application of this channel passes, in order."""
        return tuple(step for step in self.steps if step.applies_to(channel))

    def first_stage(self, channel: Channel) -> str:
        path = self.path(channel)
        return path[0].id if path else AWARDED

    def next_stage(self, stage: str, channel: Channel) -> str:
        """The stage after ``stage`` on the channel's path; after the last step, awarded."""
        ids = [step.id for step in self.path(channel)]
        if stage not in ids:
            raise ValueError(f"“{stage_name(self, stage)}”不在该推荐方式的流程中")
        position = ids.index(stage)
        return ids[position + 1] if position + 1 < len(ids) else AWARDED

    def moves(self, stage: str, channel: Channel) -> frozenset[str]:
        """The stages an application of ``channel`` at ``stage`` may move to, and no other:
        a draft or a returned application to the first step, a step to its declared exits."""
        if stage in (DRAFT, RETURNED):
            return frozenset({self.first_stage(channel)})
        step = self.step(stage)
        if step is None or not step.applies_to(channel):
            return frozenset()
        return frozenset(
            self.next_stage(stage, channel) if exit == "next" else EXIT_STAGES[exit]
            for exit in step.exits
        )

    def reached(self, stage: str, step_id: str, channel: Channel) -> bool:
        """Whether an application at ``stage`` has reached (or passed) the step ``step_id``."""
        if stage == AWARDED:
            return True
        ids = [step.id for step in self.path(channel)]
        if stage not in ids or step_id not in ids:
            return False
        return ids.index(stage) >= ids.index(step_id)

    def role_at(self, stage: str) -> Role | None:
        """Who moves an application out of ``stage`` (the applicant for drafts and returns)."""
        if stage in (DRAFT, RETURNED):
            return "applicant"
        step = self.step(stage)
        return step.role if step else None


def stage_name(chain: Chain, stage: str) -> str:
    step = chain.step(stage)
    if step is not None:
        return chain.title(step)
    return OUTSIDE_STAGE_NAMES.get(stage, stage)
