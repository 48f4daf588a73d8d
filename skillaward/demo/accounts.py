"""The demo's organisation tree and accounts, made through the organisation services as each
level would make them: the operator opens the office, its staff the recommending units and
their accounts, those units' staff their work units and accounts, a work unit's staff its
applicants' accounts."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from skillaward.demo.data import ACCOUNTS, RecommenderSpec, RegionSpec, UnitSpec
from skillaward.demo.people import People
from skillaward.demo.records import mobile
from skillaward.organisations.models import Account, Organisation
from skillaward.organisations.services import (
    HashedPassword,
    account_create,
    office_create,
    organisation_create,
)


@dataclass
class DemoAccount:
    region: str
    account: Account

    @property
    def role(self) -> str:
        return self.account.role


@dataclass(frozen=True)
class Workplace:
    """A work unit under its recommending unit, as made and as described."""

    recommender: Organisation
    unit: Organisation
    recommender_spec: RecommenderSpec
    unit_spec: UnitSpec


class Staff:
    """Every account made, in order, and the first account of each role in each organisation:
    the one who acts there."""

    def __init__(self, people: People, rng: random.Random) -> None:
        self.people = people
        self.rng = rng
        self.accounts: list[DemoAccount] = []
        # Hashed once: every demo account shares the password, and its hash.
        self.password = HashedPassword(make_password(ACCOUNTS.password))
        self.counters: Counter[str] = Counter()
        self.acting: dict[tuple[int | None, str], Account] = {}

    def of(self, organisation_id: int | None, role: str) -> Account:
        """Who acts as ``role`` in the organisation."""
        return self.acting[(organisation_id, role)]

    def region(self, spec: RegionSpec) -> tuple[Account, list[Workplace]]:
        """The office with its accounts, and the units under it with theirs: the office's
        staff, and every work unit."""
        office_staff = self.keep(
            spec,
            office_create(
                name=spec.office,
                region=spec.region,
                password=self.password,
                **self._identity(spec, "office_staff"),
            ),
        )
        office = office_staff.organisation
        assert office is not None
        for role in ACCOUNTS.office[1:]:
            self.account(spec, role, office, actor=office_staff)
        workplaces = []
        for rec_spec in spec.recommenders:
            recommender = organisation_create(
                parent=office,
                name=rec_spec.name,
                actor=office_staff,
                recommender_type=rec_spec.type,
                region=rec_spec.district,
            )
            for role in ACCOUNTS.recommender:
                self.account(spec, role, recommender, actor=office_staff)
            rec_staff = self.of(recommender.pk, "recommender_staff")
            for unit_spec in rec_spec.units:
                unit = organisation_create(parent=recommender, name=unit_spec.name, actor=rec_staff)
                for role in ACCOUNTS.unit:
                    self.account(spec, role, unit, actor=rec_staff)
                workplaces.append(Workplace(recommender, unit, rec_spec, unit_spec))
        return office_staff, workplaces

    def account(
        self,
        spec: RegionSpec,
        role: str,
        organisation: Organisation,
        *,
        actor: Account,
        full_name: str = "",
    ) -> Account:
        """An account of ``role`` in the organisation, made by ``actor``; a name of its own
        unless ``full_name`` gives it."""
        user = account_create(
            organisation=organisation,
            role=role,
            password=self.password,
            actor=actor,
            **self._identity(spec, role, full_name),
        )
        return self.keep(spec, user)

    def _identity(self, spec: RegionSpec, role: str, full_name: str = "") -> dict[str, str]:
        """Username, name and phone of the next account of ``role`` in the region."""
        key = f"{spec.tag}-{role}"
        self.counters[key] += 1
        number = f"{self.counters[key]:02d}" if role in ACCOUNTS.numbered else ""
        if not full_name:
            full_name = self.people.name("女" if self.rng.random() < 0.4 else "男")
        return {
            "username": f"{spec.tag}-{ACCOUNTS.usernames[role]}{number}",
            "full_name": full_name,
            "phone": mobile(self.rng),
        }

    def keep(self, spec: RegionSpec, user: Account) -> Account:
        self.accounts.append(DemoAccount(spec.region, user))
        self.acting.setdefault((user.organisation_id, user.role), user)
        return user
