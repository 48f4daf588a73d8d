"""The registry of awardees: entries written at announcement or imported from past editions,
and the honours screening reads from it (BJ24-03, BJ6-06, LC19-09; the database of XA24-16).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from django.db import models, transaction
from django.utils import timezone

from skillaward.audit.services import audit_record
from skillaward.audit.vocabulary import Action
from skillaward.base.errors import ActionRefused, require_acceptable_text
from skillaward.core import chain
from skillaward.core.program import find_program
from skillaward.core.registry import RegistryError, parse_json_values, registry_honours
from skillaward.organisations.models import Account, Organisation
from skillaward.registry.models import Awardee
from skillaward.registry.selectors import registry_office, term_end


class Announced(Protocol):
    """An application at its announcement, as the registry reads it (the model is a floor up)."""

    @property
    def pk(self) -> Any: ...
    @property
    def stage(self) -> str: ...
    @property
    def stage_name(self) -> str: ...
    @property
    def id_number(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def award_id(self) -> str: ...
    @property
    def data(self) -> dict[str, Any]: ...

    @property
    def campaign(self) -> Any: ...


@transaction.atomic
def awardee_register(*, application: Announced, actor: Account) -> Awardee:
    """Enter an announced application's holder in the registry, once; audited.

    Called by the announcement step, before or after it moves the application to awarded.
    """
    office = registry_office(actor)
    campaign = application.campaign
    if campaign.office_id != office.pk:
        raise ActionRefused("只能登记本评选办公室的获评人员")
    if application.stage not in ("announcement", chain.AWARDED):
        raise ActionRefused(
            f"该申报当前处于“{application.stage_name}”环节，公布结果时才能登记为获评人员"
        )
    if Awardee.objects.filter(application_id=application.pk).exists():
        raise ActionRefused(f"{application.name}已登记在获评人员库中")
    program = campaign.program
    now = timezone.now()
    awardee = Awardee.objects.create(
        office=office,
        campaign=campaign,
        application_id=application.pk,
        id_number=application.id_number,
        name=application.name,
        unit_name=str((application.data.get("employer") or {}).get("name") or "")[:120],
        title=program.award(application.award_id).title,
        level=program.title_level,
        year=program.year,
        term_end=term_end(program.term_years, timezone.localdate(now)),
        announced_at=now,
    )
    assert isinstance(application, models.Model)  # the campaigns' Application
    audit_record(
        application,
        actor=actor,
        stage=application.stage,
        action="awardee_register",
        reason=f"登记为“{awardee.title}”获评人员（{awardee.year}年）",
    )
    return awardee


@transaction.atomic
def registry_import(
    *,
    actor: Account,
    path: str | Path | None = None,
    rows: Iterable[Any] | None = None,
) -> int:
    """Import a past edition's awardees (JSON Lines or a JSON array, as ``core.registry``
    reads them, from ``path``; or the parsed ``rows``). All or nothing; an entry already in
    the office's registry (same person, title and year) is skipped. Answers how many were added.
    """
    office = registry_office(actor)
    if (path is None) == (rows is None):
        raise ActionRefused("请提供一个获评人员名单文件")
    try:
        if path is not None:
            values = parse_json_values(_utf8_text(Path(path)))
        else:
            values = list(enumerate(rows or (), start=1))
        entries = [_awardee(line, value, office) for line, value in values]
    except RegistryError as exc:
        raise ActionRefused(f"获评人员名单有误：{exc}") from None
    existing = set(Awardee.objects.filter(office=office).values_list("id_number", "title", "year"))
    added = []
    for entry in entries:
        key = (entry.id_number, entry.title, entry.year)
        if key not in existing:
            existing.add(key)
            added.append(entry)
    Awardee.objects.bulk_create(added)
    audit_record(
        office,
        actor=actor,
        action=Action.REGISTRY_IMPORT,
        after={
            "added": len(added),
            "skipped": len(entries) - len(added),
            "file": Path(path).name if path is not None else "",
        },
    )
    return len(added)


def _utf8_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegistryError(
            f"文件不是UTF-8编码的文本（第{exc.start + 1}个字节无法识别），"
            "请在编辑器中另存为UTF-8编码后再导入"
        ) from None


def _awardee(line: int, value: object, office: Organisation) -> Awardee:
    try:
        require_acceptable_text(value)
    except ActionRefused as exc:
        raise RegistryError(f"第{line}条：{exc}") from None
    ((person, (honour,)),) = registry_honours([(line, value)], find_program).items()
    details: dict[str, Any] = value if isinstance(value, dict) else {}
    return Awardee(
        office=office,
        id_number=person,
        name=str(details.get("name") or "")[:60],
        unit_name=str((details.get("employer") or {}).get("name") or "")[:120],
        title=honour.title,
        level=honour.level,
        year=honour.year,
        term_end=date.fromisoformat(honour.term_end) if honour.term_end else None,
    )
