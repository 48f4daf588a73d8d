"""Awardees of announced campaigns and of past editions; later editions screen against them.

An entry written at announcement names its campaign and application; an entry imported from
a past edition's list (``registry_import``) has neither, only the office that keeps it
(XA24-16) and what the list said. The registry stands a floor below the campaigns, which
screen against it: it refers to them by model label and never imports them.
"""

from __future__ import annotations

from django.db import models

from skillaward.organisations.models import Organisation


class Awardee(models.Model):
    office = models.ForeignKey(
        Organisation,
        verbose_name="评选办公室",
        null=True,
        on_delete=models.PROTECT,
        related_name="awardees",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awardees",
    )
    application = models.OneToOneField(
        "campaigns.Application", null=True, on_delete=models.PROTECT, related_name="awardee"
    )
    id_number = models.CharField("身份证号码", max_length=18, db_index=True)
    name = models.CharField("姓名", max_length=60, blank=True)
    unit_name = models.CharField("工作单位", max_length=120, blank=True)
    title = models.CharField("荣誉称号", max_length=120)
    level = models.CharField("级别", max_length=12)
    year = models.PositiveSmallIntegerField("年度")
    term_end = models.DateField("有效期至", null=True, blank=True)
    announced_at = models.DateTimeField("公布时间", null=True, blank=True)  # None: imported

    class Meta:
        verbose_name = "获评人员"
        ordering = ["-year", "id"]
        # The registry page's default order within an office (registry.selectors).
        indexes = [
            models.Index(fields=["office", "-year", "name", "id"], name="awardee_office_year")
        ]
