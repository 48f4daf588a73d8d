"""``skillaward manage sweep_uploads``: remove uploaded files that no row names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from skillaward.campaigns.maintenance import orphan_uploads_remove


class Command(BaseCommand):
    help = "删除没有对应记录的上传文件（请求中断时留下的），默认只删一小时以前的"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=60, help="只删除早于这么多分钟的文件")

    def handle(self, *args: Any, minutes: int, **options: Any) -> None:
        removed = orphan_uploads_remove(older_than=timedelta(minutes=minutes))
        for name in removed:
            self.stdout.write(f"已删除 {name}")
        self.stdout.write(f"共删除{len(removed)}个没有对应记录的上传文件")
