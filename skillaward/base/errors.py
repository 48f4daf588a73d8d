"""The one refusal of the platform's services."""

from __future__ import annotations


class ActionRefused(Exception):
    """A refused action; the message is the Chinese sentence shown to the user."""
