"""The demo's people: plausible Chinese names and valid ID numbers from one seeded generator."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from skillaward.core.idnumber import check_character
from skillaward.demo.data import NAMES

SEED = 2024  # one seed makes the same people every time
FEMALE_MAX_AGE = 44  # women workers retire at 50: none older, so no retirement rule fails


@dataclass(frozen=True)
class Person:
    name: str
    gender: str
    born: date
    id_number: str


class People:
    """Names and ID numbers, never the same person twice."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.ids: set[str] = set()

    def name(self, gender: str) -> str:
        given = NAMES.male_given if gender == "男" else NAMES.female_given
        while True:
            name = self.rng.choice(NAMES.surnames) + self.rng.choice(given)
            if name not in self.names:
                self.names.add(name)
                return name

    def person(self, *, area: str, reference: date, ages: tuple[int, int]) -> Person:
        gender = "女" if ages[0] <= FEMALE_MAX_AGE and self.rng.random() < 0.3 else "男"
        high = ages[1] if gender == "男" else min(ages[1], FEMALE_MAX_AGE)
        age = self.rng.randint(ages[0], high)
        born = date(reference.year - age - 1, self.rng.randint(1, 12), self.rng.randint(1, 28))
        while True:
            serial = self.rng.randint(1, 499) * 2 + (1 if gender == "男" else 0)
            first17 = f"{area}{born:%Y%m%d}{serial % 1000:03d}"
            number = first17 + check_character(first17)
            if number not in self.ids:
                self.ids.add(number)
                return Person(self.name(gender), gender, born, number)
