"""The one audit model: who did what to which subject, when, why, and what it changed.

An entry names its subject by model label and key (:class:`Subject`), so the ground floor
knows no model above it. ``before`` and ``after`` hold the changed fields only. The trail is
append-only: a saved entry refuses to be saved again or deleted, and the queryset refuses
bulk updates and deletes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from skillaward.audit.vocabulary import Action, Subject


class AuditTrailIsAppendOnly(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def of(self, subject: models.Model) -> AuditQuerySet:
        """The entries about ``subject``, oldest first."""
        return self.filter(subject_type=subject._meta.label_lower, subject_id=subject.pk)

    def of_all(self, subjects: Sequence[models.Model]) -> AuditQuerySet:
        """The entries about any of ``subjects`` (all of one model), oldest first."""
        if not subjects:
            return self.none()
        label = subjects[0]._meta.label_lower
        return self.filter(subject_type=label, subject_id__in=[s.pk for s in subjects])

    def moves(self) -> AuditQuerySet:
        """The entries that changed an application's stage."""
        return self.filter(after__has_key="stage")

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditTrailIsAppendOnly("操作记录只能追加，不能修改")

    def delete(self) -> NoReturn:
        raise AuditTrailIsAppendOnly("操作记录只能追加，不能删除")


class AuditEntry(models.Model):
    subject_type = models.CharField("对象类型", max_length=40, choices=Subject.choices)
    subject_id = models.PositiveBigIntegerField("对象编号")
    subject_label = models.CharField("对象", max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=60)
    role = models.CharField("角色", max_length=20, blank=True)
    organisation = models.CharField("所在组织", max_length=100, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    action = models.CharField("操作", max_length=40, choices=Action.choices)
    # The stage an application was in when the action happened (blank for other subjects).
    stage = models.CharField("所处环节", max_length=32, blank=True)
    before = models.JSONField("修改前", default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField("修改后", default=dict, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField("意见或理由", blank=True)
    clause = models.CharField("条款", max_length=12, blank=True)
    document = models.FileField("附件", upload_to="audit/%Y/", blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "操作记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject")]

    @property
    def action_name(self) -> str:
        return Action(self.action).label if self.action in Action.values else self.action

    @property
    def from_stage(self) -> str:
        return str(self.before.get("stage", self.stage))

    @property
    def to_stage(self) -> str:
        return str(self.after.get("stage", ""))

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditTrailIsAppendOnly("操作记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditTrailIsAppendOnly("操作记录只能追加，不能删除")
