"""The database itself keeps the trail append-only (issue 13 §3): triggers (migration
``audit.0003_trail_triggers``) refuse every SQL UPDATE and DELETE of an entry, whatever path
the statement takes — the ORM's internals, ``raw()``, a cursor, a database shell.

Only Django's test flush must empty the table between tests. On PostgreSQL it uses TRUNCATE,
which row triggers do not see. On SQLite it uses DELETE, which the trigger lets through only
while :func:`unsealed` runs in the deleting thread: the trigger asks the SQL function
:data:`UNSEALED_FUNCTION`, which every connection of the platform gets from
:func:`register_unsealed_function` and which no SQL statement can redefine (a connection
without it — the ``sqlite3`` shell — is refused with "no such function"). Nothing outside the
tests' flush (``tests/conftest.py``) calls :func:`unsealed`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

UNSEALED_FUNCTION = "skillaward_trail_unsealed"
_state = threading.local()


def _unsealed() -> int:
    return int(getattr(_state, "unsealed", False))


@contextmanager
def unsealed() -> Iterator[None]:
    """SQLite lets this thread delete entries meanwhile (the tests' flush, nothing else)."""
    _state.unsealed = True
    try:
        yield
    finally:
        _state.unsealed = False


def register_unsealed_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: gives a new SQLite connection the trigger's function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(UNSEALED_FUNCTION, 0, _unsealed)
