"""``skillaward registry``: the awardees of past and present campaigns, read in and written out."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from skillaward.cli.common import EXIT_OK, Commands, UsageError
from skillaward.cli.operator.common import command, group

if TYPE_CHECKING:
    from skillaward.organisations.models import Account


def register(commands: Commands) -> None:
    """Add ``registry import|export``."""
    registry = group(commands, "registry", "获评人员库")
    load = command(
        registry, "import", "导入往届获评人员（JSON Lines 或 JSON 数组）", registry_import
    )
    load.add_argument("file", metavar="FILE")
    dump = command(registry, "export", "导出获评人员库（Excel）", registry_export)
    dump.add_argument("file", metavar="FILE.xlsx")


def registry_import(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.registry import services as registry

    if not Path(args.file).is_file():
        raise UsageError(f"无法读取文件 {args.file}")
    added = registry.registry_import(path=args.file, actor=actor)
    print(f"已导入{added}名获评人员（已在库中的不重复导入）")
    return EXIT_OK


def registry_export(args: argparse.Namespace, actor: Account) -> int:
    from skillaward.registry.export import registry_workbook
    from skillaward.registry.selectors import office_awardees, registry_office

    awardees = office_awardees(registry_office(actor))
    try:
        Path(args.file).write_bytes(registry_workbook(awardees))
    except OSError as exc:
        raise UsageError(f"无法写入文件 {args.file}：{exc.strerror}") from None
    print(f"已导出{awardees.count()}名获评人员到 {args.file}")
    return EXIT_OK
