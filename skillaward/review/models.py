"""The audit trail, the office's overrides of findings, and offline panel results.

:class:`AuditEntry` is append-only: the model refuses to update or delete a saved row and its
queryset refuses bulk updates and deletes, so nothing in the application can rewrite history.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from skillaward.campaigns.models import Application, Campaign

# What each audit action is called on pages and in the command line.
ACTION_NAMES: dict[str, str] = {
    "submit": "提交申报",
    "pledge": "签署承诺",
    "external_investigation": "记录外调考察",
    "approve": "审核通过",
    "return": "退回修改",
    "reject": "不予通过",
    "override": "认定资格例外",
    "recommendation_submit": "排序报送",
    "publicity_open": "开始公示",
    "objection_submit": "收到异议",
    "objection_resolve": "处理异议",
    "publicity_pass": "公示期满通过",
    "publicity_reject": "公示异议成立",
    "panel_selected": "专家评审建议入选",
    "panel_not_selected": "专家评审未入选",
    "approval_approve": "领导小组审批通过",
    "result_announce": "公布结果",
    "awardee_register": "登记获评人员",
}


class AuditTrailIsAppendOnly(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditTrailIsAppendOnly("审核记录只能追加，不能修改")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AuditTrailIsAppendOnly("审核记录只能追加，不能删除")


class AuditEntry(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=60)
    role = models.CharField("角色", max_length=20)
    organisation = models.CharField("所在组织", max_length=100, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    action = models.CharField("操作", max_length=40)
    from_stage = models.CharField("原环节", max_length=32, blank=True)
    to_stage = models.CharField("新环节", max_length=32, blank=True)
    reason = models.TextField("意见或理由", blank=True)
    clause = models.CharField("条款", max_length=12, blank=True)
    document = models.FileField("附件", upload_to="audit/%Y/", blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审核记录"
        ordering = ["at", "id"]

    @property
    def action_name(self) -> str:
        return ACTION_NAMES.get(self.action, self.action)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditTrailIsAppendOnly("审核记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditTrailIsAppendOnly("审核记录只能追加，不能删除")


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
