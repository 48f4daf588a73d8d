"""The base of the platform's Django forms."""

from __future__ import annotations

from typing import Any

from django import forms

from skillaward.core.text import MAX_TEXT_LENGTH, text_problem


class Form(forms.Form):
    """A form whose labels end without a colon, like the hand-written forms beside it, and
    whose every text field refuses NUL bytes, invisible-only text and endless text in Chinese.

    Django's zh-hans catalogue keeps the ASCII ``:`` as the label suffix ("异议对象:").
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            raw = self.data.get(self.add_prefix(name))
            if not (isinstance(field, forms.CharField) and isinstance(raw, str) and raw.strip()):
                continue
            problem = text_problem(raw, max_length=field.max_length or MAX_TEXT_LENGTH)
            if problem:
                self.errors.pop(name, None)
                self.add_error(name, f"{field.label or name}{problem}")


def refused_with_files(message: str, files: Any) -> str:
    """A refusal of a form that came with files: a browser never refills a file input, so the
    message says which files must be chosen again."""
    names = [f.name for f in files.values() if getattr(f, "name", "")]
    if not names:
        return message
    return f"{message}（所选文件“{'”“'.join(names)}”未保存，请重新选择后再提交）"
