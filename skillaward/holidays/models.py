from __future__ import annotations

from django.conf import settings
from django.db import models

from skillaward.core.workdays import HolidaySchedule


class HolidayYear(models.Model):
    """One year's official days off and make-up working days, as the office uploaded them."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    holidays = models.JSONField("放假日期", default=list)  # ISO dates, in order
    workdays = models.JSONField("调休上班日期", default=list)
    source = models.CharField("来源文件", max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = verbose_name_plural = "节假日安排"

    def __str__(self) -> str:
        return f"{self.year}年放假安排"

    def schedule(self) -> HolidaySchedule:
        from datetime import date

        return HolidaySchedule(
            year=self.year,
            holidays=frozenset(date.fromisoformat(d) for d in self.holidays),
            workdays=frozenset(date.fromisoformat(d) for d in self.workdays),
        )
