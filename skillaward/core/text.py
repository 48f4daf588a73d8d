"""What any text typed or imported into the platform must be: printable, visible, bounded.

One check for every way text comes in (the platform's forms, the application form, JSON and
spreadsheet imports, the applicant record), each refusal a Chinese sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Longer than any paragraph an official form has room for (主要事迹 runs to a few thousand).
MAX_TEXT_LENGTH = 20000
# Characters that show nothing: zero-width space/joiners, word joiner, BOM, soft hyphen.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
_INVISIBLE = re.compile(f"[{''.join(sorted(INVISIBLE))}]")


def text_problem(value: str, *, max_length: int = MAX_TEXT_LENGTH) -> str | None:
    """Why ``value`` is not acceptable text, or None. Empty text is left to "required"."""
    if "\x00" in value:
        return "含有空字符（NUL），请删除后重新填写"
    if len(value) > max_length:
        return f"长度为{len(value)}个字符，超过{max_length}个字符的上限"
    if value and not visible(value):
        return "只有空白或不可见字符，请填写实际内容"
    return None


def visible(value: str) -> str:
    """``value`` without invisible characters and surrounding white space."""
    return _INVISIBLE.sub("", value).strip()


def text_problems(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, problem) for every string inside a parsed JSON value, keys included."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            yield path, problem
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and "\x00" in key:
                yield where, "字段名含有空字符（NUL）"
            yield from text_problems(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_problems(item, f"{path}.{index}" if path else str(index))


def normalise_digits(value: str) -> str:
    """Full-width digits and punctuation as their ASCII forms (２０２４－０５ → 2024-05)."""
    return unicodedata.normalize("NFKC", value)
