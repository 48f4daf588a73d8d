"""The one exception the documents layer raises: its message is Chinese and says what to fix."""

from __future__ import annotations


class DocumentError(Exception):
    """A bad input or a missing tool; ``str(error)`` is a Chinese sentence for the user."""
