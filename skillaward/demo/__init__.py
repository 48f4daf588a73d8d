"""The demonstration site: every programme as a campaign of a realistic, synthetic region.

The regions, their offices, recommending units and work units, the accounts, the people and
the particular cases are data files (``data/*.yaml``, read by :mod:`.data`). ``build_demo()``
(:mod:`.builder`) makes them through the platform's own services only — the organisation tree
and its accounts as each level would make them (:mod:`.accounts`), then applicants with
complete records (:mod:`.records`): plausible Chinese names, valid ID numbers, careers that fit
the programme's rules at the campaign's reference date. Each campaign's dates are those of its
programme moved so that it is open on the Beijing date of the build, except one whose
submission window has just closed. Nothing is random from run to run: one seed makes the same
people every time. :mod:`.report` prints what the operator is told.

The demo sits on the top floor: it uses the apps' services and nothing uses it but the command
line and its tests.
"""

from skillaward.demo.builder import CURRENT_STOP, Demo, build_demo, years_before
from skillaward.demo.data import ACCOUNTS, EDITIONS
from skillaward.demo.records import FLAWS
from skillaward.demo.report import account_table, campaign_lines

PASSWORD = ACCOUNTS.password
CLOSED_PROGRAM = next(p for p, e in EDITIONS.programs.items() if e.closed)
EDITION_NAMES = EDITIONS.names
PAST_EDITIONS = {p: e.past for p, e in EDITIONS.programs.items()}
REAPPLY = {p: e.reapply for p, e in EDITIONS.programs.items() if e.reapply}

__all__ = [
    "CLOSED_PROGRAM",
    "CURRENT_STOP",
    "EDITION_NAMES",
    "FLAWS",
    "PASSWORD",
    "PAST_EDITIONS",
    "REAPPLY",
    "Demo",
    "account_table",
    "build_demo",
    "campaign_lines",
    "years_before",
]
