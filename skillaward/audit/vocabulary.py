"""What the trail can say: its subjects and its actions, declared once with their names."""

from __future__ import annotations

from django.db import models


class Subject(models.TextChoices):
    """What an entry is about, by the model's label."""

    APPLICATION = "campaigns.application", "申报"
    CAMPAIGN = "campaigns.campaign", "评选活动"
    ORGANISATION = "organisations.organisation", "组织"
    ACCOUNT = "organisations.account", "账号"
    AWARDEE = "registry.awardee", "获评人员"
    PUBLICITY = "publicity.publicity", "公示"
    OBJECTION = "publicity.objection", "异议"
    PANEL = "review.panelresult", "专家评审结果"
    HOLIDAY_YEAR = "holidays.holidayyear", "放假安排"
    EXPERT = "panels.expert", "评审专家"
    PANEL_ONLINE = "panels.panel", "评审组"
    ROUND = "panels.round", "评审轮次"
    SHEET = "panels.sheet", "评审表"


class Action(models.TextChoices):
    # applications
    DRAFT_CREATE = "draft_create", "开始填写申报"
    DRAFT_SAVE = "draft_save", "保存申报信息"
    SUBMIT = "submit", "提交申报"
    PLEDGE = "pledge", "签署承诺"
    FILE_UPLOAD = "file_upload", "上传材料"
    FILE_DELETE = "file_delete", "删除材料"
    EXTERNAL_INVESTIGATION = "external_investigation", "记录外调考察"
    APPROVE = "approve", "审核通过"
    RETURN = "return", "退回修改"
    REJECT = "reject", "不予通过"
    OVERRIDE = "override", "认定资格例外"
    RECOMMENDATION_SUBMIT = "recommendation_submit", "排序报送"
    PUBLICITY_PASS = "publicity_pass", "公示期满通过"
    PUBLICITY_REJECT = "publicity_reject", "公示异议成立"
    PANEL_SELECTED = "panel_selected", "专家评审建议入选"
    PANEL_NOT_SELECTED = "panel_not_selected", "专家评审未入选"
    APPROVAL_APPROVE = "approval_approve", "领导小组审批通过"
    APPROVAL_DECLINE = "approval_decline", "领导小组审批不予通过"
    RESULT_ANNOUNCE = "result_announce", "公布结果"
    AWARDEE_REGISTER = "awardee_register", "登记获评人员"
    # publicity and objections
    PUBLICITY_OPEN = "publicity_open", "开始公示"
    PUBLICITY_CLOSE = "publicity_close", "公示办结"
    OBJECTION_SUBMIT = "objection_submit", "收到异议"
    OBJECTION_RESOLVE = "objection_resolve", "处理异议"
    # panels
    PANEL_RECORD = "panel_record", "录入专家评审结果"
    # campaigns
    CAMPAIGN_CREATE = "campaign_create", "创建评选活动"
    CAMPAIGN_DATES = "campaign_dates", "修改活动日期"
    # organisations and accounts
    ORGANISATION_CREATE = "organisation_create", "设立组织"
    ORGANISATION_UPDATE = "organisation_update", "修改组织信息"
    ACCOUNT_CREATE = "account_create", "创建账号"
    ACCOUNT_ROLE = "account_role", "变更角色"
    ACCOUNT_PASSWORD_RESET = "account_password_reset", "重置密码"
    ACCOUNT_DEACTIVATE = "account_deactivate", "停用账号"
    ACCOUNT_ACTIVATE = "account_activate", "启用账号"
    # registry
    REGISTRY_IMPORT = "registry_import", "导入往届获评人员"
    # holiday schedules
    HOLIDAYS_IMPORT = "holidays_import", "上传放假安排"
    # expert review on the platform (issue 10)
    EXPERT_IMPORT = "expert_import", "导入评审专家"
    EXPERT_SAVE = "expert_save", "保存评审专家信息"
    EXPERT_ACTIVATE = "expert_activate", "启用评审专家"
    EXPERT_DEACTIVATE = "expert_deactivate", "停用评审专家"
    PANEL_CREATE = "panel_create", "组建评审组"
    PANEL_DRAW = "panel_draw", "抽取评审专家"
    PANEL_REDRAW = "panel_redraw", "重新抽取评审专家"
    MEMBER_PICK = "member_pick", "指定评审专家"
    RESERVE_CALL = "reserve_call", "备选专家递补"
    RECUSAL_AUTO = "recusal_auto", "自动回避"
    RECUSAL_DECLARE = "recusal_declare", "声明回避"
    ROUND_OPEN = "round_open", "开始一轮评审"
    SHEET_SAVE = "sheet_save", "保存评审草稿"
    SHEET_SUBMIT = "sheet_submit", "提交评审意见"
    SHEET_CORRECT = "sheet_correct", "更正评审意见"
    ROUND_CLOSE = "round_close", "结束一轮评审并计票"
    RUNOFF_OPEN = "runoff_open", "并列人选再次评审"
    PANEL_FINISH = "panel_finish", "评审办结"
