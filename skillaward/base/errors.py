"""The one refusal of the platform's services."""

from __future__ import annotations

from skillaward.core.text import text_problems


class ActionRefused(Exception):
    """A refused action; the message is the Chinese sentence shown to the user."""


def require_acceptable_text(*values: object) -> None:
    """Refuse text a database or a reader cannot take: NUL bytes, only invisible characters,
    or beyond any form's length, anywhere inside the given (JSON-like) values."""
    problems = [
        f"{path}：{problem}" if path else f"填写的内容{problem}"
        for value in values
        for path, problem in text_problems(value)
    ]
    if problems:
        raise ActionRefused("；".join(problems[:5]))
