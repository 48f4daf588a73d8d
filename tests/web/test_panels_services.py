"""Expert review on the platform (issue 10): each service, each refusal, through the real calls.

A city panel of Liaocheng (LC19-13: vote, at least 5, pass at 2/3) and its recommending units'
panel (LC19-10: score, at least 7, trim 1 of 5); Beijing's grouped panel (BJ6-16).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillaward.audit.models import AuditEntry
from skillaward.base.errors import ActionRefused
from skillaward.core import chain
from skillaward.core.draw import PoolExpert, draw
from skillaward.core.panel import PanelAdjustment
from skillaward.core.tally import tally
from skillaward.organisations.models import Account
from skillaward.panels.models import Draw, Expert, Member, Recusal, Round, Sheet
from skillaward.panels.selectors import (
    assignments,
    may_review,
    round_progress,
    round_report,
    round_sheet,
    visible_sheets,
    visible_tally,
)
from skillaward.panels.services import (
    ExpertListRefused,
    expert_active_set,
    expert_import,
    expert_save,
    member_pick,
    panel_create,
    panel_draw,
    panel_finish,
    recusal_declare,
    reserve_call,
    round_close,
    round_open,
    runoff_open,
    sheet_correct,
    sheet_save,
    sheet_submit,
)
from tests.builders import applicant
from tests.web.chain_helpers import at_stage, pdf
from tests.web.factories import world
from tests.web.panel_helpers import HEADERS, candidates, drawn, give, members, opened, pool, xlsx

pytestmark = pytest.mark.django_db

LC = "liaocheng-chief-2019"


@pytest.fixture
def w():
    return world(LC)


@pytest.fixture
def city(w):
    """Three candidates at the city panel, a pool of 8, 5 members and 2 reserves drawn."""
    apps = candidates(w, 3)
    pool(w, 8)
    return drawn(w), apps


# --- the pool -------------------------------------------------------------------------------


def test_expert_import_creates_experts_with_accounts_and_passwords(w):
    file = xlsx(
        ["王建国", "车工、钳工", "高级技师", "某机械有限公司", "聊城市", "13900000001"],
        ["李红", "焊工", "正高级工程师", "聊城职业技术学院", "", 13900000002],
    )
    result = expert_import(office=w.office, file=file, actor=w.account("office_staff"))
    assert [c.expert.name for c in result.created] == ["王建国", "李红"]
    first = result.created[0].expert
    assert first.occupations == ["车工", "钳工"] and first.region_code == "371500"
    assert first.work_unit_org == w.unit  # the office's own tree names the unit
    usernames = [c.expert.account.username for c in result.created]
    assert len(set(usernames)) == 2 and all(u.isascii() for u in usernames)
    assert all(c.expert.account.role == "expert" for c in result.created)
    assert all(c.expert.account.check_password(c.password) for c in result.created)


def test_expert_import_errors_by_row_and_column_nothing_saved(w):
    file = xlsx(
        ["王建国", "车工", "高级技师", "某厂", "聊城市", "13900000001"],
        ["", "焊工", "", "", "", "1390000"],
        ["赵六", "", "", "", "火星", "13900000001"],
    )
    with pytest.raises(ExpertListRefused) as refused:
        expert_import(office=w.office, file=file, actor=w.account("office_staff"))
    where = [(e.row, e.column) for e in refused.value.errors]
    assert where == [(4, "A"), (4, "F"), (5, "B"), (5, "E"), (5, "F")]
    assert "第4行A列“姓名”：不能为空" in str(refused.value)
    assert not Expert.objects.exists()
    assert not Account.objects.filter(role="expert").exclude(pk=w.account("expert").pk).exists()


def test_expert_import_phone_already_in_pool_refused(w):
    pool(w, 1)
    with pytest.raises(ExpertListRefused, match="已是专家库中“专家0”的"):
        expert_import(
            office=w.office,
            file=xlsx(["新专家", "车工", "", "", "", "13900000000"]),
            actor=w.account("office_staff"),
        )
    assert Expert.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a workbook", "不是有效的.xlsx文件"), (None, "表头缺少列：手机号")],
)
def test_expert_import_unreadable_or_headless_refused(w, content, message):
    file = (
        SimpleUploadedFile("x.xlsx", content)
        if content
        else xlsx(["王建国", "车工"], headers=HEADERS[:2])
    )
    with pytest.raises(ActionRefused, match=message):
        expert_import(office=w.office, file=file, actor=w.account("office_staff"))


def test_expert_import_only_by_the_office(w):
    with pytest.raises(ActionRefused, match="只有本评选办公室的工作人员"):
        expert_import(office=w.office, file=xlsx(), actor=w.account("recommender_staff"))


def test_expert_save_by_hand_then_changed_and_unchanged_refused(w):
    office = w.account("office_staff")
    made = expert_save(office=w.office, actor=office, name="张工", occupations=["电工"])
    assert made.password and made.expert.account.full_name == "张工"
    changed = expert_save(office=w.office, actor=office, expert=made.expert, level="技师")
    assert changed.password is None and changed.expert.level == "技师"
    entry = AuditEntry.objects.filter(action="expert_save").last()
    assert entry is not None and entry.after == {"level": "技师"}
    with pytest.raises(ActionRefused, match="没有变化"):
        expert_save(office=w.office, actor=office, expert=made.expert, level="技师")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "", "occupations": ["电工"]}, "请填写专家姓名"),
        ({"name": "张工", "occupations": []}, "职业"),
        ({"name": "张工", "occupations": ["电工"], "phone": "12345"}, "不是11位手机号码"),
        ({"name": "张工", "occupations": ["电工"], "age": 50}, "没有这些项"),
        ({"name": "张" * 31, "occupations": ["电工"]}, "姓名不超过30字"),
    ],
)
def test_expert_save_bad_input_refused(w, fields, message):
    with pytest.raises(ActionRefused, match=message):
        expert_save(office=w.office, actor=w.account("office_staff"), **fields)
    assert not Expert.objects.exists()


def test_inactive_expert_is_not_drawn(w):
    experts = pool(w, 6)
    expert_active_set(expert=experts[0], active=False, actor=w.account("office_staff"))
    candidates(w, 1)
    panel = drawn(w, size=5, reserves=0)
    assert experts[0].pk not in panel.draws.get().result
    with pytest.raises(ActionRefused, match="已停用"):
        expert_active_set(expert=experts[0], active=False, actor=w.account("office_staff"))


# --- panels ---------------------------------------------------------------------------------


def test_panel_create_keeps_the_settings_with_the_campaigns_adjustment(w):
    assert w.campaign is not None
    panel = panel_create(
        campaign=w.campaign,
        step_id="panel",
        award_id=w.campaign.program.awards[0].id,
        actor=w.account("office_staff"),
        adjustment=PanelAdjustment(members=9, quorum="3/4"),
    )
    assert panel.settings["members"] == 9
    assert panel.settings["rules"] == {
        "method": "vote",
        "quorum": "3/4",
        "threshold": {"at_least": "2/3"},
    }


def test_lc19_10_recommender_panel_below_seven_refused(w):
    assert w.campaign is not None
    with pytest.raises(ActionRefused, match="不得少于7人（LC19-10）"):
        panel_create(
            campaign=w.campaign,
            step_id="recommender_review",
            award_id=w.campaign.program.awards[0].id,
            recommender=w.recommender,
            actor=w.account("recommender_staff"),
            adjustment=PanelAdjustment(members=6),
        )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"adjustment": PanelAdjustment(quorum="1/2")}, "不得低于2/3"),
        ({"group": "车工"}, "不分组评审"),
        ({"step_id": "office_review"}, "不由专家评审"),
        ({"recommender": "recommender"}, "由评选办公室组织"),
        ({"actor": "recommender_staff"}, "应由评选办公室工作人员组织"),
    ],
)
def test_panel_create_refusals(w, options, message):
    assert w.campaign is not None
    if options.get("recommender"):
        options["recommender"] = w.recommender
    actor = w.account(options.pop("actor", "office_staff"))
    with pytest.raises(ActionRefused, match=message):
        panel_create(
            campaign=w.campaign,
            award_id=w.campaign.program.awards[0].id,
            actor=actor,
            **{"step_id": "panel", **options},
        )


def test_panel_create_twice_refused(w):
    assert w.campaign is not None
    award_id = w.campaign.program.awards[0].id
    office = w.account("office_staff")
    panel_create(campaign=w.campaign, step_id="panel", award_id=award_id, actor=office)
    with pytest.raises(ActionRefused, match="已经组建"):
        panel_create(campaign=w.campaign, step_id="panel", award_id=award_id, actor=office)


# --- the draw -------------------------------------------------------------------------------


def test_draw_is_recorded_and_replays(city):
    panel, _ = city
    record = panel.draws.get()
    replay = draw(
        [PoolExpert.from_json(e) for e in record.pool],
        seed=record.seed,
        size=record.size,
        reserves=record.reserves,
        occupations=record.filter,
    )
    assert replay.order == record.result
    kinds = [(m.expert_id, m.kind, m.active) for m in panel.members.order_by("order")]
    assert kinds == [(e, "drawn", True) for e in record.result[:5]] + [
        (e, "reserve", False) for e in record.result[5:]
    ]
    entry = AuditEntry.objects.get(action="panel_draw")
    assert entry.after["seed"] == "s1" and entry.after["result"] == record.result


def test_redraw_replaces_drawn_members_and_is_audited_as_a_redraw(w, city):
    panel, _ = city
    before = list(panel.members.values_list("expert_id", flat=True))
    panel_draw(panel=panel, size=5, reserves=1, actor=w.account("office_staff"), seed="s2")
    assert panel.draws.count() == 2 and panel.members.count() == 6
    entry = AuditEntry.objects.get(action="panel_redraw")
    assert sorted(entry.before["members"]) == sorted(before)


def test_draw_by_occupation(w):
    pool(w, 5, occupations=["焊工"])
    welders = {e.pk for e in pool(w, 6, occupations=["车工"], start=10)}
    panel = drawn(w, size=5, reserves=1, seed="x")
    assert w.campaign is not None
    panel_draw(
        panel=panel, size=5, reserves=1, actor=w.account("office_staff"), occupations=["车工"]
    )
    assert set(panel.members.values_list("expert_id", flat=True)) == welders


def test_lc19_13_draw_below_the_minimum_refused(w):
    pool(w, 8)
    with pytest.raises(ActionRefused, match="不得少于5人"):
        drawn(w, size=4)
    assert not Draw.objects.exists()


def test_lc19_10_recommender_draw_below_seven_refused(w):
    pool(w, 8)
    with pytest.raises(ActionRefused, match="不得少于7人（LC19-10）"):
        drawn(
            w,
            size=6,
            step_id="recommender_review",
            recommender=w.recommender,
            actor="recommender_staff",
        )


def test_draw_from_too_small_a_pool_refused(w):
    pool(w, 5)
    with pytest.raises(ActionRefused, match="只有5人，不足抽取的5人和备选2人"):
        drawn(w, size=5, reserves=2)


def test_draw_after_the_review_started_refused(w, city):
    panel, _ = city
    opened(w, panel)
    with pytest.raises(ActionRefused, match="评审中"):
        panel_draw(panel=panel, size=5, reserves=0, actor=w.account("office_staff"))


# --- automatic recusal ----------------------------------------------------------------------


def test_automatic_recusal_work_unit_and_recommender(w):
    (application,) = candidates(w, 1)
    office = w.account("office_staff")
    pool(w, 5)
    same_unit = expert_save(
        office=w.office,
        actor=office,
        name="同单位",
        occupations=["车工"],
        work_unit="某机械有限公司",
    ).expert
    at_recommender = expert_save(
        office=w.office,
        actor=office,
        name="推荐单位",
        occupations=["车工"],
        work_unit_org=w.recommender,
    ).expert
    panel = drawn(w, size=7, reserves=0)
    reasons = dict(Recusal.objects.filter(panel=panel).values_list("member__expert", "reason_code"))
    assert reasons == {same_unit.pk: "work_unit", at_recommender.pk: "recommender"}
    assert all(r.automatic and r.application == application for r in Recusal.objects.all())


def test_bj6_10_cosigner_recuses_automatically():
    w = world("beijing-outstanding-6")
    signer = {"name": "专家0", "skill_level": "高级技师", "occupation": "车工", "signed": True}
    signers = [signer, signer | {"name": "乙"}, signer | {"name": "丙"}]
    record = applicant(w.program_id, serial=30, nomination={"experts": signers})
    application = at_stage(w, "panel", plain=True, channel="expert", unit=None, data=record)
    pool(w, 6)
    panel = panel_create(
        campaign=application.campaign,
        step_id="panel",
        award_id=application.award_id,
        actor=w.account("office_staff"),
        group="车工",
    )
    panel_draw(panel=panel, size=6, reserves=0, actor=w.account("office_staff"))
    recusal = Recusal.objects.get()
    assert (recusal.member.expert.name, recusal.reason_code) == ("专家0", "cosigner")


def test_automatic_recusal_of_staff_who_handled_the_candidate(w):
    (application,) = candidates(w, 1)
    experts = pool(w, 5)
    handler = application.audit_entries.exclude(actor=None).first()
    assert handler is not None
    account = handler.actor
    account.role = "expert"
    account.save()
    Expert.objects.filter(pk=experts[0].pk).update(account=account)
    panel = drawn(w, size=5, reserves=0)
    assert list(Recusal.objects.filter(panel=panel).values_list("reason_code", flat=True)) == [
        "handler"
    ]


# --- hand-picked members and reserves -------------------------------------------------------


def test_member_pick_with_reason(w, city):
    panel, _ = city
    spare = pool(w, 1, start=50)[0]
    member = member_pick(
        panel=panel, expert=spare, reason="行业稀缺专家", actor=w.account("office_staff")
    )
    assert member.kind == "picked" and member.active
    with pytest.raises(ActionRefused, match="已是该评审组成员"):
        member_pick(panel=panel, expert=spare, reason="再次", actor=w.account("office_staff"))
    with pytest.raises(ActionRefused, match="请填写指定该专家的理由"):
        member_pick(
            panel=panel, expert=pool(w, 1, start=60)[0], reason=" ", actor=w.account("office_staff")
        )


def test_reserve_call_replaces_a_member_in_draw_order(w, city):
    panel, _ = city
    leaving = members(panel)[0]
    first_reserve = panel.members.filter(kind="reserve").order_by("order").first()
    called = reserve_call(
        panel=panel, actor=w.account("office_staff"), reason="因病不能参加", member=leaving
    )
    assert called == first_reserve and called.active
    leaving.refresh_from_db()
    assert not leaving.active and leaving.replaced_reason == "因病不能参加"


def test_reserve_call_when_recusals_leave_too_few(w, city):
    panel, (application, *_) = city
    member = members(panel)[0]
    recusal_declare(
        member=member,
        application=application,
        reason_code="kinship",
        reason="表兄弟",
        actor=member.expert.account,
    )
    with pytest.raises(ActionRefused, match=r"回避后对.*只有4人，少于5人"):
        opened(w, panel)
    reserve_call(panel=panel, actor=w.account("office_staff"), reason="回避后人数不足")
    assert len(members(panel)) == 6
    assert opened(w, panel).number == 1


def test_reserve_call_not_needed_refused(w, city):
    panel, _ = city
    with pytest.raises(ActionRefused, match="无需递补"):
        reserve_call(panel=panel, actor=w.account("office_staff"), reason="试试")


def test_reserve_call_no_reserve_left_refused(w):
    candidates(w, 1)
    pool(w, 5)
    panel = drawn(w, size=5, reserves=0)
    with pytest.raises(ActionRefused, match="备选专家已用完"):
        reserve_call(
            panel=panel, actor=w.account("office_staff"), reason="缺席", member=members(panel)[0]
        )


# --- declared recusal -----------------------------------------------------------------------


def test_declared_recusal_hides_the_candidate_and_leaves_every_count(w, city):
    panel, (first, second, third) = city
    staff = members(panel)
    recusal_declare(
        member=staff[0],
        application=first,
        reason_code="teacher_apprentice",
        reason="曾为其师傅",
        actor=staff[0].expert.account,
    )
    reserve_call(panel=panel, actor=w.account("office_staff"), reason="回避后人数不足")
    current = opened(w, panel)
    staff = members(panel)
    (mine,) = assignments(staff[0].expert.account)
    assert [a.pk for a in mine.candidates] == [second.pk, third.pk]
    assert not may_review(staff[0].expert.account, first)
    assert may_review(staff[0].expert.account, second)
    for member in staff:
        for application in (first, second, third):
            if not (member == staff[0] and application == first):
                give(member, application, vote="yes")
    report = round_close(round=current, actor=w.account("office_staff"))
    line = next(r for r in report.results if r.ref == str(first.pk))
    assert line.entitled == 5 and line.recused == (staff[0].expert.account.username,)
    assert line.votes == {"yes": 5, "no": 0, "abstain": 0}
    current.refresh_from_db()
    seen = visible_tally(staff[0].expert.account, current)
    assert seen is not None and str(first.pk) not in {r["ref"] for r in seen["results"]}
    assert len(visible_tally(w.account("office_staff"), current)["results"]) == 3
    assert all(
        s.application_id != first.pk for s in visible_sheets(staff[0].expert.account, current)
    )


def test_recusal_after_a_score_refused(w, city):
    panel, (application, *_) = city
    opened(w, panel)
    member = members(panel)[0]
    sheet_save(member=member, application=application, actor=member.expert.account, vote="no")
    with pytest.raises(ActionRefused, match="填写过评分或投票，不能再声明回避"):
        recusal_declare(
            member=member,
            application=application,
            reason_code="kinship",
            reason="亲属",
            actor=member.expert.account,
        )
    assert not Recusal.objects.exists()


@pytest.mark.parametrize(
    ("code", "reason", "message"),
    [
        ("work_unit", "同单位", "请选择回避原因"),
        ("bribery", "x", "请选择回避原因"),
        ("other", "  ", "请说明回避的具体情况"),
    ],
)
def test_recusal_bad_reason_refused(city, code, reason, message):
    panel, (application, *_) = city
    member = members(panel)[0]
    with pytest.raises(ActionRefused, match=message):
        recusal_declare(
            member=member,
            application=application,
            reason_code=code,
            reason=reason,
            actor=member.expert.account,
        )


def test_recusal_only_by_the_expert(w, city):
    panel, (application, *_) = city
    with pytest.raises(ActionRefused, match="评审专家本人"):
        recusal_declare(
            member=members(panel)[0],
            application=application,
            reason_code="kinship",
            reason="亲属",
            actor=w.account("office_staff"),
        )


# --- sheets ---------------------------------------------------------------------------------


@pytest.fixture
def scoring(w):
    """LC19-10: the recommending unit's panel, 7 members, scores on one criterion of 100."""
    apps = candidates(w, 2, stage="recommender_review")
    pool(w, 8)
    panel = drawn(
        w,
        size=7,
        reserves=1,
        step_id="recommender_review",
        recommender=w.recommender,
        actor="recommender_staff",
    )
    return panel, opened(w, panel, "recommender_staff"), apps


def test_sheet_draft_submit_lock_and_correct(scoring):
    panel, _current, (application, _) = scoring
    member = members(panel)[0]
    account = member.expert.account
    sheet_save(member=member, application=application, actor=account, criteria={"overall": "88.5"})
    sheet = sheet_submit(member=member, application=application, actor=account)
    assert sheet.status == "submitted" and sheet.criteria == {"overall": "88.5"}
    with pytest.raises(ActionRefused, match="已经提交，每名人选只有一份"):
        sheet_save(
            member=member, application=application, actor=account, criteria={"overall": "90"}
        )
    corrected = sheet_correct(
        member=member,
        application=application,
        actor=account,
        reason="笔误",
        criteria={"overall": "89"},
    )
    assert corrected.version == 2 and corrected.reason == "笔误"
    assert list(Sheet.objects.filter(member=member).values_list("version", "current")) == [
        (1, False),
        (2, True),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("101", "超出0～100分的范围"),
        ("-1", "超出0～100分的范围"),
        ("NaN", "不是有限数值"),
        ("Infinity", "不是有限数值"),
        ("九十", "不是数字"),
        ("1e2", "不是数字"),
        (88.5, "请以数字填写"),
    ],
)
def test_bad_score_refused_nothing_saved(scoring, value, message):
    panel, _, (application, _) = scoring
    member = members(panel)[0]
    with pytest.raises(ActionRefused, match=message):
        sheet_save(
            member=member,
            application=application,
            actor=member.expert.account,
            criteria={"overall": value},
        )
    assert not Sheet.objects.exists()


@pytest.mark.parametrize("value", ["0", "100", "99.99"])
def test_score_boundaries_accepted(scoring, value):
    panel, _, (application, _) = scoring
    member = members(panel)[0]
    sheet = sheet_save(
        member=member,
        application=application,
        actor=member.expert.account,
        criteria={"overall": value},
    )
    assert sheet.criteria == {"overall": value}


def test_vote_on_a_score_panel_and_unknown_criterion_refused(scoring):
    panel, _, (application, _) = scoring
    member = members(panel)[0]
    with pytest.raises(ActionRefused, match="不投票"):
        sheet_save(member=member, application=application, actor=member.expert.account, vote="yes")
    with pytest.raises(ActionRefused, match="未知评分项"):
        sheet_save(
            member=member, application=application, actor=member.expert.account, criteria={"x": "1"}
        )


def test_incomplete_draft_cannot_be_submitted(w, city):
    panel, (application, *_) = city
    opened(w, panel)
    member = members(panel)[0]
    sheet_save(
        member=member, application=application, actor=member.expert.account, comment="再看看"
    )
    with pytest.raises(ActionRefused, match="请选择赞成、反对或弃权"):
        sheet_submit(member=member, application=application, actor=member.expert.account)
    with pytest.raises(ActionRefused, match="投票须为赞成、反对或弃权"):
        sheet_save(
            member=member, application=application, actor=member.expert.account, vote="maybe"
        )


def test_vote_by_a_recused_expert_refused(w, city):
    panel, (application, *_) = city
    member = members(panel)[0]
    recusal_declare(
        member=member,
        application=application,
        reason_code="collaboration",
        reason="近三年合作",
        actor=member.expert.account,
    )
    reserve_call(panel=panel, actor=w.account("office_staff"), reason="回避后人数不足")
    opened(w, panel)
    with pytest.raises(ActionRefused, match="已回避"):
        sheet_save(member=member, application=application, actor=member.expert.account, vote="yes")
    assert not Sheet.objects.exists()


def test_sheet_by_someone_else_refused(w, city):
    panel, (application, *_) = city
    opened(w, panel)
    with pytest.raises(ActionRefused, match="评审专家本人"):
        sheet_save(
            member=members(panel)[0],
            application=application,
            actor=members(panel)[1].expert.account,
            vote="yes",
        )


def test_experts_do_not_see_each_others_sheets_before_close(w, city):
    panel, apps = city
    current = opened(w, panel)
    staff = members(panel)
    for member in staff:
        for application in apps:
            give(member, application, vote="yes")
    mine = visible_sheets(staff[0].expert.account, current)
    assert {s.member_id for s in mine} == {staff[0].pk}
    assert visible_sheets(w.account("office_staff"), current) == []
    round_close(round=current, actor=w.account("office_staff"))
    current.refresh_from_db()
    assert len(visible_sheets(staff[0].expert.account, current)) == 15


def test_round_progress_per_member(w, city):
    panel, (first, second, _) = city
    current = opened(w, panel)
    staff = members(panel)
    give(staff[0], first, vote="yes")
    sheet_save(member=staff[0], application=second, actor=staff[0].expert.account, vote="no")
    progress = round_progress(current)
    assert [(p.done, p.draft, p.not_started) for p in progress[:2]] == [(1, 1, 1), (0, 0, 3)]


# --- close, tally, runoff, finish ------------------------------------------------------------


def test_round_close_tallies_the_platform_sheet_with_the_core_tally(scoring, w):
    panel, current, (first, second) = scoring
    scores = ["90", "80", "85", "70", "95", "60", "88"]
    for member, value in zip(members(panel), scores, strict=True):
        give(member, first, criteria={"overall": value})
        give(member, second, criteria={"overall": "50"})
    sheet = round_sheet(current)
    report = round_close(round=current, actor=w.account("recommender_staff"))
    assert report.to_json() == tally(sheet).to_json() == round_report(current).to_json()
    line = report.results[0]
    assert (line.ref, line.counted, line.dropped) == (str(first.pk), 7, 2)
    assert line.total == Decimal("413") / 5  # 95 and 60 dropped
    current.refresh_from_db()
    assert current.status == "closed" and current.tally == report.to_json()


def test_round_close_without_quorum_refused_nothing_saved(w, city):
    panel, apps = city
    current = opened(w, panel)
    for member in members(panel)[:3]:  # 3 of 5: 2/3 of 5 needs 4
        give(member, apps[0], vote="yes")
    with pytest.raises(ActionRefused, match="参加评审的专家3人，不足应到5人的2/3（须至少4人）"):
        round_close(round=current, actor=w.account("office_staff"))
    current.refresh_from_db()
    assert current.status == "open" and current.tally is None


def test_round_close_boundary_quorum_met_at_four_of_five(w, city):
    panel, apps = city
    current = opened(w, panel)
    for member in members(panel)[:4]:
        give(member, apps[0], vote="yes")
    assert round_close(round=current, actor=w.account("office_staff")).quorum.met


def test_round_close_only_by_the_runner(w, city):
    panel, _ = city
    current = opened(w, panel)
    with pytest.raises(ActionRefused, match="评选办公室工作人员组织"):
        round_close(round=current, actor=members(panel)[0].expert.account)


@pytest.fixture
def tie(w):
    """LC19-13 with a quota of 1: two candidates with 5 yes each tie at the quota line."""
    apps = candidates(w, 3)
    pool(w, 8)
    panel = drawn(w)
    current = opened(w, panel)
    Round.objects.filter(pk=current.pk).update(quota=1)
    for member in members(panel):
        give(member, apps[0], vote="yes")
        give(member, apps[1], vote="yes")
        give(member, apps[2], vote="no")
    report = round_close(round=current, actor=w.account("office_staff"))
    return panel, current, apps, report


def test_tie_at_the_quota_line_goes_to_a_runoff_of_the_tied_only(w, tie):
    panel, current, (a, b, _c), report = tie
    assert sorted(report.runoff) == sorted([str(a.pk), str(b.pk)])
    runoff = runoff_open(round=current, actor=w.account("office_staff"))
    assert runoff.number == 2 and runoff.runoff_of == current and runoff.quota == 1
    assert set(runoff.candidates.all()) == {a, b}
    panel.refresh_from_db()
    assert panel.status == "scoring"


def test_runoff_without_a_tie_refused(w, city):
    panel, apps = city
    current = opened(w, panel)
    for member in members(panel):
        give(member, apps[0], vote="yes")
    round_close(round=current, actor=w.account("office_staff"))
    with pytest.raises(ActionRefused, match="没有并列于名额线上的人选"):
        runoff_open(round=current, actor=w.account("office_staff"))


def test_finish_with_a_runoff_pending_refused(w, tie):
    panel, *_ = tie
    with pytest.raises(ActionRefused, match="须先对并列人选再次评审"):
        panel_finish(panel=panel, summary=pdf("汇总表.pdf"), actor=w.account("office_staff"))


def test_lc19_13_finish_moves_the_selected_on_and_the_rest_out(w, tie):
    panel, current, (a, b, c), _ = tie
    runoff = runoff_open(round=current, actor=w.account("office_staff"))
    for member, vote in zip(members(panel), ["yes", "yes", "yes", "yes", "no"], strict=True):
        give(member, a, vote=vote)
        give(member, b, vote="yes" if vote == "no" else "no")
    round_close(round=runoff, actor=w.account("office_staff"))
    with pytest.raises(ActionRefused, match="请上传全体评审专家签字"):
        panel_finish(panel=panel, summary=None, actor=w.account("office_staff"))
    panel_finish(panel=panel, summary=pdf("汇总表.pdf"), actor=w.account("office_staff"))
    stages = {x.pk: x.stage for x in (a, b, c) if not x.refresh_from_db()}
    assert stages == {a.pk: "approval", b.pk: chain.NOT_SELECTED, c.pk: chain.NOT_SELECTED}
    moved = a.audit_entries.last()
    assert moved is not None and moved.action == "panel_selected" and moved.clause == "LC19-13"
    panel.refresh_from_db()
    assert panel.status == "finished" and panel.summary.name


def test_lc19_10_not_recommended_is_rejected_at_the_recommenders_review(w, scoring):
    panel, current, (first, second) = scoring
    Round.objects.filter(pk=current.pk).update(quota=1)
    for member in members(panel):
        give(member, first, criteria={"overall": "90"})
        give(member, second, criteria={"overall": "60"})
    round_close(round=current, actor=w.account("recommender_staff"))
    panel_finish(panel=panel, summary=pdf(), actor=w.account("recommender_staff"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.stage, second.stage) == ("recommender_submit", chain.REJECTED)
    entry = second.audit_entries.last()
    assert (
        entry is not None
        and entry.reason.startswith("专家评议未获推荐")
        and entry.clause == "LC19-10"
    )


# --- BJ6-16: groups, then the comprehensive deliberation ------------------------------------


def test_bj6_16_groups_then_deliberation():
    w = world("beijing-outstanding-6")
    turner = at_stage(w, "panel", plain=True, serial=40)
    welder = at_stage(
        w,
        "panel",
        plain=True,
        serial=41,
        data=applicant(w.program_id, serial=41, occupation="焊工"),
    )
    pool(w, 6)
    office = w.account("office_staff")
    assert w.campaign is not None
    award = turner.award_id
    deliberation = panel_create(campaign=w.campaign, step_id="panel", award_id=award, actor=office)
    groups = [
        panel_create(campaign=w.campaign, step_id="panel", award_id=award, actor=office, group=g)
        for g in ("车工", "焊工")
    ]
    for group in groups:
        panel_draw(panel=group, size=5, reserves=0, actor=office)
    panel_draw(panel=deliberation, size=5, reserves=0, actor=office)
    with pytest.raises(ActionRefused, match="分组评审结束后才能综合评议（BJ6-16）：车工、焊工"):
        round_open(panel=deliberation, actor=office)
    for group, application, vote in ((groups[0], turner, "yes"), (groups[1], welder, "no")):
        current = round_open(panel=group, actor=office)
        assert list(current.candidates.all()) == [application]
        for member in members(group):
            give(member, application, vote=vote)
        round_close(round=current, actor=office)
        panel_finish(panel=group, summary=pdf(), actor=office)
    turner.refresh_from_db()
    welder.refresh_from_db()
    assert (turner.stage, welder.stage) == ("panel", chain.NOT_SELECTED)
    final = round_open(panel=deliberation, actor=office)
    assert list(final.candidates.all()) == [turner]


def test_bj6_16_a_recusal_declared_in_a_group_holds_in_the_deliberation():
    w = world("beijing-outstanding-6")
    turner = at_stage(w, "panel", plain=True, serial=40)
    pool(w, 6)
    office = w.account("office_staff")
    assert w.campaign is not None
    group = panel_create(
        campaign=w.campaign, step_id="panel", award_id=turner.award_id, actor=office, group="车工"
    )
    panel_draw(panel=group, size=6, reserves=0, actor=office)
    member = members(group)[0]
    recusal_declare(
        member=member,
        application=turner,
        reason_code="kinship",
        reason="表兄弟",
        actor=member.expert.account,
    )
    current = round_open(panel=group, actor=office)
    for voter in members(group)[1:]:
        give(voter, turner, vote="yes")
    round_close(round=current, actor=office)
    panel_finish(panel=group, summary=pdf(), actor=office)
    deliberation = panel_create(
        campaign=w.campaign, step_id="panel", award_id=turner.award_id, actor=office
    )
    panel_draw(panel=deliberation, size=6, reserves=0, actor=office)
    round_open(panel=deliberation, actor=office)
    carried = Recusal.objects.get(panel=deliberation)
    assert carried.member.expert == member.expert and carried.reason_code == "kinship"
    assert "表兄弟" in carried.reason


# --- what an expert sees, and how many queries it takes -------------------------------------


def test_expert_sees_only_assigned_candidates(w, city):
    panel, apps = city
    opened(w, panel)
    outsider = Expert.objects.exclude(memberships__panel=panel).first()
    assert outsider is not None
    assert assignments(outsider.account) == []
    assert not may_review(outsider.account, apps[0])
    assert assignments(w.account("office_staff")) == []
    reserve = Member.objects.filter(panel=panel, kind="reserve").first()
    assert reserve is not None and assignments(reserve.expert.account) == []


@pytest.mark.parametrize("count", [10, 40])
def test_assignments_queries_do_not_grow_with_candidates(w, count, django_assert_num_queries):
    apps = candidates(w, count)
    pool(w, 5)
    panel = drawn(w, size=5, reserves=0)
    opened(w, panel)
    member = members(panel)[0]
    give(member, apps[0], vote="yes")
    with django_assert_num_queries(5):
        (found,) = assignments(member.expert.account)
        assert len(found.candidates) == count and len(found.sheets) == 1


def test_recused_expert_cannot_open_the_candidate_anywhere(w, city):
    from skillaward.campaigns.models import Application
    from skillaward.organisations.permissions import application_scope, can_view

    panel, (first, second, _) = city
    member = members(panel)[0]
    account = member.expert.account
    assert can_view(account, first)
    recusal_declare(
        member=member, application=first, reason_code="kinship", reason="亲属", actor=account
    )
    scope = application_scope(account)
    assert scope is not None
    visible = set(Application.objects.filter(scope))
    assert first not in visible and second in visible
    assert not can_view(account, first) and can_view(account, second)


def test_correction_needs_a_reason_and_is_refused_after_close(w, city):
    panel, apps = city
    current = opened(w, panel)
    staff = members(panel)
    for member in staff:
        give(member, apps[0], vote="yes")
    account = staff[0].expert.account
    with pytest.raises(ActionRefused, match="请填写更正的理由"):
        sheet_correct(member=staff[0], application=apps[0], actor=account, reason="", vote="no")
    with pytest.raises(ActionRefused, match="草稿可直接修改"):
        sheet_correct(member=staff[0], application=apps[1], actor=account, reason="x", vote="no")
    round_close(round=current, actor=w.account("office_staff"))
    with pytest.raises(ActionRefused, match="没有进行中的评审"):
        sheet_correct(member=staff[0], application=apps[0], actor=account, reason="晚了", vote="no")
    assert Sheet.objects.filter(member=staff[0]).count() == 1


def test_sheet_outside_the_round_refused(w, city):
    panel, apps = city
    opened(w, panel)
    stranger = at_stage(w, "office_review", plain=True, serial=90)
    member = members(panel)[0]
    with pytest.raises(ActionRefused, match="不在本轮评审名单中"):
        sheet_save(member=member, application=stranger, actor=member.expert.account, vote="yes")
    assert not Sheet.objects.exists() and apps


def test_lc19_13_a_reserve_is_called_for_a_runoff_that_recusals_leave_short(w):
    """Two experts stand aside for A after the round opened: A ties with B at the quota line
    with 4 entitled experts, fewer than 5; the closed panel calls a reserve for the runoff."""
    a, b, c = candidates(w, 3)
    pool(w, 9)
    panel = drawn(w, size=6, reserves=2)
    current = opened(w, panel)
    Round.objects.filter(pk=current.pk).update(quota=1)
    seated = members(panel)
    for member in seated[:2]:
        recusal_declare(
            member=member,
            application=a,
            reason_code="collaboration",
            reason="近三年合作项目",
            actor=member.expert.account,
        )
    for index, member in enumerate(seated):
        if index >= 2:
            give(member, a, vote="yes")
        give(member, b, vote="yes" if index < 4 else "no")
        give(member, c, vote="no")
    office = w.account("office_staff")
    report = round_close(round=current, actor=office)
    assert sorted(report.runoff) == sorted([str(a.pk), str(b.pk)])
    with pytest.raises(ActionRefused, match=r"回避后对.*只有4人，少于5人"):
        runoff_open(round=current, actor=office)
    with pytest.raises(ActionRefused, match="只能为并列人选的再次评审递补"):
        reserve_call(panel=panel, actor=office, reason="缺席", member=seated[0])
    called = reserve_call(panel=panel, actor=office, reason="回避后人数不足")
    assert called.active
    runoff = runoff_open(round=current, actor=office)
    assert set(runoff.candidates.all()) == {a, b}
    with pytest.raises(ActionRefused, match="无需递补"):
        reserve_call(panel=panel, actor=office, reason="再试")
