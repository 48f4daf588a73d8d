"""The operator's platform commands of ``skillaward``: organisations, accounts, campaigns, the
recommendation chain, publicity, the registry and the audit trail, without a browser.

Each command names its acting account with ``--as USERNAME`` and calls one service, which
checks that account's role and organisation exactly as it does for the web pages. One module
an area declares its commands next to their handlers: :mod:`.accounts` (``office``, ``org``,
``account``), :mod:`.campaigns` (``campaign``, ``application``), :mod:`.chain` (``review``,
``override``, ``recommend``, ``panel``, ``approve``, ``announce``), :mod:`.publicity`
(``publicity``, ``objection``), :mod:`.panels` (``experts``, the platform's ``panel``
commands), :mod:`.registry` and :mod:`.audit`. Declaring them never loads
Django (:mod:`.common` is free of it): a handler imports the models and services it calls when
it runs, after Django is set up, so that ``skillaward screen`` and the other file commands never
load it. What the handlers find on the command line is in :mod:`.lookups`.
"""

from __future__ import annotations

from skillaward.cli.common import Commands
from skillaward.cli.operator import accounts, audit, campaigns, chain, panels, publicity, registry


def register(commands: Commands) -> None:
    """Add the platform commands to the ``skillaward`` parser."""
    for area in (accounts, campaigns, chain, panels, publicity, registry, audit):
        area.register(commands)
