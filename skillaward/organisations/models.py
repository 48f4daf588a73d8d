"""The selection office, its recommending (归口) units and their base work units; accounts.

An organisation tree has three levels: the office of a region's campaigns at the root, the
recommending units under it, the work units under those. Every account belongs to one
organisation and has one role; what it may see follows from both (``permissions.py``).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from skillaward.core.chain import ROLE_NAMES
from skillaward.core.rules import RECOMMENDER_TYPE_NAMES


class Organisation(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "office", "评选办公室"
        RECOMMENDER = "recommender", "推荐（归口）单位"
        UNIT = "unit", "基层单位"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("层级", max_length=12, choices=Kind.choices)
    recommender_type = models.CharField(
        "推荐单位类型",
        max_length=24,
        blank=True,
        choices=sorted(RECOMMENDER_TYPE_NAMES.items()),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.CharField("所在地区", max_length=60, blank=True)
    contact = models.CharField("联系人", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "组织"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def office(self) -> Organisation:
        node = self
        while node.parent is not None:
            node = node.parent
        return node


class Account(AbstractUser):
    class Role(models.TextChoices):
        APPLICANT = "applicant", ROLE_NAMES["applicant"]
        UNIT_STAFF = "unit_staff", ROLE_NAMES["unit_staff"]
        RECOMMENDER_STAFF = "recommender_staff", ROLE_NAMES["recommender_staff"]
        OFFICE_STAFF = "office_staff", ROLE_NAMES["office_staff"]
        EXPERT = "expert", ROLE_NAMES["expert"]
        APPROVER = "approver", ROLE_NAMES["approver"]

    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.APPLICANT)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所在组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    full_name = models.CharField("姓名", max_length=30, blank=True)
    phone = models.CharField("手机号码", max_length=20, blank=True)

    class Meta:
        verbose_name = "账号"

    def __str__(self) -> str:
        return self.full_name or self.username
