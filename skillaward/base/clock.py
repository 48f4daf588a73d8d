"""The platform's clock: every phase and period opens and closes on Beijing dates."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def beijing_today() -> date:
    """Today in Asia/Shanghai: phases open and close on Beijing dates, whatever the server."""
    return timezone.localdate()
