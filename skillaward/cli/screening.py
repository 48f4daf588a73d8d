"""``skillaward programs``, ``screen`` and ``schema``: the programme files and the screening of
applicant records by their rules, all without the platform (Django is never loaded).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from skillaward.cli.common import EXIT_OK, EXIT_REJECTED, Commands, UsageError, iso_date
from skillaward.core.engine import EntrySpool, Judged, Screener, Screening
from skillaward.core.program import (
    Program,
    all_programs,
    bundled_programs,
    check_program_file,
    find_program,
)
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

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor


def register(commands: Commands) -> None:
    """Add ``programs``, ``screen`` and ``schema``."""
    programs = commands.add_parser(
        "programs",
        help="列出评选项目；programs show ID 查看一个项目；programs check FILE 检查项目文件",
    )
    programs.add_argument("action", nargs="?", choices=["show", "check"])
    programs.add_argument("program", nargs="?", help="项目 id 或项目文件路径")
    programs.set_defaults(func=cmd_programs)

    screen = commands.add_parser("screen", help="按项目规则筛查申报人记录")
    screen.add_argument("--program", required=True, help="项目 id 或项目文件（.yaml）")
    screen.add_argument("--award", help="奖项 id（多奖项项目）")
    screen.add_argument("--as-of", type=iso_date, help="基准日 YYYY-MM-DD（默认为申报截止日）")
    screen.add_argument("--registry", help="历届获奖人员文件（JSON Lines 或 JSON 数组）")
    screen.add_argument("--format", choices=["json", "table"], default="json")
    screen.add_argument("files", nargs="+", metavar="FILE", help="申报人记录；- 表示标准输入")
    screen.set_defaults(func=cmd_screen)

    schema = commands.add_parser("schema", help="打印数据格式的 JSON Schema")
    schema.add_argument("name", choices=["applicant"])
    schema.set_defaults(func=cmd_schema)


# --- programs -------------------------------------------------------------------------------


def cmd_programs(args: argparse.Namespace) -> int:
    if args.action == "check":
        if not args.program:
            raise UsageError("请给出项目文件：skillaward programs check FILE")
        return check_program(args.program)
    if args.action == "show":
        if not args.program:
            raise UsageError("请给出项目 id：skillaward programs show ID")
        print("\n".join(describe_program(find_program(args.program))))
        return EXIT_OK
    for program in all_programs().values():
        awards = "、".join(award.name for award in program.awards)
        print(f"{program.id:<24} {program.name}（{awards}；基准日 {program.as_of}）")
    return EXIT_OK


def check_program(path: str) -> int:
    """Validate one programme file: 0 when usable, 3 with each problem by line."""
    program, problems = check_program_file(path)
    if program is not None:
        print(f"{path}：项目“{program.id}”（{program.name}）有效")
        return EXIT_OK
    for problem in problems:
        where = f"第{problem.line}行 " if problem.line is not None else ""
        field = f"{problem.path}：" if problem.path else ""
        print(f"{path}：{where}{field}{problem.message}")
    return EXIT_REJECTED


def describe_program(program: Program) -> list[str]:
    """A programme file as a person reads it."""
    awards = "；".join(f"{a.name}（{a.id}{_around(a.quota, '，', '名')}）" for a in program.awards)
    nomination = program.nomination
    lines = [
        f"{program.name}（{program.id}）",
        f"文件：{program.notice}{_around(program.document_no, '（', '）')}",
        f"主办：{program.authority}    地域：{program.region}    届次：{program.edition}",
        f"基准日：{program.as_of}    表彰名额：{program.quotas.total}名（{program.quotas.clause}）",
        f"奖项：{awards}",
        f"推荐方式（{nomination.clause}）：{'、'.join(nomination.channels)}；"
        f"归口单位类型：{'、'.join(nomination.recommender_types)}",
        "",
        "时间安排：",
    ]
    lines += [
        f"  {phase.name}：{_around(phase.start, '', ' 至 ') or '截至 '}{phase.end}"
        f"{_around(phase.clause, '（', '）')}"
        for phase in program.timeline
    ]
    lines += _section(
        "公示：", [f"  {p.name} {p.working_days}个工作日（{p.clause}）" for p in program.publicity]
    )
    lines += _section(
        "申报材料：",
        [
            f"  {m.name}（{m.clause}{_around('/'.join(m.formats), '，')}{_around(m.copies, '，')}）"
            for m in program.materials
        ],
    )
    lines += _section(
        "填写限制：",
        [f"  {f.label}不超过{f.max_chars}字（{f.clause}）" for f in program.field_limits.values()],
    )
    lines += _section("奖励：", [f"  {r.text}（{r.clause}）" for r in program.rewards])
    lines.append("资格规则：")
    for rule in program.rules:
        scope = _around("、".join(program.award(a).name for a in rule.awards or ()), "［", "］")
        kinds = "、".join(check.check for check in rule.checks)
        severity = "不符合则提示" if rule.on_failure == "warn" else ""
        lines.append(f"  {rule.clause:<8} {scope}{rule.title}（{kinds}）{severity}")
    lines += _section("批次规则：", [f"  {r.clause:<8} {r.check}" for r in program.batch_rules])
    workflow = program.workflow
    panels = [
        f"  {workflow.title(step)}（{step.clause}）：{step.panel.describe()}"
        for step in program.panels()
        if step.panel is not None
    ]
    lines += _section("专家评审：", panels)
    return lines


def _around(value: object, before: str, after: str = "") -> str:
    """``value`` between ``before`` and ``after``; nothing at all when it is empty."""
    return f"{before}{value}{after}" if value else ""


def _section(title: str, rows: list[str]) -> list[str]:
    """A titled part of the description, left out when it has no rows."""
    return [title, *rows] if rows else []


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


@dataclass(frozen=True)
class Report:
    """A screening report's parts; the results are read from the spool as they are written."""

    header: dict[str, Any]
    summary: dict[str, int]
    results: Iterator[dict[str, Any] | str]
    batch: list[dict[str, Any]]
    rejected: list[dict[str, Any]]


CHUNK = 1000  # lines a worker process judges at a time


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
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as spool,
        closing(entries),
        _Judges(screener) as judges,
    ):
        for name, stream in inputs:
            for outcome in judges.judge(stream):
                screening.take(outcome)
                if isinstance(outcome, Rejection):
                    entry = outcome.to_dict()
                    if len(inputs) > 1:
                        entry["file"] = name
                    rejected.append(entry)
                else:
                    spool.write(f"{outcome.text}\n")
        concluded = screening.conclude()
        spool.seek(0)
        report = Report(
            header={
                "program": screener.program.id,
                "award": screener.award,
                "as_of": screener.as_of.isoformat(),
            },
            summary=screening.summary.to_dict(),
            results=_with_batch_findings(spool, concluded.by_record),
            batch=[finding.to_dict() for finding in concluded.findings],
            rejected=rejected,
        )
        if form == "table":
            _write_table(out, screener.program.name, report)
        else:
            _write_json(out, report)
    return EXIT_REJECTED if rejected else EXIT_OK


_screener: Screener | None = None  # the worker processes' screener (inherited when forked)


def _judge_chunk(start: int, lines: list[str]) -> list[Judged | Rejection]:
    assert _screener is not None
    return [_screener.judged(item) for item in read_batch(lines, start=start)]


class _Judges:
    """Judges the items of each input in order: a long JSON Lines input in chunks, by worker
    processes on every core, the rest (a short input, a JSON array) in this process."""

    def __init__(self, screener: Screener) -> None:
        self.screener = screener
        self.workers = min(os.cpu_count() or 1, 4)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Judges:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def judge(self, stream: IO[str]) -> Iterator[Judged | Rejection]:
        lines = iter(stream)
        start = 1
        pending: deque[Future[list[Judged | Rejection]]] = deque()
        while chunk := list(islice(lines, CHUNK)):
            serial = len(chunk) < CHUNK and not pending
            if serial or self.workers < 2 or any(line.lstrip().startswith("[") for line in chunk):
                # read_batch reads a JSON array from its first line to the end of the input
                for future in pending:
                    yield from future.result()
                judged = self.screener.judged
                yield from map(judged, read_batch(chain(chunk, lines), start=start))
                return
            pending.append(self._start().submit(_judge_chunk, start, chunk))
            start += len(chunk)
            if len(pending) > 2 * self.workers:  # a few chunks ahead, memory stays flat
                yield from pending.popleft().result()
        for future in pending:
            yield from future.result()

    def _start(self) -> ProcessPoolExecutor:
        global _screener
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            _screener = self.screener
            self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("fork"))
        return self._pool


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


def _write_json(out: IO[str], report: Report) -> None:
    dumps = json.dumps
    out.write(dumps(report.header, ensure_ascii=False)[:-1])
    out.write(f', "summary": {dumps(report.summary)}, "results": [')
    separator = "\n  "
    for result in report.results:
        out.write(separator)
        out.write(result if isinstance(result, str) else dumps(result, ensure_ascii=False))
        separator = ",\n  "
    out.write("\n],\n")
    out.write(f'"batch_findings": {dumps(report.batch, ensure_ascii=False, indent=2)},\n')
    out.write(f'"rejected": {dumps(report.rejected, ensure_ascii=False, indent=2)}}}\n')


def _write_table(out: IO[str], program_name: str, report: Report) -> None:
    lines = table_header(program_name, report.header, report.summary)
    out.write("\n".join(lines) + "\n")
    for result in report.results:
        parsed = json.loads(result) if isinstance(result, str) else result
        out.write("\n".join(table_result(parsed)) + "\n")
    out.write("\n".join(table_tail(report.batch, report.rejected)))


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


# --- schema ---------------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    schema = ApplicantRecord.model_json_schema(by_alias=True)
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK
