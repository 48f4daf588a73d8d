"""What every command of the command line shares: exit statuses, the usage error, argument types."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import date
from typing import TypeAlias

EXIT_OK, EXIT_USAGE, EXIT_REJECTED = 0, 2, 3

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""The ``skillaward`` parser's sub-commands, to which each area adds its own."""

Handler: TypeAlias = Callable[[argparse.Namespace], int]
"""What a command runs: the parsed arguments in, the exit status out."""


class UsageError(Exception):
    """A problem with what the operator asked for; printed in Chinese, exit status 2."""


def setup_django() -> None:
    """Django set up on the platform's settings (unless ``DJANGO_SETTINGS_MODULE`` names others)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillaward.web.settings")
    import django

    django.setup()


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效日期，应为YYYY-MM-DD") from None
