"""``skillaward manage`` and ``demo``: the platform's site itself, Django's own commands and the
demonstration site. Django is loaded only when one of them runs (never for ``demo --screen-only``).
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

from skillaward.cli.common import EXIT_OK, Commands, UsageError, setup_django
from skillaward.cli.screening import screen_examples

REPO_EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def register(commands: Commands) -> None:
    """Add ``manage`` and ``demo``."""
    manage = commands.add_parser(
        "manage", help="平台管理命令（Django：migrate、createsuperuser、runserver 等）"
    )
    manage.add_argument("arguments", nargs=argparse.REMAINDER, help="管理命令及其参数")
    manage.set_defaults(func=cmd_manage)

    demo = commands.add_parser(
        "demo",
        help="建立演示站点（./var 中的 SQLite 数据库：五个评选活动、各角色账号、申报）并启动",
    )
    demo.add_argument("--no-serve", action="store_true", help="只建立数据库，不启动网站")
    demo.add_argument("--port", type=int, default=8000, help="网站端口（默认8000）")
    demo.add_argument(
        "--screen-only",
        nargs="?",
        const=str(REPO_EXAMPLES),
        metavar="DIR",
        help="不建站点，只筛查示例目录（默认 examples/）中每个项目的批次并打印报告",
    )
    demo.set_defaults(func=cmd_demo)


def cmd_manage(args: argparse.Namespace) -> int:
    """Django's own commands, under the platform's settings."""
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillaward.web.settings")
    execute_from_command_line(["skillaward manage", *args.arguments])
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """The demonstration site, rebuilt from nothing; or, with --screen-only, the example batches."""
    if args.screen_only:
        return screen_examples(Path(args.screen_only))
    if os.environ.get("DATABASE_URL"):
        raise UsageError(
            "设置了 DATABASE_URL：演示站点会删除并重建数据库，不能在正式数据库上运行；"
            "请在不设 DATABASE_URL 的环境中运行 skillaward demo"
        )
    data = Path(os.environ.get("SKILLAWARD_DATA", "var")).resolve()
    claim_demo_directory(data)
    os.environ["SKILLAWARD_DEMO"] = "1"  # the demo may run on the development secret key
    os.environ.setdefault("SKILLAWARD_TASKS", "immediate")  # bulk PDFs without a worker process
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from skillaward import demo

    database = Path(settings.DATABASES["default"]["NAME"])
    call_command("migrate", verbosity=0)
    site = demo.build_demo()
    address = f"127.0.0.1:{args.port}"
    print(f"演示数据库：{database}（北京时间 {site.today:%Y年%m月%d日}）\n")
    print("\n".join(demo.campaign_lines(site)))
    print("\n各地区每个角色的登录账号（所有演示账号的密码均为 " + demo.PASSWORD + "）：\n")
    print("\n".join(demo.account_table(site)))
    if args.no_serve:
        return EXIT_OK
    print(f"\n打开 http://{address}/ 登录；按 Ctrl+C 停止。\n", flush=True)
    call_command("runserver", address, use_reloader=False, insecure_serving=True)
    return EXIT_OK


DEMO_MARKER = ".skillaward-demo"


def claim_demo_directory(data: Path) -> None:
    """Empty the demo's data directory: only one the demo made itself (it holds the marker
    file); a missing or empty directory is made a demo directory. Anything else is refused,
    so that the demo never deletes a real site's database or uploads."""

    marker = data / DEMO_MARKER
    if data.exists() and any(data.iterdir()) and not marker.exists():
        raise UsageError(
            f"数据目录 {data} 不是演示站点建立的（其中没有 {DEMO_MARKER} 标记文件），"
            "演示不会删除其中的数据库和上传文件；请用 SKILLAWARD_DATA 指定一个新的空目录"
        )
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    marker.write_text("skillaward demo: this directory is rebuilt by `skillaward demo`\n")
