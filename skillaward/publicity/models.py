"""Publicity periods (N working days, end date computed) and objections received in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from skillaward.campaigns.models import Application, Campaign
from skillaward.organisations.models import Organisation


class Publicity(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="publicities")
    step = models.CharField("流程步骤", max_length=32)  # publicity_<stage>
    organisation = models.ForeignKey(
        Organisation, verbose_name="公示单位", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题", max_length=160)
    start_date = models.DateField("公示开始")
    end_date = models.DateField("公示结束")
    working_days = models.PositiveSmallIntegerField("工作日数")
    applications = models.ManyToManyField(Application, related_name="publicities")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField("结束处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "公示"
        ordering = ["-start_date", "id"]


class Objection(models.Model):
    publicity = models.ForeignKey(Publicity, on_delete=models.PROTECT, related_name="objections")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="objections"
    )
    text = models.TextField("异议内容")
    # The notices ask for real names (实名); rows from before the field was added have none.
    name = models.CharField("反映人姓名", max_length=40, blank=True)
    contact = models.CharField("联系方式", max_length=60, blank=True)
    # Given to the objector, who looks up the outcome with it and the contact.
    reference = models.CharField("受理编号", max_length=16, unique=True, null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    upheld = models.BooleanField("异议成立", null=True)
    resolution = models.TextField("核查处理结果", blank=True)

    class Meta:
        verbose_name = "异议"
        ordering = ["received_at", "id"]
