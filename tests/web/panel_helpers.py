"""Panels on the platform, built through the real services: a pool, candidates at a panel
step, a panel with its members drawn, sheets given.

``pool(w, n)`` adds ``n`` experts to the office's pool; ``candidates(w, n)`` puts ``n``
applications at the city panel step (by audited transitions, :func:`at_stage` ``plain``);
``drawn(w, ...)`` forms the award's panel and draws its members.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from skillaward.campaigns.models import Application
from skillaward.panels.models import Expert, Member, Panel, Round
from skillaward.panels.services import (
    expert_save,
    panel_create,
    panel_draw,
    round_open,
    sheet_save,
    sheet_submit,
)
from tests.web.chain_helpers import at_stage
from tests.web.factories import World


def pool(
    w: World, n: int, *, occupations: Sequence[str] = ("车工",), start: int = 0
) -> list[Expert]:
    return [
        expert_save(
            office=w.office,
            actor=w.account("office_staff"),
            name=f"专家{i}",
            occupations=list(occupations),
            level="高级技师",
            work_unit=f"专家单位{i}",
            phone=f"139{i:08d}",
        ).expert
        for i in range(start, start + n)
    ]


def candidates(
    w: World, n: int, *, stage: str = "panel", first: int = 20, **options: Any
) -> list[Application]:
    return [at_stage(w, stage, plain=True, serial=first + i, **options) for i in range(n)]


def drawn(
    w: World,
    *,
    size: int = 5,
    reserves: int = 2,
    step_id: str = "panel",
    seed: str = "s1",
    **create: Any,
) -> Panel:
    assert w.campaign is not None
    actor = w.account(create.pop("actor", "office_staff"))
    panel = panel_create(
        campaign=w.campaign,
        step_id=step_id,
        award_id=w.campaign.program.awards[0].id,
        actor=actor,
        **create,
    )
    panel_draw(panel=panel, size=size, reserves=reserves, actor=actor, seed=seed)
    panel.refresh_from_db()
    return panel


def members(panel: Panel) -> list[Member]:
    return list(
        panel.members.filter(active=True).select_related("expert__account").order_by("order")
    )


def opened(w: World, panel: Panel, actor: str = "office_staff") -> Round:
    return round_open(panel=panel, actor=w.account(actor))


def give(member: Member, application: Application, **values: Any) -> None:
    """The member's sheet for the candidate, saved and submitted."""
    account = member.expert.account
    sheet_save(member=member, application=application, actor=account, **values)
    sheet_submit(member=member, application=application, actor=account)


HEADERS = ["姓名", "职业（工种）/专业领域", "技能等级/职称", "工作单位", "地区", "手机号"]


def xlsx(*rows: list[object], headers: list[str] = HEADERS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["聊城市首席技师评审专家名单"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("专家名单.xlsx", buffer.getvalue())
