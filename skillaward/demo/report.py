"""What the operator is told once the demo is built: the campaigns with where their candidates
wait, the particular cases, and an account of every role of every region to log in with."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from skillaward.core import chain
from skillaward.demo.builder import Demo
from skillaward.demo.data import ACCOUNTS
from skillaward.registry.models import Awardee


def account_table(demo: Demo) -> list[str]:
    """One account of every role of every region: the ones to log in with."""
    seen: set[tuple[str, str]] = set()
    rows = [("地区", "角色", "用户名", "密码", "姓名", "所在组织")]
    ordered = sorted(demo.accounts, key=lambda a: (a.region, ACCOUNTS.order.index(a.role)))
    for item in ordered:
        user = item.account
        if (item.region, item.role) in seen:
            continue
        seen.add((item.region, item.role))
        rows.append(
            (
                item.region,
                user.get_role_display(),
                user.username,
                ACCOUNTS.password,
                user.full_name,
                str(user.organisation),
            )
        )
    return _table(rows)


def campaign_lines(demo: Demo) -> list[str]:
    lines = []
    for campaign in demo.campaigns:
        window = campaign.submission_phase()
        start = f"{window.start:%Y-%m-%d} 至 " if window.start else "截至 "
        state = "受理中" if campaign.accepts_material_on(demo.today) else "已截止"
        stages = Counter(a.stage for a in campaign.applications.all())
        workflow = campaign.workflow
        order = [
            chain.DRAFT,
            chain.RETURNED,
            *(s.id for s in workflow.path("unit")),
            *sorted(chain.CLOSED_STAGES),
        ]
        counts = "，".join(
            f"{chain.stage_name(workflow, stage)}{stages[stage]}人"
            for stage in order
            if stages[stage]
        )
        lines.append(f"{campaign.name}：申报{start}{window.end:%Y-%m-%d}（{state}）")
        lines.append(f"    {counts}")
    registry = Counter(Awardee.objects.values_list("office__region", flat=True))
    lines.append("\n获评人员库：" + "，".join(f"{r}{n}人" for r, n in sorted(registry.items())))
    lines.append("\n值得一看的情形：")
    lines += [f"  · {note}" for note in demo.notes]
    return lines


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]
