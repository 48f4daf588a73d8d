"""Awardees of announced campaigns; later editions screen against them (e.g. BJ24-03)."""

from __future__ import annotations

from django.db import models

from skillaward.campaigns.models import Application, Campaign


class Awardee(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="awardees")
    application = models.OneToOneField(
        Application, null=True, on_delete=models.PROTECT, related_name="awardee"
    )
    id_number = models.CharField("身份证号码", max_length=18, db_index=True)
    name = models.CharField("姓名", max_length=60)
    unit_name = models.CharField("工作单位", max_length=120)
    title = models.CharField("荣誉称号", max_length=120)
    level = models.CharField("级别", max_length=12)
    year = models.PositiveSmallIntegerField("年度")
    term_end = models.DateField("有效期至", null=True, blank=True)
    announced_at = models.DateTimeField("公布时间")

    class Meta:
        verbose_name = "获评人员"
        ordering = ["-year", "id"]
