"""Expert review on the platform: the pool, panels, the draw, recusal, sheets, the tally.

Who runs a panel is whoever acts at its chain step: the office's staff for a city panel, the
recommending unit's staff for the panel of its review (LC19-10). Every function is atomic,
writes its audit entry and refuses, in Chinese (:class:`ActionRefused`), what it does not allow;
nothing is half-saved.

Grouped panels (BJ6-16, ``groups`` in the programme file) are read this way: one panel per
occupation or industry group (``group`` its name) reviews the candidates of that group; when
it finishes, the candidates it does not select leave the selection (not selected), the others
stay at the step. The comprehensive deliberation is the panel with ``group == ""``: it opens
only once every group panel of the step has finished, over every candidate still waiting (all
of whom passed a group), fills the award's quota and moves each candidate through the chain.

At a recommending unit's review (a ``recommender_review`` step, which has no ``not_selected``
exit), a candidate the panel does not select is not recommended: rejected at that step, with
the panel's result as the reason; the selected go on to the next step.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from skillaward.audit.models import AuditEntry
from skillaward.audit.services import audit_record
from skillaward.audit.vocabulary import Action
from skillaward.base.errors import ActionRefused, require_acceptable_text
from skillaward.campaigns.models import Application, Campaign
from skillaward.campaigns.workflow import transition
from skillaward.core import chain
from skillaward.core.draw import DrawError, PoolExpert, draw, new_seed
from skillaward.core.panel import (
    PanelAdjustment,
    PanelAdjustmentError,
    not_finite,
    panel_settings,
)
from skillaward.core.tally import VOTES, SheetError, TallyReport, tally
from skillaward.documents.errors import DocumentError
from skillaward.documents.experts import COLUMNS, LIMITS, read_expert_list
from skillaward.documents.importer import RowError
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.permissions import (
    acts_at,
    is_office_staff,
    office_of,
    subtree,
)
from skillaward.organisations.services import HashedPassword, account_create
from skillaward.panels.models import Draw, Expert, Member, Panel, Recusal, Round, Sheet
from skillaward.panels.selectors import (
    active_members,
    min_members,
    open_candidates,
    outcome,
    panel_quota,
    panel_step,
    pending_runoff,
    round_sheet,
    shortage,
    siblings,
    stored_rules,
    waiting_candidates,
)
from skillaward.review.selectors import over_cap

Reason = Recusal.Reason
DECLARED_REASONS = (
    Reason.KINSHIP,
    Reason.TEACHER_APPRENTICE,
    Reason.COLLABORATION,
    Reason.OTHER,
)
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


# --- the pool (评审专家库) -----------------------------------------------------------------


@dataclass(frozen=True)
class ExpertAccount:
    """An expert and, when their account was just created, its initial password."""

    expert: Expert
    password: str | None = None


class ExpertListRefused(ActionRefused):
    """The list has problems: each one by row and column; nothing was imported."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        shown = "；".join(str(e) for e in self.errors[:10])
        more = f"等{len(self.errors)}处" if len(self.errors) > 10 else ""
        super().__init__(f"专家名单有错误，未导入任何专家：{shown}{more}")


@dataclass
class ImportResult:
    created: list[ExpertAccount] = field(default_factory=list)


def _require_office(actor: Account, office: Organisation) -> None:
    mine = office_of(actor)
    if not is_office_staff(actor) or mine is None or mine.pk != office.pk:
        raise ActionRefused("只有本评选办公室的工作人员可以管理评审专家库")


def _new_username(office: Organisation) -> str:
    taken = set(
        Account.objects.filter(username__startswith=f"expert{office.pk}-").values_list(
            "username", flat=True
        )
    )
    number = len(taken) + 1
    while f"expert{office.pk}-{number:03d}" in taken:
        number += 1
    return f"expert{office.pk}-{number:03d}"


def _expert_fields(expert: Expert) -> dict[str, object]:
    return {
        "name": expert.name,
        "occupations": list(expert.occupations),
        "level": expert.level,
        "work_unit": expert.work_unit,
        "work_unit_org": expert.work_unit_org_id,
        "region_code": expert.region_code,
        "phone": expert.phone,
        "active": expert.active,
    }


def _unit_in(office: Organisation, name: str) -> Organisation | None:
    """The organisation of the office's tree named ``name`` (for automatic recusal)."""
    if not name:
        return None
    return subtree(office.pk).filter(name=name).order_by("id").first()


def _create_expert(
    office: Organisation,
    actor: Account,
    action: Action,
    values: Mapping[str, Any],
    hashed: HashedPassword | None = None,
) -> ExpertAccount:
    password = None if hashed is not None else secrets.token_urlsafe(9)
    account = account_create(
        organisation=office,
        role=Account.Role.EXPERT,
        username=_new_username(office),
        password=hashed or password or "",
        actor=actor,
        full_name=values["name"],
        phone=values.get("phone", ""),
    )
    expert = Expert.objects.create(office=office, account=account, **values)
    audit_record(expert, actor=actor, action=action, after=_expert_fields(expert))
    return ExpertAccount(expert, password)


@transaction.atomic
def expert_import(*, office: Organisation, file: IO[bytes], actor: Account) -> ImportResult:
    """The office's Excel list of experts into the pool, each with a new account and its
    initial password; any problem (by row and column) and nothing is imported."""
    _require_office(actor, office)
    try:
        listed = read_expert_list(file)
    except DocumentError as exc:
        raise ActionRefused(str(exc)) from None
    errors = list(listed.errors)
    known = dict(Expert.objects.filter(office=office).values_list("phone", "name"))
    for row in listed.rows:
        if row.phone in known:
            errors.append(
                RowError(
                    row.row, "", "手机号", f"手机号{row.phone}已是专家库中“{known[row.phone]}”的"
                )
            )
    if errors:
        raise ExpertListRefused(sorted(errors, key=lambda e: (e.row, e.column)))
    result = ImportResult()
    for row in listed.rows:
        values = {
            "name": row.name,
            "occupations": list(row.occupations),
            "level": row.level,
            "work_unit": row.work_unit,
            "work_unit_org": _unit_in(office, row.work_unit),
            "region_code": row.region_code,
            "phone": row.phone,
        }
        result.created.append(_create_expert(office, actor, Action.EXPERT_IMPORT, values))
    return result


EXPERT_FIELDS = (
    "name",
    "occupations",
    "level",
    "work_unit",
    "work_unit_org",
    "region_code",
    "phone",
)


@transaction.atomic
def expert_save(
    *,
    office: Organisation,
    actor: Account,
    expert: Expert | None = None,
    password: HashedPassword | None = None,
    **fields: Any,
) -> ExpertAccount:
    """Add an expert to the pool by hand (with a new account: its initial password generated,
    or the one given already hashed), or change one's details."""
    _require_office(actor, office)
    unknown = sorted(set(fields) - set(EXPERT_FIELDS))
    if unknown:
        raise ActionRefused(f"专家信息中没有这些项：{'、'.join(unknown)}")
    values: dict[str, Any] = {}
    for name in EXPERT_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name == "occupations":
            value = [str(o).strip() for o in value if str(o).strip()]
        elif name != "work_unit_org":
            value = str(value or "").strip()
        values[name] = value
    require_acceptable_text(values)
    for key, limit in (LIMITS | {"region_code": 60}).items():
        if len(values.get(key, "")) > limit:
            raise ActionRefused(f"{COLUMNS.get(key, '地区')}不超过{limit}字")
    name = values.get("name", expert.name if expert else "")
    if not name:
        raise ActionRefused("请填写专家姓名")
    if not values.get("occupations", expert.occupations if expert else []):
        raise ActionRefused("请填写专家的职业（工种）或专业领域")
    phone = values.get("phone", expert.phone if expert else "")
    if phone and not re.fullmatch(r"1\d{10}", phone):
        raise ActionRefused(f"“{phone}”不是11位手机号码")
    unit = values.get("work_unit_org")
    if unit is not None and unit.office.pk != office.pk:
        raise ActionRefused("工作单位不在本评选办公室的组织中")
    same_phone = Expert.objects.filter(office=office, phone=phone)
    if expert is not None:
        same_phone = same_phone.exclude(pk=expert.pk)
    if phone and same_phone.exists():
        raise ActionRefused(f"手机号{phone}已是专家库中另一位专家的")
    if expert is None:
        if "work_unit_org" not in values:
            values["work_unit_org"] = _unit_in(office, values.get("work_unit", ""))
        return _create_expert(office, actor, Action.EXPERT_SAVE, values, password)
    if expert.office_id != office.pk:
        raise ActionRefused("该专家不在本评选办公室的专家库中")
    stored = {k: (v.pk if isinstance(v, Organisation) else v) for k, v in values.items()}
    current = {k: getattr(expert, k + "_id" if k == "work_unit_org" else k) for k in stored}
    after = {k: v for k, v in stored.items() if current[k] != v}
    before = {k: current[k] for k in after}
    if not after:
        raise ActionRefused("专家信息没有变化")
    for key, value in values.items():
        setattr(expert, key, value)
    expert.save()
    audit_record(expert, actor=actor, action=Action.EXPERT_SAVE, before=before, after=after)
    return ExpertAccount(expert)


@transaction.atomic
def expert_active_set(*, expert: Expert, active: bool, actor: Account) -> Expert:
    """Keep an expert in the draws (active) or out of them; their past panels stay."""
    _require_office(actor, expert.office)
    if expert.active == active:
        raise ActionRefused("该专家已可抽取" if active else "该专家已停用")
    expert.active = active
    expert.save(update_fields=["active"])
    audit_record(
        expert,
        actor=actor,
        action=Action.EXPERT_ACTIVATE if active else Action.EXPERT_DEACTIVATE,
        before={"active": not active},
        after={"active": active},
    )
    return expert


# --- panels --------------------------------------------------------------------------------


def _require_runner(
    actor: Account, campaign: Campaign, step: chain.ChainStep, recommender_id: int | None
) -> None:
    """The actor acts at the step, for the campaign's office or the panel's recommending unit."""
    office = office_of(actor)
    ours = (
        office is not None and office.pk == campaign.office_id
        if recommender_id is None
        else actor.organisation_id == recommender_id
    )
    if not acts_at(actor, step) or not ours:
        raise ActionRefused(f"“{step.title}”的专家评审应由{chain.ROLE_NAMES[step.role]}组织")


def _lock(panel: Panel) -> Panel:
    return (
        Panel.objects.select_for_update(of=("self",))
        .select_related("campaign", "recommender")
        .get(pk=panel.pk)
    )


def _runner(panel: Panel, actor: Account, *statuses: str) -> tuple[Panel, chain.ChainStep]:
    """The panel again, locked, if the actor runs it and it is in one of ``statuses``."""
    panel = _lock(panel)
    step = panel_step(panel)
    _require_runner(actor, panel.campaign, step, panel.recommender_id)
    if statuses and panel.status not in statuses:
        raise ActionRefused(f"评审组当前为“{panel.get_status_display()}”状态，不能进行此操作")
    return panel, step


@transaction.atomic
def panel_create(
    *,
    campaign: Campaign,
    step_id: str,
    award_id: str,
    actor: Account,
    recommender: Organisation | None = None,
    group: str = "",
    adjustment: PanelAdjustment | None = None,
) -> Panel:
    """A panel for one award at a panel step, with the programme's settings as the campaign
    adjusts them (within what the file allows); a grouped step has one per group (``group``)
    and one for the comprehensive deliberation (``group`` empty)."""
    step = campaign.workflow.step(step_id)
    if step is None or step.panel is None:
        raise ActionRefused("本项目的推荐流程中该环节不由专家评审")
    spec = step.panel
    try:
        award = campaign.program.award(award_id)
    except KeyError:
        raise ActionRefused("本项目没有该奖项") from None
    if spec.sits == "recommender":
        if recommender is None or recommender.parent_id != campaign.office_id:
            raise ActionRefused("请选择组织专家评审的推荐（归口）单位")
    elif recommender is not None:
        raise ActionRefused("该环节的专家评审由评选办公室组织，不属于推荐单位")
    _require_runner(actor, campaign, step, recommender.pk if recommender else None)
    group = group.strip()
    require_acceptable_text(group)
    if len(group) > 60:
        raise ActionRefused("评审组名称不超过60字")
    if spec.groups is None and group:
        raise ActionRefused(f"“{step.title}”不分组评审")
    if spec.groups is not None and not group and not spec.groups.deliberation:
        raise ActionRefused(f"请写明评审组（{spec.groups.clause}）")
    try:
        settings = panel_settings(spec, adjustment)
    except PanelAdjustmentError as exc:
        raise ActionRefused(str(exc)) from None
    if Panel.objects.filter(
        campaign=campaign, step_id=step.id, award_id=award.id, recommender=recommender, group=group
    ).exists():
        raise ActionRefused(f"{award.name}的“{group or step.title}”评审组已经组建")
    panel = Panel.objects.create(
        campaign=campaign,
        step_id=step.id,
        award_id=award.id,
        recommender=recommender,
        group=group,
        settings={
            "members": settings.members,
            "min": spec.members.min,
            "min_source": spec.members.source,
            "rules": stored_rules(settings.sheet_rules()),
            "adjustment": (adjustment or PanelAdjustment()).model_dump(exclude_none=True),
        },
        created_by=actor,
    )
    audit_record(
        panel,
        actor=actor,
        action=Action.PANEL_CREATE,
        clause=spec.groups.clause if group and spec.groups else step.clause,
        after={"step": step.id, "award_id": award.id, "group": group, "settings": panel.settings},
    )
    return panel


# --- automatic recusal ---------------------------------------------------------------------


def _norm(text: object) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def _automatic_reasons(
    expert: Expert, application: Application, handlers: set[int]
) -> list[tuple[str, str]]:
    """Why the expert stands aside for the candidate, automatically: same work unit, the
    recommending unit, a co-signer of the expert recommendation (BJ6-10; the record's expert
    rows carry no unit, so the name decides), a staff account that handled the application."""
    reasons: list[tuple[str, str]] = []
    unit = _norm(expert.work_unit)
    employer = _norm((application.data.get("employer") or {}).get("name"))
    if (expert.work_unit_org_id and expert.work_unit_org_id == application.unit_id) or (
        unit and unit == employer
    ):
        reasons.append((Reason.WORK_UNIT, f"与候选人同在“{expert.work_unit or employer}”"))
    if (expert.work_unit_org_id and expert.work_unit_org_id == application.recommender_id) or (
        unit and unit == _norm(application.recommender.name)
    ):
        reasons.append((Reason.RECOMMENDER, f"就职于推荐单位“{application.recommender.name}”"))
    cosigners = (application.data.get("nomination") or {}).get("experts") or []
    if any(_norm(row.get("name")) == _norm(expert.name) for row in cosigners):
        reasons.append((Reason.COSIGNER, "是该候选人的推荐专家（BJ6-10）"))
    if expert.account_id in handlers:
        reasons.append((Reason.HANDLER, "经办过该申报"))
    return reasons


def _auto_recuse(
    panel: Panel, members: Sequence[Member], candidates: Sequence[Application], actor: Account
) -> list[Recusal]:
    """Record the automatic recusals of ``members`` for ``candidates`` not yet recorded; a
    recusal the expert declared on another panel of the campaign (a group, before the
    deliberation) holds here too."""
    ids = [a.pk for a in candidates]
    declared = {
        (expert_id, application_id): (code, reason)
        for expert_id, application_id, code, reason in Recusal.objects.filter(
            member__expert__in=[m.expert_id for m in members],
            application__in=ids,
            automatic=False,
            panel__campaign=panel.campaign_id,
        )
        .exclude(panel=panel)
        .values_list("member__expert_id", "application_id", "reason_code", "reason")
    }
    handled: dict[int, set[int]] = {}
    for subject_id, actor_id in AuditEntry.objects.filter(
        subject_type=Application._meta.label_lower, subject_id__in=ids, actor__isnull=False
    ).values_list("subject_id", "actor_id"):
        handled.setdefault(subject_id, set()).add(actor_id)
    existing = set(
        Recusal.objects.filter(member__in=members, application__in=ids).values_list(
            "member_id", "application_id"
        )
    )
    made = []
    for member in members:
        for application in candidates:
            if (member.pk, application.pk) in existing:
                continue
            reasons = _automatic_reasons(
                member.expert, application, handled.get(application.pk, set())
            )
            earlier = declared.get((member.expert_id, application.pk))
            if earlier is not None:
                reasons.insert(0, (earlier[0], f"已在本次评选的其他评审组声明：{earlier[1]}"))
            if reasons:
                made.append(
                    Recusal(
                        panel=panel,
                        member=member,
                        application=application,
                        automatic=True,
                        reason_code=reasons[0][0],
                        reason="；".join(text for _, text in reasons)[:200],
                        actor=actor,
                    )
                )
    Recusal.objects.bulk_create(made)
    if made:
        audit_record(
            panel,
            actor=actor,
            action=Action.RECUSAL_AUTO,
            after={
                "recusals": [
                    {
                        "member": r.member_id,
                        "application": r.application_id,
                        "reason": r.reason_code,
                    }
                    for r in made
                ]
            },
        )
    return made


# --- the draw, hand-picked members, reserves ----------------------------------------------


def _pool_snapshot(panel: Panel, exclude: set[int]) -> list[PoolExpert]:
    experts = Expert.objects.filter(
        office=panel.campaign.office_id, active=True, account__is_active=True
    ).exclude(pk__in=exclude)
    return [PoolExpert(e.pk, tuple(e.occupations)) for e in experts.order_by("id")]


@transaction.atomic
def panel_draw(
    *,
    panel: Panel,
    size: int,
    reserves: int,
    actor: Account,
    seed: str | None = None,
    occupations: Sequence[str] = (),
) -> Draw:
    """Draw ``size`` members and ``reserves`` reserves at random from the office's active
    experts (those of ``occupations``, if given); a second draw before the review starts
    replaces the drawn members and reserves (hand-picked members stay). The seed, the pool as
    it stood and the result are kept to replay it; automatic recusals are recorded."""
    panel, step = _runner(panel, actor, Panel.Status.FORMING)
    picked = list(panel.members.filter(kind=Member.Kind.PICKED))
    needed, source = min_members(panel)
    if size + len(picked) < needed:
        raise ActionRefused(
            f"评审专家不得少于{needed}人（{source}），本次抽取{size}人"
            + (f"、指定{len(picked)}人" if picked else "")
        )
    if reserves < 0:
        raise ActionRefused("备选人数不得为负数")
    occupations = [o.strip() for o in occupations if o.strip()]
    seed = (seed or "").strip() or new_seed()
    require_acceptable_text(seed, occupations)
    if len(seed) > 64:
        raise ActionRefused("随机种子不超过64个字符")
    snapshot = _pool_snapshot(panel, {m.expert_id for m in picked})
    try:
        result = draw(snapshot, seed=seed, size=size, reserves=reserves, occupations=occupations)
    except DrawError as exc:
        raise ActionRefused(str(exc)) from None
    earlier = list(panel.members.exclude(kind=Member.Kind.PICKED).order_by("order"))
    if earlier:
        Recusal.objects.filter(member__in=earlier).delete()
        Member.objects.filter(pk__in=[m.pk for m in earlier]).delete()
    record = Draw.objects.create(
        panel=panel,
        seed=seed,
        pool=[e.to_json() for e in snapshot],
        filter=occupations,
        size=size,
        reserves=reserves,
        result=result.order,
        actor=actor,
    )
    start = max((m.order for m in picked), default=0)
    experts = Expert.objects.in_bulk(result.order)
    members = [
        Member.objects.create(
            panel=panel,
            expert=experts[expert_id],
            kind=Member.Kind.DRAWN if index < size else Member.Kind.RESERVE,
            order=start + index + 1,
            active=index < size,
        )
        for index, expert_id in enumerate(result.order)
    ]
    audit_record(
        panel,
        actor=actor,
        action=Action.PANEL_REDRAW if earlier else Action.PANEL_DRAW,
        clause=step.clause,
        before={"members": [m.expert_id for m in earlier]} if earlier else None,
        after={
            "draw": record.pk,
            "seed": seed,
            "filter": occupations,
            "size": size,
            "reserves": reserves,
            "pool": len(snapshot),
            "result": result.order,
        },
    )
    _auto_recuse(panel, members, waiting_candidates(panel), actor)
    return record


def _expert_for(panel: Panel, expert: Expert) -> Expert:
    if expert.office_id != panel.campaign.office_id:
        raise ActionRefused("该专家不在本评选办公室的专家库中")
    if not expert.active:
        raise ActionRefused(f"专家“{expert}”已停用，不能参加评审")
    if panel.members.filter(expert=expert).exists():
        raise ActionRefused(f"专家“{expert}”已是该评审组成员")
    return expert


@transaction.atomic
def member_pick(*, panel: Panel, expert: Expert, reason: str, actor: Account) -> Member:
    """Appoint a member by hand (not drawn), with the reason, before the review starts."""
    panel, step = _runner(panel, actor, Panel.Status.FORMING)
    reason = reason.strip()
    require_acceptable_text(reason)
    if not reason:
        raise ActionRefused("请填写指定该专家的理由")
    expert = _expert_for(panel, expert)
    order = 1 + max(panel.members.values_list("order", flat=True), default=0)
    member = Member.objects.create(
        panel=panel, expert=expert, kind=Member.Kind.PICKED, order=order, replaced_reason=""
    )
    audit_record(
        panel,
        actor=actor,
        action=Action.MEMBER_PICK,
        reason=reason,
        clause=step.clause,
        after={"member": member.pk, "expert": expert.pk},
    )
    _auto_recuse(panel, [member], waiting_candidates(panel), actor)
    return member


@transaction.atomic
def reserve_call(
    *, panel: Panel, actor: Account, reason: str, member: Member | None = None
) -> Member:
    """Bring in the next reserve, in draw order: in place of ``member`` (who leaves the panel,
    with the reason), or because the panel has fallen below its minimum (:func:`shortage`).
    A closed panel calls one in only for a runoff that recusals would leave short."""
    panel, step = _runner(
        panel, actor, Panel.Status.FORMING, Panel.Status.SCORING, Panel.Status.CLOSED
    )
    tied = pending_runoff(panel) if panel.status == Panel.Status.CLOSED else []
    if panel.status == Panel.Status.CLOSED and (not tied or member is not None):
        raise ActionRefused("评审已结束计票，只能为并列人选的再次评审递补备选专家")
    reason = reason.strip()
    require_acceptable_text(reason)
    if not reason:
        raise ActionRefused("请填写递补的原因")
    if member is not None:
        if member.panel_id != panel.pk or not member.active:
            raise ActionRefused("被替换的专家不是该评审组的在任成员")
    elif shortage(panel, tied or None) is None:
        raise ActionRefused("评审组人数已足（含回避后的人数），无需递补")
    reserve = (
        panel.members.filter(kind=Member.Kind.RESERVE, active=False, replaced_reason="")
        .select_related("expert")
        .order_by("order")
        .first()
    )
    if reserve is None:
        raise ActionRefused("备选专家已用完，请重新抽取或指定专家")
    if member is not None:
        member.active = False
        member.replaced_reason = reason[:200]
        member.save(update_fields=["active", "replaced_reason"])
    reserve.active = True
    reserve.save(update_fields=["active"])
    audit_record(
        panel,
        actor=actor,
        action=Action.RESERVE_CALL,
        reason=reason,
        clause=step.clause,
        after={"reserve": reserve.pk, "replaces": member.pk if member else None},
    )
    _auto_recuse(panel, [reserve], tied or open_candidates(panel), actor)
    return reserve


# --- declared recusal ----------------------------------------------------------------------


def _candidate_of(panel: Panel, application: Application) -> bool:
    in_rounds = Round.objects.filter(panel=panel, candidates=application).exists()
    return in_rounds or application.pk in {a.pk for a in waiting_candidates(panel)}


@transaction.atomic
def recusal_declare(
    *, member: Member, application: Application, reason_code: str, reason: str, actor: Account
) -> Recusal:
    """The expert stands aside for a candidate (kinship, teacher and apprentice, collaboration
    in the last three years, other), with the reason, before giving any score or vote for them;
    from then on they see nothing of the candidate and are out of every count for it."""
    member = Member.objects.select_related("panel__campaign", "expert").get(pk=member.pk)
    panel = _lock(member.panel)
    if actor.pk != member.expert.account_id:
        raise ActionRefused("回避须由评审专家本人声明")
    if not member.active or panel.status not in (Panel.Status.FORMING, Panel.Status.SCORING):
        raise ActionRefused("您不是该评审组正在评审的成员，不能声明回避")
    if reason_code not in DECLARED_REASONS:
        names = "、".join(Reason(code).label for code in DECLARED_REASONS)
        raise ActionRefused(f"请选择回避原因（{names}）")
    reason = reason.strip()
    require_acceptable_text(reason)
    if not reason:
        raise ActionRefused("请说明回避的具体情况")
    if len(reason) > 200:
        raise ActionRefused(f"回避说明限200字以内，现有{len(reason)}字")
    if not _candidate_of(panel, application):
        raise ActionRefused("该人选不在本评审组的评审名单中")
    if Recusal.objects.filter(member=member, application=application).exists():
        raise ActionRefused(f"您已回避“{application.name}”")
    if Sheet.objects.filter(member=member, application=application).exists():
        raise ActionRefused(f"您已对“{application.name}”填写过评分或投票，不能再声明回避")
    recusal = Recusal.objects.create(
        panel=panel,
        member=member,
        application=application,
        automatic=False,
        reason_code=reason_code,
        reason=reason,
        actor=actor,
    )
    audit_record(
        panel,
        actor=actor,
        action=Action.RECUSAL_DECLARE,
        reason=reason,
        clause=panel_step(panel).clause,
        after={"member": member.pk, "application": application.pk, "reason_code": reason_code},
    )
    return recusal


# --- rounds --------------------------------------------------------------------------------


def _require_members(panel: Panel, candidates: Sequence[Application], actor: Account) -> None:
    if not candidates:
        raise ActionRefused("没有等待该评审组评审的人选")
    _auto_recuse(panel, active_members(panel), candidates, actor)
    short = shortage(panel, candidates)
    if short is not None:
        raise ActionRefused(f"{short}，请递补备选专家后再开始评审")


@transaction.atomic
def round_open(*, panel: Panel, actor: Account) -> Round:
    """Start the review: the first round over the panel's candidates, once it has enough
    members for every candidate after recusal. A deliberation waits for every group."""
    panel, step = _runner(panel, actor, Panel.Status.FORMING)
    spec = step.panel
    assert spec is not None
    if spec.groups is not None and not panel.group:
        groups = siblings(panel).exclude(pk=panel.pk).order_by("id")
        unfinished = [g.group for g in groups if g.status != Panel.Status.FINISHED]
        if not groups.exists() or unfinished:
            said = "、".join(unfinished) if unfinished else "尚未组建分组"
            raise ActionRefused(f"分组评审结束后才能综合评议（{spec.groups.clause}）：{said}")
    candidates = waiting_candidates(panel)
    _require_members(panel, candidates, actor)
    opened = Round.objects.create(panel=panel, number=1, quota=panel_quota(panel, candidates))
    opened.candidates.set(candidates)
    panel.status = Panel.Status.SCORING
    panel.save(update_fields=["status"])
    audit_record(
        opened,
        actor=actor,
        action=Action.ROUND_OPEN,
        clause=step.clause,
        after={"candidates": [a.pk for a in candidates], "quota": opened.quota},
    )
    return opened


def _lock_round(round: Round) -> Round:
    return (
        Round.objects.select_for_update(of=("self",))
        .select_related("panel__campaign")
        .get(pk=round.pk)
    )


@transaction.atomic
def round_close(*, round: Round, actor: Account) -> TallyReport:
    """Close the round and tally it (:func:`core.tally.tally` over :func:`round_sheet`);
    refused while fewer members than the quorum have taken part."""
    panel, step = _runner(round.panel, actor, Panel.Status.SCORING)
    current = _lock_round(round)
    if current.status != Round.Status.OPEN:
        raise ActionRefused("本轮评审已经结束")
    try:
        report = tally(round_sheet(current))
    except SheetError as exc:
        raise ActionRefused(str(exc)) from None
    quorum = report.quorum
    if not quorum.met:
        raise ActionRefused(
            f"参加评审的专家{quorum.present}人，不足应到{quorum.members}人的"
            f"{panel.settings['rules']['quorum']}（须至少{quorum.required}人），不能结束本轮评审"
        )
    current.status = Round.Status.CLOSED
    current.closed_at = timezone.now()
    current.tally = report.to_json()
    current.save(update_fields=["status", "closed_at", "tally"])
    panel.status = Panel.Status.CLOSED
    panel.save(update_fields=["status"])
    audit_record(
        current,
        actor=actor,
        action=Action.ROUND_CLOSE,
        clause=step.clause,
        after={"tally": current.tally},
    )
    return report


@transaction.atomic
def runoff_open(*, round: Round, actor: Account) -> Round:
    """A new round among the candidates tied at the quota line only, for the places left."""
    panel, step = _runner(round.panel, actor, Panel.Status.CLOSED)
    current = _lock_round(round)
    report: dict[str, Any] = current.tally or {}
    tied = report.get("runoff") or []
    if current.status != Round.Status.CLOSED or not tied:
        raise ActionRefused("本轮评审没有并列于名额线上的人选，无需再次评审")
    if current.runoffs.exists():
        raise ActionRefused("已为本轮的并列人选组织过再次评审")
    chosen = len([r for r in report["results"] if r.get("selected") is True])
    candidates = list(Application.objects.filter(pk__in=[int(ref) for ref in tied]))
    _require_members(panel, candidates, actor)
    number = 1 + max(panel.rounds.values_list("number", flat=True), default=0)
    runoff = Round.objects.create(
        panel=panel, number=number, runoff_of=current, quota=current.quota - chosen
    )
    runoff.candidates.set(candidates)
    panel.status = Panel.Status.SCORING
    panel.save(update_fields=["status"])
    audit_record(
        runoff,
        actor=actor,
        action=Action.RUNOFF_OPEN,
        clause=step.clause,
        after={"runoff_of": current.pk, "candidates": tied, "quota": runoff.quota},
    )
    return runoff


# --- sheets --------------------------------------------------------------------------------


def _sheet_place(member: Member, application: Application, actor: Account) -> tuple[Member, Round]:
    """The expert's own member row and the open round in which they review ``application``."""
    member = Member.objects.select_related("panel__campaign", "expert").get(pk=member.pk)
    if actor.pk != member.expert.account_id:
        raise ActionRefused("评分和投票须由评审专家本人填写")
    if not member.active:
        raise ActionRefused("您已不是该评审组的在任成员")
    current = member.panel.rounds.filter(status=Round.Status.OPEN).first()
    if current is None:
        raise ActionRefused("该评审组当前没有进行中的评审")
    current = _lock_round(current)
    if not current.candidates.filter(pk=application.pk).exists():
        raise ActionRefused("该人选不在本轮评审名单中")
    if Recusal.objects.filter(member=member, application=application).exists():
        raise ActionRefused(f"您已回避“{application.name}”，不能评分或投票")
    return member, current


def _number(name: str, value: object, maximum: Decimal) -> str:
    """A score as typed (text, int or Decimal) as an exact decimal string within 0 … max."""
    if isinstance(value, bool | float):
        raise ActionRefused(f"评分项“{name}”：请以数字填写")
    text = str(value).strip() if value is not None else ""
    if not text:
        raise ActionRefused(f"请填写评分项“{name}”的得分")
    if not_finite(text):
        raise ActionRefused(f"评分项“{name}”：“{text}”不是有限数值")
    if len(text) > 12 or not NUMBER.fullmatch(text):
        raise ActionRefused(f"评分项“{name}”：“{text[:20]}”不是数字")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ActionRefused(f"评分项“{name}”：“{text}”不是数字") from None
    if not 0 <= number <= maximum:
        raise ActionRefused(f"评分项“{name}”得分{text}超出0～{maximum}分的范围")
    return str(number)


def _values(
    panel: Panel,
    criteria: Mapping[str, object] | None,
    vote: str | None,
    *,
    complete: bool,
) -> tuple[dict[str, str] | None, str]:
    rules = panel.settings["rules"]
    if rules["method"] == "score":
        if vote:
            raise ActionRefused("本评审采用评分方式，不投票")
        given = dict(criteria or {})
        defined = {c["id"]: c for c in rules["criteria"]}
        unknown = sorted(set(given) - set(defined))
        if unknown:
            raise ActionRefused(f"未知评分项：{'、'.join(unknown)}")
        checked = {}
        for cid, criterion in defined.items():
            value = given.get(cid)
            if value is None or (isinstance(value, str) and not value.strip()):
                if complete:
                    raise ActionRefused(f"请填写评分项“{criterion['name']}”的得分")
                continue
            checked[cid] = _number(criterion["name"], value, Decimal(str(criterion["max"])))
        return checked, ""
    if criteria:
        raise ActionRefused("本评审采用投票方式，不评分")
    vote = (vote or "").strip()
    if vote and vote not in VOTES:
        raise ActionRefused("投票须为赞成、反对或弃权")
    if complete and not vote:
        raise ActionRefused("请选择赞成、反对或弃权")
    return None, vote


def _sheet_fields(sheet: Sheet) -> dict[str, object]:
    return {
        "version": sheet.version,
        "status": sheet.status,
        "criteria": sheet.criteria,
        "vote": sheet.vote,
        "comment": sheet.comment,
    }


def _comment(comment: str) -> str:
    comment = comment.strip()
    require_acceptable_text(comment)
    if len(comment) > 1000:
        raise ActionRefused(f"评审意见限1000字以内，现有{len(comment)}字")
    return comment


@transaction.atomic
def sheet_save(
    *,
    member: Member,
    application: Application,
    actor: Account,
    criteria: Mapping[str, object] | None = None,
    vote: str | None = None,
    comment: str = "",
) -> Sheet:
    """Save the expert's draft score sheet or ballot for a candidate (it may be incomplete)."""
    member, current = _sheet_place(member, application, actor)
    values, ballot = _values(member.panel, criteria, vote, complete=False)
    comment = _comment(comment)
    sheet = Sheet.objects.filter(
        round=current, member=member, application=application, current=True
    ).first()
    if sheet is not None and sheet.status == Sheet.Status.SUBMITTED:
        raise ActionRefused(
            f"您对“{application.name}”的评审意见已经提交，每名人选只有一份；如需更正请说明理由"
        )
    if sheet is None:
        sheet = Sheet(round=current, member=member, application=application)
    sheet.criteria, sheet.vote, sheet.comment = values, ballot, comment
    sheet.save()
    audit_record(sheet, actor=actor, action=Action.SHEET_SAVE, after=_sheet_fields(sheet))
    return sheet


@transaction.atomic
def sheet_submit(*, member: Member, application: Application, actor: Account) -> Sheet:
    """Submit the draft: complete, then locked (only a correction with its reason changes it)."""
    member, current = _sheet_place(member, application, actor)
    sheet = (
        Sheet.objects.select_for_update(of=("self",))
        .filter(round=current, member=member, application=application, current=True)
        .first()
    )
    if sheet is None:
        raise ActionRefused(f"请先填写对“{application.name}”的评分或投票")
    if sheet.status == Sheet.Status.SUBMITTED:
        raise ActionRefused(f"您对“{application.name}”的评审意见已经提交")
    _values(member.panel, sheet.criteria, sheet.vote, complete=True)
    sheet.status = Sheet.Status.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["status", "submitted_at", "saved_at"])
    audit_record(sheet, actor=actor, action=Action.SHEET_SUBMIT, after=_sheet_fields(sheet))
    return sheet


@transaction.atomic
def sheet_correct(
    *,
    member: Member,
    application: Application,
    actor: Account,
    reason: str,
    criteria: Mapping[str, object] | None = None,
    vote: str | None = None,
    comment: str = "",
) -> Sheet:
    """Correct a submitted sheet before the round closes: a new submitted version with the
    reason; the earlier one is kept."""
    member, current = _sheet_place(member, application, actor)
    reason = reason.strip()
    require_acceptable_text(reason)
    if not reason:
        raise ActionRefused("请填写更正的理由")
    if len(reason) > 200:
        raise ActionRefused(f"更正理由限200字以内，现有{len(reason)}字")
    earlier = (
        Sheet.objects.select_for_update(of=("self",))
        .filter(round=current, member=member, application=application, current=True)
        .first()
    )
    if earlier is None or earlier.status != Sheet.Status.SUBMITTED:
        raise ActionRefused("只有已提交的评审意见需要更正，草稿可直接修改")
    values, ballot = _values(member.panel, criteria, vote, complete=True)
    comment = _comment(comment)
    earlier.current = False
    earlier.save(update_fields=["current"])
    sheet = Sheet.objects.create(
        round=current,
        member=member,
        application=application,
        version=earlier.version + 1,
        status=Sheet.Status.SUBMITTED,
        criteria=values,
        vote=ballot,
        comment=comment,
        reason=reason,
        submitted_at=timezone.now(),
    )
    audit_record(
        sheet,
        actor=actor,
        action=Action.SHEET_CORRECT,
        reason=reason,
        before=_sheet_fields(earlier),
        after=_sheet_fields(sheet),
    )
    return sheet


# --- the result ----------------------------------------------------------------------------


def _line_text(award: str, line: Mapping[str, Any]) -> str:
    rank = f"第{line['rank']}名，" if line.get("rank") else ""
    if "votes" in line:
        votes = line["votes"]
        return f"{award}专家评审{rank}赞成{votes['yes']}票，有表决权{line['entitled']}人"
    total = line.get("total")
    return f"{award}专家评审{rank}得分{total if total is not None else '无'}"


@transaction.atomic
def panel_finish(*, panel: Panel, summary: File[bytes] | None, actor: Account) -> Panel:
    """Finish the panel with its signed summary: each candidate selected moves on, each not
    selected leaves the selection (at a recommending unit's review: not recommended, rejected);
    a group panel passes its selected on to the deliberation (see the module docstring)."""
    panel, step = _runner(panel, actor, Panel.Status.CLOSED)
    rounds = list(panel.rounds.order_by("number"))
    if not rounds:
        raise ActionRefused("评审组尚未开始评审")
    pending = [r for r in rounds if (r.tally or {}).get("runoff") and not r.runoffs.exists()]
    if pending:
        raise ActionRefused("名额线上有并列人选，须先对并列人选再次评审")
    if summary is None:
        raise ActionRefused("请上传全体评审专家签字的评审结果汇总表")
    selected, lines = outcome(panel)
    program = panel.campaign.program
    applications = list(
        Application.objects.filter(pk__in=list(selected)).select_related("campaign")
    )
    if not panel.group:
        over = over_cap(program, [a for a in applications if selected[a.pk]])
        if over:
            raise ActionRefused(over)
    award = program.award(panel.award_id).name
    panel.summary.save(summary.name or "summary", summary, save=False)
    panel.status = Panel.Status.FINISHED
    panel.save(update_fields=["summary", "status"])
    audit_record(
        panel,
        actor=actor,
        action=Action.PANEL_FINISH,
        clause=step.clause,
        after={
            "selected": sorted(a for a, s in selected.items() if s),
            "not_selected": sorted(a for a, s in selected.items() if not s),
        },
        document=panel.summary,
    )
    workflow = panel.campaign.workflow
    grouped = bool(panel.group)
    for application in sorted(applications, key=lambda a: a.pk):
        chosen = selected[application.pk]
        text = _line_text(award, lines[application.pk])
        if grouped and chosen:
            continue  # on to the comprehensive deliberation, at the same step
        if chosen:
            to_stage = workflow.next_stage(step.id, application.channel)
        elif step.kind == "panel":
            to_stage = chain.NOT_SELECTED
        else:
            to_stage = chain.REJECTED
            text = f"专家评议未获推荐：{text}"
        transition(
            application,
            actor=actor,
            action=Action.PANEL_SELECTED if chosen else Action.PANEL_NOT_SELECTED,
            to_stage=to_stage,
            expected_stage=step.id,
            reason=text,
            clause=step.clause,
        )
    return panel
