"""What a form prints: an applicant record and its context turned into display strings.

Pure functions. Every value is a string (or a list of dicts of strings); a field the record
does not give is ``""``, so the printed form leaves it blank for hand-filling.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from skillaward.core.codes import COMPETITION_LEVEL_NAMES, HONOUR_LEVEL_NAMES, SKILL_LEVELS
from skillaward.core.idnumber import IdNumberError, parse_id_number
from skillaward.documents.context import ApplicantContext, BatchContext

DASH = "—"
TRAINEE_LEVELS = ("junior", "senior", "technician")


def cn_date(value: str | date | None) -> str:
    """``2024-04-05`` → ``2024年4月5日``; ``2000-07`` → ``2000年7月``; nothing → ``""``."""
    if not value:
        return ""
    text = value.isoformat() if isinstance(value, date) else value
    parts = [int(p) for p in text.split("-")]
    units = ("年", "月", "日")
    return "".join(f"{number}{unit}" for number, unit in zip(parts, units, strict=False))


def cn_month(value: str | None) -> str:
    """Year and month only: ``1980-05-12`` or ``1980-05`` → ``1980年5月``."""
    return cn_date(value[:7]) if value else ""


def dotted_month(value: str | None) -> str:
    """``2000-07`` → ``2000.07`` (the compact form of work-history periods)."""
    return value.replace("-", ".") if value else ""


def period(start: str | None, end: str | None) -> str:
    return f"{dotted_month(start)}{DASH}{dotted_month(end) if end else '至今'}"


def sign_date(value: str | None) -> str:
    """The date beside a signature: given, or blanks to write it by hand."""
    return cn_date(value) if value else "年　　月　　日"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def professional_title(record: Mapping[str, Any]) -> str:
    title = record.get("professional_title") or {}
    if not title:
        return ""
    level, field = title.get("level", ""), title.get("field")
    return f"{level}（{field}）" if field else level


def skill_or_title(record: Mapping[str, Any]) -> str:
    """技能等级或专业技术职务 (CC3-18): the skill level, then the title, joined by ``；``."""
    parts = [record.get("skill_level") or "", professional_title(record)]
    return "；".join(p for p in parts if p)


def competition_result(item: Mapping[str, Any]) -> str:
    if item.get("rank") is not None:
        return f"第{item['rank']}名"
    return _text(item.get("medal"))


def competition_line(item: Mapping[str, Any]) -> str:
    level = COMPETITION_LEVEL_NAMES.get(item.get("level", ""), "")
    klass = {1: "一类", 2: "二类"}.get(item.get("class", 0), "")
    represented = f"，代表{item['represented']}" if item.get("represented") else ""
    return (
        f"{item.get('year', '')}年 {item.get('name', '')}（{level}{klass}竞赛{represented}）"
        f"{competition_result(item)}"
    )


def honour_line(item: Mapping[str, Any]) -> str:
    authority = f"，{item['authority']}" if item.get("authority") else ""
    level = HONOUR_LEVEL_NAMES.get(item.get("level", ""), "")
    return f"{item.get('year', '')}年 {item.get('title', '')}（{level}{authority}）"


def award_line(item: Mapping[str, Any]) -> str:
    return (
        f"{item.get('year', '')}年 {item.get('project', '')} 获{item.get('award', '')}"
        f"{item.get('grade', '')}（第{item.get('rank', '')}完成人）"
    )


def patent_line(item: Mapping[str, Any]) -> str:
    return f"{item.get('year', '')}年 {item.get('title', '')}（{item.get('number', '')}）"


def chief_titles(record: Mapping[str, Any]) -> str:
    """Prior chief-technician titles (LC19-04), most recent first."""
    honours = [h for h in record.get("honors", []) if "首席技师" in h.get("title", "")]
    return "；".join(honour_line(h) for h in sorted(honours, key=lambda h: -int(h.get("year", 0))))


def _work_rows(record: Mapping[str, Any], context: ApplicantContext) -> list[dict[str, str]]:
    rows = []
    for index, item in enumerate(record.get("work_history", [])):
        department = item.get("department")
        rows.append(
            {
                "period": period(item.get("from"), item.get("to")),
                "unit": _text(item.get("unit")),
                "unit_department": " ".join(p for p in (item.get("unit"), department) if p),
                "occupation": _text(item.get("occupation")),
                "post": _text(item.get("post")),
                "level": _text(item.get("level")),
                "witness": context.witnesses[index] if index < len(context.witnesses) else "",
            }
        )
    return rows


def _cv(record: Mapping[str, Any], context: ApplicantContext) -> str:
    """个人简历 (XA24-17): work periods, then county-level-and-above honours marked."""
    if context.cv:
        return context.cv
    lines = [
        f"{row['period']}  {row['unit_department']}  {row['occupation'] or row['post']}".rstrip()
        for row in _work_rows(record, context)
    ]
    marked = [h for h in record.get("honors", []) if h.get("level") != "industry"]
    lines += [f"{honour_line(h)}【奖励】" for h in sorted(marked, key=lambda h: h.get("year", 0))]
    return "\n".join(lines)


def _trainee_rows(context: ApplicantContext) -> list[dict[str, str]]:
    """Talent cultivation table (BJ24-19): one column pair per level, filled top-down."""
    by_level: dict[str, list[tuple[str, str]]] = {level: [] for level in TRAINEE_LEVELS}
    for item in context.trainees:
        by_level[item.level].append((item.occupation, str(item.count)))
    depth = max((len(v) for v in by_level.values()), default=0)
    rows = []
    for i in range(depth):
        row: dict[str, str] = {}
        for level in TRAINEE_LEVELS:
            occupation, count = by_level[level][i] if i < len(by_level[level]) else ("", "")
            row[f"{level}_occupation"], row[f"{level}_count"] = occupation, count
        row["award_national"] = _text(context.trainee_awards_national) if i == 0 else ""
        row["award_city"] = _text(context.trainee_awards_city) if i == 0 else ""
        rows.append(row)
    if not rows and (context.trainee_awards_national or context.trainee_awards_city):
        empty = {f"{lv}_{k}": "" for lv in TRAINEE_LEVELS for k in ("occupation", "count")}
        rows.append(
            empty
            | {
                "award_national": _text(context.trainee_awards_national),
                "award_city": _text(context.trainee_awards_city),
            }
        )
    return rows


def _from_id(record: Mapping[str, Any], what: str) -> str | None:
    """Birth date or gender read from the ID number, for records that leave them out."""
    try:
        identity = parse_id_number(str(record.get("id_number", "")))
    except IdNumberError:
        return None
    return identity.birth_date.isoformat() if what == "birth_date" else identity.gender


def applicant_view(
    record: Mapping[str, Any],
    context: ApplicantContext,
    *,
    awards: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Every value any form prints about one applicant, as display strings."""
    employer = record.get("employer") or {}
    post = record.get("post") or {}
    nomination = record.get("nomination") or {}
    honours = sorted(record.get("honors", []), key=lambda h: -int(h.get("year", 0)))  # BJ24-18
    tech_awards = sorted(record.get("awards", []), key=lambda a: int(a.get("year", 0)))  # BJ24-17
    competitions = sorted(record.get("competitions", []), key=lambda c: int(c.get("year", 0)))
    patents = sorted(record.get("patents", []), key=lambda p: int(p.get("year", 0)))
    award = record.get("award")
    return {
        "name": _text(record.get("name")),
        "id_number": _text(record.get("id_number")),
        "gender": _text(record.get("gender") or _from_id(record, "gender")),
        "birth_date": cn_date(record.get("birth_date") or _from_id(record, "birth_date")),
        "birth_ym": cn_month(record.get("birth_date") or _from_id(record, "birth_date")),
        "ethnicity": _text(record.get("ethnicity")),
        "political_status": _text(record.get("political_status")),
        "education": _text(record.get("education")),
        "work_start": cn_date(record.get("work_start")),
        "unit": _text(employer.get("name")),
        "unit_address": _text(employer.get("address")),
        "unit_nature": _text(employer.get("nature")),
        "unit_and_post": " ".join(p for p in (employer.get("name"), post.get("title")) if p),
        "post": _text(post.get("title")),
        "occupation": _text(record.get("occupation")),
        "skill_level": _text(record.get("skill_level")),
        "pro_title": professional_title(record),
        "skill_or_title": skill_or_title(record),
        "recommender": _text(nomination.get("recommender")),
        "award": _text(award),
        "award_title": (awards or {}).get(award or "", ""),
        "deeds": _text(record.get("deeds")),
        "deeds_brief": _text(record.get("deeds_brief")),
        "achievements": _text(record.get("deeds_brief")),
        "chief_title": chief_titles(record),
        "work_history": _work_rows(record, context),
        "honors": [
            {
                "title": _text(h.get("title")),
                "authority": _text(h.get("authority")),
                "year": _text(h.get("year")),
                "certificate_no": _text(h.get("certificate_no")),
                "level": HONOUR_LEVEL_NAMES.get(h.get("level", ""), ""),
            }
            for h in honours
        ],
        "awards": [
            {
                "project": _text(a.get("project")),
                "award": _text(a.get("award")),
                "category": _text(a.get("category")),
                "grade": _text(a.get("grade")),
                "rank": _text(a.get("rank")),
                "year": _text(a.get("year")),
                "certificate_no": _text(a.get("certificate_no")),
                "collaborators": _text(a.get("collaborators")),
            }
            for a in tech_awards
        ],
        "competitions": [
            {
                "name": _text(c.get("name")),
                "level": COMPETITION_LEVEL_NAMES.get(c.get("level", ""), ""),
                "year": _text(c.get("year")),
                "result": competition_result(c),
            }
            for c in competitions
        ],
        "honors_text": "\n".join(honour_line(h) for h in honours),
        "awards_text": "\n".join(
            award_line(a)
            for a in tech_awards
            if a.get("level") in ("national", "provincial", "city")
        ),
        "competitions_text": "\n".join(competition_line(c) for c in competitions),
        "patents_text": "\n".join(patent_line(p) for p in patents),
        "cv": _cv(record, context),
        "trainees": _trainee_rows(context),
        # context fields, as given
        "household_registration": _text(context.household_registration),
        "native_place": _text(context.native_place),
        "mobile": _text(context.mobile),
        "phone": _text(context.phone),
        "email": _text(context.email),
        "postcode": _text(context.postcode),
        "address": _text(context.address),
        "bank_account": _text(context.bank_account),
        "occupation_since": cn_date(context.occupation_since),
        "unit_contact": _text(context.unit_contact),
        "unit_phone": _text(context.unit_phone),
        "innovations": _text(context.innovations),
        "unique_skills": _text(context.unique_skills),
        "other_awards": _text(context.other_awards),
        "remarks": _text(context.remarks),
        "filled_date": cn_date(context.filled_date),
        "opinions": {
            key: {
                "text": _text(o.text),
                "signer": _text(o.signer),
                "date": o.date,
            }
            for key, o in context.opinions.items()
        },
    }


def batch_view(batch: BatchContext, records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The recommending unit's data: given, else the first record's recommender."""
    recommender = batch.recommender
    if recommender is None:
        recommender = next(
            (r["nomination"]["recommender"] for r in records if r.get("nomination")), None
        )
    return {
        "recommender": _text(recommender),
        "contact": _text(batch.contact),
        "phone": _text(batch.phone),
        "mobile": _text(batch.mobile),
        "filler": _text(batch.filler),
        "date": batch.date,
        "expert_review": _text(batch.expert_review),
        "work_summary": _text(batch.work_summary),
        "classified_note": _text(batch.classified_note),
        "publicity_place": _text(batch.publicity_place),
        "objection_contact": _text(batch.objection_contact),
    }


SKILL_LEVEL_NAMES = frozenset(SKILL_LEVELS)
