"""Links to pages by URL name, with the path as a fallback while the page is being built."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def url_or_path(name: str, path: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return path
