"""What every command of the command line shares: exit statuses, the usage error, argument types."""

from __future__ import annotations

import argparse
from datetime import date

EXIT_OK, EXIT_USAGE, EXIT_REJECTED = 0, 2, 3


class UsageError(Exception):
    """A problem with what the operator asked for; printed in Chinese, exit status 2."""


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效日期，应为YYYY-MM-DD") from None
