"""Campaigns (one edition of a programme, with its dates) and the applications to them.

An application keeps the applicant record being filled in as the interchange JSON object
(``data``), so that what was submitted exports as an applicant record with nothing lost;
the few values lists filter and sort on are copied into columns when it is saved. What the
official forms print beyond the record (phone, bank account …) is kept apart in ``details``.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from skillaward.audit.models import AuditEntry, AuditQuerySet
from skillaward.core import chain
from skillaward.core.program import Phase, Program, find_program
from skillaward.core.record import Channel
from skillaward.core.rules import CHANNEL_NAMES
from skillaward.organisations.models import Organisation


class Campaign(models.Model):
    program_id = models.CharField("评选项目", max_length=60)
    name = models.CharField("活动名称", max_length=120)
    office = models.ForeignKey(
        Organisation, verbose_name="评选办公室", on_delete=models.PROTECT, related_name="campaigns"
    )
    reference_date = models.DateField("基准日期")
    phases = models.JSONField("阶段日期", default=list)  # [Phase as JSON], the edition's dates
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "评选活动"
        ordering = ["-reference_date", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def program(self) -> Program:
        return find_program(self.program_id)

    @property
    def workflow(self) -> chain.Chain:
        return self.program.workflow

    def timeline(self) -> list[Phase]:
        return [Phase.model_validate(p) for p in self.phases]

    def submission_phase(self) -> Phase:
        return next(p for p in self.timeline() if p.submission)

    def accepts_material_on(self, day: date) -> bool:
        """Whether material may be submitted on ``day`` (Beijing date): CC3-15, BJ24-11."""
        phase = self.submission_phase()
        if day > phase.end:
            return False
        return not (phase.strict_window and phase.start is not None and day < phase.start)


class ApplicationQuerySet(models.QuerySet["Application"]):
    def active(self) -> ApplicationQuerySet:
        return self.exclude(stage__in=[chain.DRAFT, chain.REJECTED])


class Application(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name="所在单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_applications",
    )
    recommender = models.ForeignKey(
        Organisation,
        verbose_name="推荐（归口）单位",
        on_delete=models.PROTECT,
        related_name="recommended_applications",
    )
    award_id = models.CharField("申报奖项", max_length=40)
    channel: models.CharField[str, Channel] = models.CharField(
        "推荐方式", max_length=10, choices=list(CHANNEL_NAMES.items())
    )
    data = models.JSONField("申报信息", default=dict)  # the applicant record, as interchange JSON
    # What the official forms print beyond the record (mobile, household registration, bank
    # account …): the fields of ``documents.context.ApplicantContext`` but the photo and the
    # opinions, which come from ``photo`` and the audit trail. Kept as typed, like ``data``.
    details = models.JSONField("申报表其他信息", default=dict, blank=True)
    name = models.CharField("姓名", max_length=60, blank=True)
    id_number = models.CharField("身份证号码", max_length=18, blank=True, db_index=True)
    stage = models.CharField("所处环节", max_length=32, default=chain.DRAFT, db_index=True)
    verdict = models.CharField("资格初筛结论", max_length=12, blank=True)
    findings = models.JSONField("资格初筛结果", default=list)  # as of the last save
    rank = models.PositiveSmallIntegerField("推荐排序", null=True, blank=True)
    # Set when the recommending unit submits the candidate to the office; one per person.
    submitted_person = models.CharField(max_length=18, null=True, blank=True, editable=False)
    photo = models.FileField("照片", upload_to="photos/%Y/", blank=True)
    pledged_at = models.DateTimeField("承诺时间", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    external_investigation = models.TextField("外调考察情况", blank=True)  # BJ6-12
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "申报"
        ordering = ["campaign", "recommender", "rank", "id"]
        # What the lists filter, count and sort by (campaigns.lists): the counts per stage read
        # the first index only; a page's keys are read in the order of one of them, its stage
        # included (no table read to drop drafts or to filter by stage).
        indexes = [
            models.Index(
                fields=["campaign", "stage", "recommender", "rank", "id"],
                name="application_campaign_stage",
            ),
            models.Index(
                fields=["campaign", "recommender", "rank", "id"],
                include=["stage"],
                name="application_campaign_unit",
            ),
            models.Index(
                fields=["campaign", "name", "id"],
                include=["stage"],
                name="application_campaign_name",
            ),
            models.Index(
                fields=["campaign", "submitted_at", "id"],
                include=["stage"],
                name="application_campaign_sent",
            ),
            # The latest change of a campaign: the key of its cached stage counts.
            models.Index(fields=["campaign", "updated_at"], name="application_campaign_changed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "submitted_person"],
                condition=Q(submitted_person__isnull=False),
                name="application_submitted_once_per_person",
            ),
            # One person, one application per campaign and award, once submitted.
            models.UniqueConstraint(
                fields=["campaign", "award_id", "id_number"],
                condition=Q(submitted_at__isnull=False) & ~Q(id_number=""),
                name="application_once_per_person_and_award",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or '（未填姓名）'} · {self.campaign}"

    @property
    def stage_name(self) -> str:
        return chain.stage_name(self.campaign.workflow, self.stage)

    @property
    def award_name(self) -> str:
        return self.campaign.program.award(self.award_id).name

    @property
    def audit_entries(self) -> AuditQuerySet:
        """The application's trail, oldest first."""
        return AuditEntry.objects.of(self)


class ApplicationVersion(models.Model):
    """What the applicant submitted, as it was: one row per submission, never changed.

    A returned application is corrected and submitted again; each submission keeps its own
    record and details here, numbered from 1.
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本")
    data = models.JSONField("申报信息")
    details = models.JSONField("申报表其他信息", default=dict)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "申报提交版本"
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="version_once"),
        ]


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    material_id = models.CharField("材料", max_length=40)
    file = models.FileField(upload_to="materials/%Y/")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "证明材料"
        ordering = ["material_id", "id"]
