"""``skillaward forms``, ``render`` and ``import``: the programmes' Word and Excel documents
from applicant records, and applicant records back from a filled-in Excel list, all without the
platform (Django is never loaded). A problem is printed as ``错误：…`` on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from skillaward.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Commands

# The documents stack (python-docx, openpyxl, XlsxWriter, Jinja) is imported by each handler,
# so that the other commands, ``screen`` above all, start without it.


def register(commands: Commands) -> None:
    """Add the ``forms``, ``render`` and ``import`` sub-commands."""
    parser = commands.add_parser("forms", help="列出项目的表格名称及说明")
    parser.add_argument("--program", required=True, help="项目编号，如 beijing-allowance-2024")
    parser.set_defaults(func=forms)

    parser = commands.add_parser("render", help="生成表格（Word/Excel，可转PDF）")
    parser.add_argument("--program", required=True, help="项目编号")
    parser.add_argument("--form", required=True, help="表格名称（见 skillaward forms）")
    parser.add_argument("-o", "--output", default=".", help="输出目录（默认当前目录）")
    parser.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成PDF")
    parser.add_argument("--context", help="表单补充信息文件（YAML/JSON：照片、意见、联系人等）")
    parser.add_argument(
        "records", nargs="+", help="申报人记录（JSON Lines 或 JSON 数组；- 为标准输入），按排序"
    )
    parser.set_defaults(func=render)

    parser = commands.add_parser("import", help="读取填好的一览表/汇总表（.xlsx），输出申报人记录")
    parser.add_argument("--program", required=True, help="项目编号")
    parser.add_argument("--context-out", help="把表中非记录字段（账号、电话、备注等）写入此文件")
    parser.add_argument("file", help="一览表或汇总表 .xlsx")
    parser.set_defaults(func=import_)


def _error(message: str) -> None:
    print(f"错误：{message}", file=sys.stderr)


def forms(args: argparse.Namespace) -> int:
    from skillaward.documents.catalogue import program
    from skillaward.documents.errors import DocumentError

    try:
        prog = program(args.program)
    except DocumentError as error:
        _error(str(error))
        return EXIT_USAGE
    for name in prog.document_names():
        document = prog.document(name)
        description = document.description
        if name != document.name:
            description = f"{document.title}（Excel，可由 skillaward import 读回）"
        print(f"{name}\t{description}")
    return EXIT_OK


def _read_texts(paths: list[str]) -> list[str]:
    from skillaward.documents.errors import DocumentError

    texts = []
    for path in paths:
        if path == "-":
            texts.append(sys.stdin.read())
            continue
        try:
            texts.append(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "不是UTF-8文本"
            raise DocumentError(f"无法读取记录文件{path}：{reason}") from None
    return texts


def render(args: argparse.Namespace) -> int:
    from skillaward.documents.api import render_documents
    from skillaward.documents.catalogue import program
    from skillaward.documents.context import DocumentContext, load_context
    from skillaward.documents.errors import DocumentError
    from skillaward.documents.records import read_records

    try:
        program(args.program).document(args.form)
        context = load_context(Path(args.context)) if args.context else DocumentContext()
        records, problems = read_records(_read_texts(args.records))
    except DocumentError as error:
        _error(str(error))
        return EXIT_USAGE
    for problem in problems:
        _error(f"记录有误，未生成：{problem}")
    if not records:
        _error("没有可生成表格的有效记录")
        return EXIT_REJECTED if problems else EXIT_USAGE
    try:
        paths = render_documents(
            args.program, args.form, records, Path(args.output), context=context, pdf=args.pdf
        )
    except DocumentError as error:
        _error(str(error))
        return EXIT_USAGE
    for path in paths:
        print(path)
    return EXIT_REJECTED if problems else EXIT_OK


def import_(args: argparse.Namespace) -> int:
    from skillaward.documents.catalogue import program
    from skillaward.documents.context import dump_context
    from skillaward.documents.errors import DocumentError
    from skillaward.documents.importer import import_list

    try:
        result = import_list(Path(args.file), program(args.program))
    except DocumentError as error:
        _error(str(error))
        return EXIT_USAGE
    for record in result.records:
        print(json.dumps(record, ensure_ascii=False))
    for problem in result.errors:
        _error(str(problem))
    if args.context_out:
        try:
            Path(args.context_out).write_text(dump_context(result.context), encoding="utf-8")
        except OSError as error:
            _error(f"无法写入{args.context_out}：{error.strerror}")
            return EXIT_USAGE
    return EXIT_REJECTED if result.errors else EXIT_OK
