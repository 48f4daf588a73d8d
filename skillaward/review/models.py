"""The office's overrides of findings, and offline panel results (the trail is in ``audit``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from skillaward.campaigns.models import Application, Campaign


class Override(models.Model):
    """The office accepting an application despite a failing finding (一般… exceptions)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="overrides")
    clause = models.CharField("条款", max_length=12)
    reason = models.TextField("理由")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "资格例外认定"
        constraints = [
            models.UniqueConstraint(fields=["application", "clause"], name="override_once"),
        ]


class PanelResult(models.Model):
    """An offline expert panel's result for one award, with its signed sheet."""

    class Method(models.TextChoices):
        SCORE = "score", "评分"
        VOTE = "vote", "投票"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="panel_results")
    award_id = models.CharField(max_length=40)
    method = models.CharField("评审方式", max_length=8, choices=Method.choices)
    members = models.PositiveSmallIntegerField("应到评委人数")
    sheet = models.FileField("签字结果表", upload_to="panels/%Y/")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "专家评审结果"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "award_id"], name="panel_once_per_award"),
        ]


class PanelLine(models.Model):
    result = models.ForeignKey(PanelResult, on_delete=models.CASCADE, related_name="lines")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField("名次")
    score = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True, blank=True)
    votes = models.PositiveSmallIntegerField("得票", null=True, blank=True)
    selected = models.BooleanField("建议入选")

    class Meta:
        ordering = ["rank"]
