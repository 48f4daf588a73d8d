"""The platform's settings for ``bench/surge.py``; its URLs add the bare insert view."""

from __future__ import annotations

from skillaward.web.settings import *  # noqa: F403

ROOT_URLCONF = "surge_urls"
