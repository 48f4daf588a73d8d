from __future__ import annotations

from django.conf import settings
from django.db import models


class DocumentJob(models.Model):
    """A bulk document job: every visible application's form as PDF, in one zip at the end.

    Built in the background (:mod:`skillaward.downloads.jobs`); the page polls ``done``/``total``.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    document = models.CharField("表格", max_length=64)
    title = models.CharField("名称", max_length=255)
    applications = models.JSONField("申报编号", default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    archive = models.FileField(upload_to="jobs/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_list(self) -> bool:
        """An Excel list (``downloads.lists``) rather than a bundle of PDFs."""
        return self.document.startswith("list:")

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else int(100 * self.done / (self.total or 1))
