"""National code lists and the orderings the notices compare by.

Official terms stay in Chinese, spelled as the national standards and the notices spell them.
"""

from __future__ import annotations

from typing import Final

# GB/T 3304: the 56 ethnic groups, in the standard's order.
ETHNIC_GROUPS: Final = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
)

# GB/T 4762 political status, in the short forms the BJ24 form instructions use.
POLITICAL_STATUSES: Final = (
    "中共党员",
    "中共预备党员",
    "共青团员",
    "民革会员",
    "民盟盟员",
    "民建会员",
    "民进会员",
    "农工党党员",
    "致公党党员",
    "九三学社社员",
    "台盟盟员",
    "无党派民主人士",
    "群众",
)

# The eight education levels of BJ24-15, highest first.
EDUCATION_LEVELS: Final = (
    "研究生",
    "大学本科",
    "大学专科和专科学校",
    "中等专业学校或中等技术学校",
    "技工学校",
    "高中",
    "初中",
    "小学",
)

# Unit nature (BJ24-15). The group names alone are accepted when the sub-type is unknown.
UNIT_NATURES: Final = (
    "国有企业（中央）",
    "国有企业（市属）",
    "国有企业（区属）",
    "国有企业",
    "事业单位",
    "非公经济企业（外资）",
    "非公经济企业（民营）",
    "非公经济企业（个体）",
    "非公经济企业",
    "其他",
)

# Skill levels, low to high (clauses.md interpretation notes).
SKILL_LEVELS: Final = (
    "学徒工",
    "初级工",
    "中级工",
    "高级工",
    "技师",
    "高级技师",
    "特级技师",
    "首席技师",
)
_SKILL_GRADE_SYNONYMS: Final = {
    "五级": "初级工",
    "四级": "中级工",
    "三级": "高级工",
    "二级": "技师",
    "一级": "高级技师",
}
SKILL_LEVEL_RANK: Final = {name: rank for rank, name in enumerate(SKILL_LEVELS)}

PROFESSIONAL_TITLE_LEVELS: Final = ("初级", "中级", "副高级", "正高级")
PROFESSIONAL_TITLE_RANK: Final = {name: rank for rank, name in enumerate(PROFESSIONAL_TITLE_LEVELS)}

# Honour levels. `industry` (本行业) stands beside the territorial ladder, not on it.
HONOUR_LEVELS: Final = ("county", "city", "provincial", "national", "industry")
HONOUR_LEVEL_NAMES: Final = {
    "county": "县级",
    "city": "市级",
    "provincial": "省级",
    "national": "国家级",
    "industry": "行业",
}
COMPETITION_LEVELS: Final = ("city", "regional", "provincial", "national")
COMPETITION_LEVEL_NAMES: Final = {
    "city": "市级",
    "regional": "地区级",
    "provincial": "省级",
    "national": "全国",
}
MEDALS: Final = ("金牌", "银牌", "铜牌", "优胜奖")
MEDAL_RANK: Final = {name: rank for rank, name in enumerate(MEDALS)}  # 0 is best
AWARD_GRADES: Final = ("特等奖", "一等奖", "二等奖", "三等奖")
AWARD_GRADE_RANK: Final = {name: rank for rank, name in enumerate(AWARD_GRADES)}  # 0 is best


def normalize_skill_level(raw: str) -> str | None:
    """The canonical level for a name as people write it, or None when it is not a level.

    Accepts the canonical names, the 五级…一级 grades, and combined spellings such as
    ``高级技师（一级）``, ``一级/高级技师`` or ``技师(二级)``.
    """
    text = raw.strip().replace(" ", "")
    if text in SKILL_LEVEL_RANK:
        return text
    if text in _SKILL_GRADE_SYNONYMS:
        return _SKILL_GRADE_SYNONYMS[text]
    for separator in ("（", "(", "/", "、"):
        if separator in text:
            parts = [p.strip("）)") for p in text.replace("(", "（").split(separator)]
            names = {normalize_skill_level(p) for p in parts if p}
            if len(names) == 1 and None not in names:
                return names.pop()
            return None
    return None


def skill_rank(level: str) -> int:
    """Position of a canonical skill level on the ladder (higher is more senior)."""
    return SKILL_LEVEL_RANK[level]
