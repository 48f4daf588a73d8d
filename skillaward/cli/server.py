"""``skillaward backup``, ``skillaward restore`` and ``skillaward calendar import``: the server
operator's commands (no ``--as``: they act on the whole platform, like ``office create``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from skillaward.cli.common import EXIT_OK, Commands, UsageError, setup_django


def cmd_backup(args: argparse.Namespace) -> int:
    setup_django()
    from skillaward.web import backup

    try:
        manifest = backup.backup(Path(args.file))
    except backup.BackupError as error:
        raise UsageError(str(error)) from None
    print(f"已备份（{manifest['engine']}，{backup.created_at(manifest)}）：{args.file}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.yes:
        raise UsageError("恢复会用备份替换当前的数据库和全部上传文件；确认无误后加 --yes 再运行")
    setup_django()
    from skillaward.web import backup

    try:
        manifest = backup.restore(Path(args.file))
    except backup.BackupError as error:
        raise UsageError(str(error)) from None
    print(f"已恢复 {backup.created_at(manifest)} 的备份：{args.file}")
    return EXIT_OK


def cmd_calendar_import(args: argparse.Namespace) -> int:
    setup_django()
    from skillaward.base.errors import ActionRefused
    from skillaward.holidays.services import schedule_import

    try:
        content = Path(args.file).read_bytes()
    except OSError as error:
        raise UsageError(f"无法读取文件 {args.file}：{error.strerror}") from None
    try:
        stored = schedule_import(actor=None, content=content, name=Path(args.file).name)
    except ActionRefused as error:
        raise UsageError(str(error)) from None
    print(
        f"已导入{stored.year}年放假安排：放假{len(stored.holidays)}天，调休上班{len(stored.workdays)}天"
    )
    return EXIT_OK


def register(commands: Commands) -> None:
    parser = commands.add_parser("backup", help="备份数据库和上传文件到一个 .tar.gz 文件")
    parser.add_argument("file", help="备份文件，如 skillaward-2026-12-01.tar.gz")
    parser.set_defaults(func=cmd_backup)

    parser = commands.add_parser("restore", help="从备份文件恢复数据库和上传文件（替换现有的）")
    parser.add_argument("file", help="skillaward backup 生成的备份文件")
    parser.add_argument("--yes", action="store_true", help="确认替换当前的数据库和上传文件")
    parser.set_defaults(func=cmd_restore)

    calendar = commands.add_parser("calendar", help="法定节假日和调休安排（2026年以后各年）")
    actions = calendar.add_subparsers(dest="calendar_action", required=True, metavar="操作")
    parser = actions.add_parser("import", help="导入国务院办公厅发布的一年放假安排（YAML）")
    parser.add_argument("file", help="放假安排文件（year、holidays、workdays）")
    parser.set_defaults(func=cmd_calendar_import)
