"""``skillaward``: everything an operator does without a browser.

Exit status: 0 done, 2 usage error (unknown programme, unreadable file), 3 some input rejected.

Each area of commands is one module that declares its sub-commands next to their handlers:
:mod:`.screening` (``programs``, ``screen``, ``schema``) and :mod:`.documents` (``forms``,
``render``, ``import``) work on files and never load Django; :mod:`.operator` holds the platform
commands, one module per area; :mod:`.site` has ``manage`` and ``demo``; :mod:`.server` the server
operator's ``backup``, ``restore`` and ``calendar import``. What they share is in
:mod:`.common`. This module only assembles them, in the order ``skillaward --help`` lists them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from skillaward.cli import documents, operator, screening, server, site
from skillaward.cli.common import EXIT_USAGE, UsageError
from skillaward.core.program import ProgramFileError
from skillaward.core.registry import RegistryError


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.func(args)
    except (UsageError, ProgramFileError, RegistryError) as exc:
        print(f"skillaward: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="skillaward", description="高技能人才评选表彰平台")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for area in (screening, documents, operator, site, server):
        area.register(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
