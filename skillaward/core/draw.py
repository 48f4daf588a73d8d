"""The random draw of a panel's members from an office's pool of experts, replayable.

The pool is read in id order and shuffled by ``random.Random(seed)``: the same seed and the
same pool always give the same members and reserves, so anyone holding a draw's record (seed,
pool as it stood, filter, size, reserves) can replay it and check the result.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass


class DrawError(ValueError):
    """A draw that cannot be made; the message says why, in Chinese."""


@dataclass(frozen=True)
class PoolExpert:
    """An expert as the draw reads the pool: the id and the occupations or fields."""

    id: int
    occupations: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "occupations": list(self.occupations)}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> PoolExpert:
        occupations = data.get("occupations") or []
        assert isinstance(occupations, list)
        return cls(int(str(data["id"])), tuple(str(o) for o in occupations))


@dataclass(frozen=True)
class DrawResult:
    members: tuple[int, ...]
    reserves: tuple[int, ...]

    @property
    def order(self) -> list[int]:
        """Expert ids as the record keeps them: the members, then the reserves in call order."""
        return [*self.members, *self.reserves]


def new_seed() -> str:
    return secrets.token_hex(16)


def eligible(pool: Sequence[PoolExpert], occupations: Sequence[str] = ()) -> list[PoolExpert]:
    """The experts the draw chooses among, in id order: those with one of ``occupations``
    (every expert when none is asked for)."""
    wanted = set(occupations)
    chosen = [e for e in pool if not wanted or wanted & set(e.occupations)]
    return sorted(chosen, key=lambda e: e.id)


def draw(
    pool: Sequence[PoolExpert],
    *,
    seed: str,
    size: int,
    reserves: int = 0,
    occupations: Sequence[str] = (),
) -> DrawResult:
    """``size`` members and ``reserves`` reserves drawn at random from the eligible pool."""
    if not seed:
        raise DrawError("抽取须有随机种子")
    if size < 1 or reserves < 0:
        raise DrawError("抽取人数须至少为1人，备选人数不得为负数")
    ids = [e.id for e in eligible(pool, occupations)]
    if len(set(ids)) != len(ids):
        raise DrawError("专家库中有重复的专家")
    wanted = size + reserves
    if len(ids) < wanted:
        within = f"（{'、'.join(occupations)}）" if occupations else ""
        raise DrawError(
            f"专家库中符合条件{within}的可抽取专家只有{len(ids)}人，"
            f"不足抽取的{size}人和备选{reserves}人"
        )
    chosen = random.Random(seed).sample(ids, wanted)
    return DrawResult(tuple(chosen[:size]), tuple(chosen[size:]))
