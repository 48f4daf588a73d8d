"""Expert review on the platform: the office's pool of experts, panels, draws, rounds, sheets.

A panel belongs to one chain step of one campaign, for one award (and, at a recommending unit's
review, one recommending unit); a grouped panel (BJ6-16) has one panel per group and one with
``group == ""`` for the comprehensive deliberation. Its settings are the programme's panel
declaration with the campaign's adjustments, as they stood when the panel was formed. The trail
of every action is in ``audit``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from skillaward.campaigns.models import Application, Campaign
from skillaward.organisations.models import Account, Organisation


class Expert(models.Model):
    """One expert of an office's pool (评审专家库), with the account the expert signs in with."""

    office = models.ForeignKey(
        Organisation, verbose_name="评选办公室", on_delete=models.PROTECT, related_name="experts"
    )
    account = models.OneToOneField(
        Account, verbose_name="账号", on_delete=models.PROTECT, related_name="expert"
    )
    name = models.CharField("姓名", max_length=30)
    occupations = models.JSONField("职业（工种）/专业领域", default=list)  # [name, …]
    level = models.CharField("技能等级/职称", max_length=40, blank=True)
    work_unit = models.CharField("工作单位", max_length=100, blank=True)
    work_unit_org = models.ForeignKey(
        Organisation,
        verbose_name="工作单位（平台内）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region_code = models.CharField("地区", max_length=60, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    active = models.BooleanField("可抽取", default=True)

    class Meta:
        verbose_name = "评审专家"
        ordering = ["office", "id"]

    def __str__(self) -> str:
        return self.name


class Panel(models.Model):
    class Status(models.TextChoices):
        FORMING = "forming", "组建中"
        SCORING = "scoring", "评审中"
        CLOSED = "closed", "评审结束"
        FINISHED = "finished", "已办结"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="panels")
    step_id = models.CharField("环节", max_length=32)
    award_id = models.CharField("奖项", max_length=40)
    recommender = models.ForeignKey(
        Organisation,
        verbose_name="推荐（归口）单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="panels",
    )
    group = models.CharField("评审组", max_length=60, blank=True)  # "": whole panel / deliberation
    settings = models.JSONField("评审规则")  # panel_settings(...) as it stood at creation
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.FORMING)
    summary = models.FileField("签字汇总表", upload_to="panels/%Y/", blank=True)
    created_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "评审组"
        ordering = ["campaign", "step_id", "award_id", "recommender", "group", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "step_id", "award_id", "recommender", "group"],
                name="panel_once",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.group or '评审委员会'}"


class Draw(models.Model):
    """One draw of members from the pool: enough kept to replay it (``core.draw.draw``)."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="draws")
    seed = models.CharField("随机种子", max_length=64)
    pool = models.JSONField("抽取时的专家库")  # [{id, occupations}] as it stood
    filter = models.JSONField("抽取范围", default=list)  # occupations/fields asked for
    size = models.PositiveSmallIntegerField("抽取人数")
    reserves = models.PositiveSmallIntegerField("备选人数")
    result = models.JSONField("抽取结果")  # expert ids: members, then reserves
    actor = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "专家抽取"
        ordering = ["panel", "id"]


class Member(models.Model):
    class Kind(models.TextChoices):
        DRAWN = "drawn", "抽取"
        RESERVE = "reserve", "备选"
        PICKED = "picked", "指定"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="members")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="memberships")
    kind = models.CharField("产生方式", max_length=8, choices=Kind.choices)
    order = models.PositiveSmallIntegerField("顺序")
    active = models.BooleanField("参加评审", default=True)  # a reserve: once called
    replaced_reason = models.CharField("替换原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "评审组成员"
        ordering = ["panel", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "expert"], name="member_once"),
        ]

    def __str__(self) -> str:
        return str(self.expert)


class Round(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField("轮次")
    runoff_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="runoffs"
    )
    candidates = models.ManyToManyField(Application, related_name="panel_rounds")
    quota = models.PositiveSmallIntegerField("名额")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    tally = models.JSONField("计票结果", null=True, blank=True)  # TallyReport.to_json()

    class Meta:
        verbose_name = "评审轮次"
        ordering = ["panel", "number"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "number"], name="round_once"),
        ]

    def __str__(self) -> str:
        return f"{self.panel} 第{self.number}轮"


class Recusal(models.Model):
    class Reason(models.TextChoices):
        WORK_UNIT = "work_unit", "本人所在单位"
        RECOMMENDER = "recommender", "推荐（归口）单位"
        COSIGNER = "cosigner", "推荐专家（联名推荐）"
        HANDLER = "handler", "经办过该申报"
        KINSHIP = "kinship", "亲属关系"
        TEACHER_APPRENTICE = "teacher_apprentice", "师徒关系"
        COLLABORATION = "collaboration", "近三年合作关系"
        OTHER = "other", "其他"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="recusals")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="recusals")
    # ``organisations.permissions`` reads ``recusals`` (by name) to hide the candidate.
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="recusals")
    automatic = models.BooleanField("自动回避")
    reason_code = models.CharField("回避原因", max_length=20, choices=Reason.choices)
    reason = models.CharField("说明", max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(Account, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "回避"
        ordering = ["panel", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="recusal_once"),
        ]


class Sheet(models.Model):
    """One expert's score sheet or ballot for one candidate in one round; a correction after
    submitting is a new version, the old one kept (``current`` false)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"

    class Vote(models.TextChoices):
        YES = "yes", "赞成"
        NO = "no", "反对"
        ABSTAIN = "abstain", "弃权"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="sheets")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="sheets")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField("版本", default=1)
    current = models.BooleanField(default=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    criteria = models.JSONField("评分", null=True, blank=True)  # {criterion id: "decimal"}
    vote = models.CharField("投票", max_length=8, choices=Vote.choices, blank=True)
    comment = models.TextField("评审意见", blank=True)
    reason = models.CharField("更正理由", max_length=200, blank=True)
    saved_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "评审表"
        ordering = ["round", "member", "application", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member", "application"],
                condition=Q(current=True),
                name="sheet_one_current",
            ),
            models.UniqueConstraint(
                fields=["round", "member", "application", "version"], name="sheet_version_once"
            ),
        ]
