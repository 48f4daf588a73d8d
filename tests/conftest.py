from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import TransactionTestCase

from skillaward.audit.seal import unsealed


@pytest.fixture(autouse=True, scope="session")
def _flush_may_empty_the_trail() -> Iterator[None]:
    """Django's flush after a transactional test deletes every row; on SQLite the trail's
    trigger lets that one DELETE through (``skillaward/audit/seal.py``)."""
    teardown = TransactionTestCase._fixture_teardown

    def flush(self: TransactionTestCase) -> None:
        with unsealed():
            teardown(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", flush)
        yield
