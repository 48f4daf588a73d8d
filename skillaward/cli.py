"""``skillaward``: everything an operator does without a browser.

Exit status: 0 done, 2 usage error (unknown programme, unreadable file), 3 some input rejected.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, closing
from datetime import date
from pathlib import Path
from typing import IO, Any

from skillaward import operator as operator_commands
from skillaward.core.engine import EntrySpool, Screener, Screening
from skillaward.core.program import Program, ProgramFileError, bundled_programs, find_program
from skillaward.core.record import ApplicantRecord, read_batch
from skillaward.core.registry import RegistryError, parse_json_values, registry_honours
from skillaward.core.report import (
    Finding,
    Rejection,
    table_header,
    table_result,
    table_tail,
    verdict_of,
)
from skillaward.documents import commands as documents

EXIT_OK, EXIT_USAGE, EXIT_REJECTED = 0, 2, 3
REPO_EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class UsageError(Exception):
    """A problem with what the operator asked for; printed in Chinese, exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.func(args)
    except (UsageError, ProgramFileError, RegistryError) as exc:
        print(f"skillaward: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="skillaward", description="高技能人才评选表彰平台")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")

    programs = commands.add_parser("programs", help="列出评选项目；programs show ID 查看一个项目")
    programs.add_argument("action", nargs="?", choices=["show"])
    programs.add_argument("program", nargs="?", help="项目 id 或项目文件路径")
    programs.set_defaults(func=cmd_programs)

    screen = commands.add_parser("screen", help="按项目规则筛查申报人记录")
    screen.add_argument("--program", required=True, help="项目 id 或项目文件（.yaml）")
    screen.add_argument("--award", help="奖项 id（多奖项项目）")
    screen.add_argument("--as-of", type=_iso_date, help="基准日 YYYY-MM-DD（默认为申报截止日）")
    screen.add_argument("--registry", help="历届获奖人员文件（JSON Lines 或 JSON 数组）")
    screen.add_argument("--format", choices=["json", "table"], default="json")
    screen.add_argument("files", nargs="+", metavar="FILE", help="申报人记录；- 表示标准输入")
    screen.set_defaults(func=cmd_screen)

    schema = commands.add_parser("schema", help="打印数据格式的 JSON Schema")
    schema.add_argument("name", choices=["applicant"])
    schema.set_defaults(func=cmd_schema)

    documents.register(commands)
    operator_commands.register(commands)
    from skillaward.web import commands as server_commands  # imports Django only when run

    server_commands.register(commands)

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
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效日期，应为YYYY-MM-DD") from None


def cmd_manage(args: argparse.Namespace) -> int:
    """Django's own commands, under the platform's settings."""
    import os

    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillaward.web.settings")
    execute_from_command_line(["skillaward manage", *args.arguments])
    return EXIT_OK


# --- programs -------------------------------------------------------------------------------


def cmd_programs(args: argparse.Namespace) -> int:
    if args.action == "show":
        if not args.program:
            raise UsageError("请给出项目 id：skillaward programs show ID")
        print("\n".join(describe_program(find_program(args.program))))
        return EXIT_OK
    for program in bundled_programs().values():
        awards = "、".join(award.name for award in program.awards)
        print(f"{program.id:<24} {program.name}（{awards}；基准日 {program.as_of}）")
    return EXIT_OK


def describe_program(program: Program) -> list[str]:
    """A programme file as a person reads it."""
    lines = [
        f"{program.name}（{program.id}）",
        f"文件：{program.notice}{'（' + program.document_no + '）' if program.document_no else ''}",
        f"主办：{program.authority}    地域：{program.region}    届次：{program.edition}",
        f"基准日：{program.as_of}    表彰名额：{program.quotas.total}名（{program.quotas.clause}）",
        "奖项："
        + "；".join(
            f"{a.name}（{a.id}{'，' + str(a.quota) + '名' if a.quota else ''}）"
            for a in program.awards
        ),
        f"推荐方式（{program.nomination.clause}）：{'、'.join(program.nomination.channels)}；"
        f"归口单位类型：{'、'.join(program.nomination.recommender_types)}",
        "",
        "时间安排：",
    ]
    for phase in program.timeline:
        start = f"{phase.start} 至 " if phase.start else "截至 "
        clause = f"（{phase.clause}）" if phase.clause else ""
        lines.append(f"  {phase.name}：{start}{phase.end}{clause}")
    if program.publicity:
        lines.append("公示：")
        lines += [f"  {p.name} {p.working_days}个工作日（{p.clause}）" for p in program.publicity]
    if program.materials:
        lines.append("申报材料：")
        for material in program.materials:
            formats = f"，{'/'.join(material.formats)}" if material.formats else ""
            copies = f"，{material.copies}" if material.copies else ""
            lines.append(f"  {material.name}（{material.clause}{formats}{copies}）")
    if program.field_limits:
        lines.append("填写限制：")
        for limit in program.field_limits.values():
            lines.append(f"  {limit.label}不超过{limit.max_chars}字（{limit.clause}）")
    if program.rewards:
        lines.append("奖励：")
        lines += [f"  {reward.text}（{reward.clause}）" for reward in program.rewards]
    lines.append("资格规则：")
    for rule in program.rules:
        scope = (
            f"［{'、'.join(program.award(a).name for a in rule.awards)}］" if rule.awards else ""
        )
        kinds = "、".join(check.check for check in rule.checks)
        severity = "不符合则提示" if rule.on_failure == "warn" else ""
        lines.append(f"  {rule.clause:<8} {scope}{rule.title}（{kinds}）{severity}")
    if program.batch_rules:
        lines.append("批次规则：")
        lines += [f"  {rule.clause:<8} {rule.check}" for rule in program.batch_rules]
    return lines


# --- screen ---------------------------------------------------------------------------------


def cmd_screen(args: argparse.Namespace) -> int:
    program = find_program(args.program)
    registry = _load_registry(args.registry) if args.registry else None
    try:
        screener = Screener(program, as_of=args.as_of, award=args.award, registry=registry)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    with ExitStack() as stack:
        inputs = [(name, _open_input(name, stack)) for name in args.files]
        return write_screening(screener, inputs, sys.stdout, args.format)


def _open_input(name: str, stack: ExitStack) -> IO[str]:
    if name == "-":
        return sys.stdin
    try:
        return stack.enter_context(open(name, encoding="utf-8-sig"))
    except OSError as exc:
        raise UsageError(f"无法读取文件 {name}：{exc.strerror}") from None


def _load_registry(name: str) -> dict[str, Any]:
    try:
        text = Path(name).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"无法读取历届获奖人员文件 {name}：{exc.strerror}") from None
    try:
        return registry_honours(parse_json_values(text), find_program)
    except RegistryError as exc:
        raise RegistryError(f"历届获奖人员文件 {name}：{exc}") from None


def write_screening(
    screener: Screener, inputs: Sequence[tuple[str, IO[str]]], out: IO[str], form: str
) -> int:
    """Screen the inputs and write the report; results are spooled so memory stays flat.

    Each result is written to a temporary file as it is judged; once the batch rules have
    run, the report is written from that file, with the batch findings added to the records
    they concern.
    """
    entries = EntrySpool()
    screening = Screening(screener, entries)
    rejected: list[dict[str, Any]] = []
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool, closing(entries):
        for name, stream in inputs:
            for item in read_batch(stream):
                outcome = screening.add(item)
                if isinstance(outcome, Rejection):
                    entry = outcome.to_dict()
                    if len(inputs) > 1:
                        entry["file"] = name
                    rejected.append(entry)
                else:
                    spool.write(json.dumps(outcome.to_dict(), ensure_ascii=False))
                    spool.write("\n")
        concluded = screening.conclude()
        spool.seek(0)
        results = _with_batch_findings(spool, concluded.by_record)
        header = {
            "program": screener.program.id,
            "award": screener.award,
            "as_of": screener.as_of.isoformat(),
        }
        summary = screening.summary.to_dict()
        batch = [finding.to_dict() for finding in concluded.findings]
        if form == "table":
            _write_table(out, screener.program.name, header, summary, results, batch, rejected)
        else:
            _write_json(out, header, summary, results, batch, rejected)
    return EXIT_REJECTED if rejected else EXIT_OK


def _with_batch_findings(
    spool: IO[str], by_record: dict[int, list[Finding]]
) -> Iterator[dict[str, Any] | str]:
    """Spooled results: the JSON text as it is, or a dict where batch findings were added."""
    for index, line in enumerate(spool):
        extra = by_record.get(index)
        if not extra:
            yield line.rstrip("\n")
            continue
        result = json.loads(line)
        result["findings"] += [finding.to_dict() for finding in extra]
        findings = [Finding(**f) for f in result["findings"]]
        result["verdict"] = verdict_of(findings)
        yield result


def _write_json(
    out: IO[str],
    header: dict[str, Any],
    summary: dict[str, int],
    results: Iterator[dict[str, Any] | str],
    batch: list[dict[str, Any]],
    rejected: list[dict[str, Any]],
) -> None:
    dumps = json.dumps
    out.write(dumps(header, ensure_ascii=False)[:-1])
    out.write(f', "summary": {dumps(summary)}, "results": [')
    separator = "\n  "
    for result in results:
        out.write(separator)
        out.write(result if isinstance(result, str) else dumps(result, ensure_ascii=False))
        separator = ",\n  "
    out.write("\n],\n")
    out.write(f'"batch_findings": {dumps(batch, ensure_ascii=False, indent=2)},\n')
    out.write(f'"rejected": {dumps(rejected, ensure_ascii=False, indent=2)}}}\n')


def _write_table(
    out: IO[str],
    program_name: str,
    header: dict[str, Any],
    summary: dict[str, int],
    results: Iterator[dict[str, Any] | str],
    batch: list[dict[str, Any]],
    rejected: list[dict[str, Any]],
) -> None:
    lines = table_header(program_name, header, summary)
    out.write("\n".join(lines) + "\n")
    for result in results:
        parsed = json.loads(result) if isinstance(result, str) else result
        out.write("\n".join(table_result(parsed)) + "\n")
    out.write("\n".join(table_tail(batch, rejected)))


# --- schema and demo ------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    schema = ApplicantRecord.model_json_schema(by_alias=True)
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """The demonstration site, rebuilt from nothing; or, with --screen-only, the example batches."""
    if args.screen_only:
        return screen_examples(Path(args.screen_only))
    import os

    if os.environ.get("DATABASE_URL"):
        raise UsageError(
            "设置了 DATABASE_URL：演示站点会删除并重建数据库，不能在正式数据库上运行；"
            "请在不设 DATABASE_URL 的环境中运行 skillaward demo"
        )
    data = Path(os.environ.get("SKILLAWARD_DATA", "var")).resolve()
    claim_demo_directory(data)
    os.environ["SKILLAWARD_DEMO"] = "1"  # the demo may run on the development secret key
    os.environ.setdefault("SKILLAWARD_TASKS", "immediate")  # bulk PDFs without a worker process
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillaward.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from skillaward.web import demo

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
    import shutil

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


def screen_examples(folder: Path) -> int:
    """Screen the example batch of every bundled programme and print each report as a table."""
    registry_file = folder / "registry.jsonl"
    registry = _load_registry(str(registry_file)) if registry_file.exists() else None
    for program in bundled_programs().values():
        path = folder / f"{program.id}.jsonl"
        if not path.exists():
            raise UsageError(f"缺少示例批次 {path}")
        print("=" * 78)
        with path.open(encoding="utf-8") as stream:
            write_screening(
                Screener(program, registry=registry), [(str(path), stream)], sys.stdout, "table"
            )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
