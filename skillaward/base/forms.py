"""The base of the platform's Django forms."""

from __future__ import annotations

from typing import Any

from django import forms


class Form(forms.Form):
    """A form whose labels end without a colon, like the hand-written forms beside it.

    Django's zh-hans catalogue keeps the ASCII ``:`` as the label suffix ("异议对象:").
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
