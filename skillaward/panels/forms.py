"""The forms of the panel pages: they read what was typed and say, beside each field, what is
wrong with it; the services decide whether the action may be taken."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from skillaward.base.forms import Form
from skillaward.panels.models import Sheet
from skillaward.panels.services import DECLARED_REASONS


def criterion_key(criterion_id: str) -> str:
    return f"c_{criterion_id}"


class SheetForm(Form):
    """One expert's score sheet (a decimal per criterion, 0 to its maximum) or ballot, with a
    comment, and for a correction the reason."""

    comment = forms.CharField(label="评审意见", required=False, widget=forms.Textarea)

    def __init__(
        self,
        *args: Any,
        rules: dict[str, Any],
        correcting: bool = False,
        submitting: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.method = rules["method"]
        self.criteria = list(rules.get("criteria") or [])
        if self.method == "score":
            for criterion in self.criteria:
                most = Decimal(str(criterion["max"]))
                weight = Decimal(str(criterion.get("weight", 1)))
                weighted = f"，权重{weight}" if weight != 1 else ""
                self.fields[criterion_key(criterion["id"])] = forms.CharField(
                    label=f"{criterion['name']}（满分{most}{weighted}）",
                    required=submitting or correcting,
                    max_length=30,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                    error_messages={"required": f"请填写“{criterion['name']}”的得分"},
                )
        else:
            self.fields["vote"] = forms.ChoiceField(
                label="表决意见",
                choices=Sheet.Vote.choices,
                required=submitting or correcting,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "请选择赞成、反对或弃权",
                    "invalid_choice": "请选择赞成、反对或弃权",
                },
            )
        if correcting:
            self.fields["reason"] = forms.CharField(
                label="更正理由",
                max_length=200,
                error_messages={"required": "更正已提交的评分须写明理由"},
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for criterion in self.criteria if self.method == "score" else ():
            key = criterion_key(criterion["id"])
            raw = (cleaned.get(key) or "").strip()
            if not raw:
                continue
            problem = score_problem(raw, Decimal(str(criterion["max"])))
            if problem:
                self.add_error(key, f"“{criterion['name']}”{problem}")
        return cleaned

    def scores(self) -> dict[str, str] | None:
        """{criterion id: the decimal as typed} of the filled criteria (None for a ballot)."""
        if self.method != "score":
            return None
        return {
            c["id"]: self.cleaned_data[criterion_key(c["id"])].strip()
            for c in self.criteria
            if (self.cleaned_data.get(criterion_key(c["id"])) or "").strip()
        }

    def vote(self) -> str | None:
        return self.cleaned_data.get("vote") or None if self.method == "vote" else None

    def criterion_fields(self) -> list[forms.BoundField]:
        return (
            [self[criterion_key(c["id"])] for c in self.criteria] if self.method == "score" else []
        )


def score_problem(raw: str, most: Decimal) -> str:
    """What is wrong with a typed score, or "" (a finite decimal from 0 to ``most``)."""
    try:
        value = Decimal(raw)
    except ArithmeticError:
        return "须填写数字，如 86 或 86.5"
    if not value.is_finite():
        return "须填写有限的数字"
    if not 0 <= value <= most:
        return f"须在0至{most}分之间"
    return ""


class RecusalForm(Form):
    reason_code = forms.ChoiceField(
        label="回避原因",
        choices=[(r.value, r.label) for r in DECLARED_REASONS],
        error_messages={"required": "请选择回避原因", "invalid_choice": "请选择回避原因"},
    )
    reason = forms.CharField(
        label="具体情况",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请写明需要回避的具体情况"},
    )


class ExpertForm(Form):
    name = forms.CharField(label="姓名", max_length=30, error_messages={"required": "请填写姓名"})
    occupations = forms.CharField(
        label="职业（工种）或专业领域",
        max_length=300,
        help_text="多个用顿号或逗号分隔",
        error_messages={"required": "请填写至少一个职业（工种）或专业领域"},
    )
    level = forms.CharField(label="技能等级或职称", max_length=40, required=False)
    work_unit = forms.CharField(label="工作单位", max_length=100, required=False)
    region_code = forms.CharField(label="地区", max_length=60, required=False)
    phone = forms.CharField(
        label="手机号",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    def fields_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["occupations"] = split_names(data["occupations"])
        return data


def split_names(text: str) -> list[str]:
    for separator in "、，,;；\n":
        text = text.replace(separator, " ")
    return [name for name in text.split() if name]


class DrawForm(Form):
    size = forms.IntegerField(
        label="抽取人数",
        min_value=1,
        max_value=99,
        error_messages={
            "required": "请填写抽取人数",
            "invalid": "抽取人数须为整数",
            "min_value": "抽取人数至少1人",
            "max_value": "抽取人数不超过99人",
        },
    )
    reserves = forms.IntegerField(
        label="备选人数",
        min_value=0,
        max_value=20,
        initial=2,
        error_messages={
            "required": "请填写备选人数（可为0）",
            "invalid": "备选人数须为整数",
            "min_value": "备选人数不能为负数",
            "max_value": "备选人数不超过20人",
        },
    )
    occupations = forms.CharField(
        label="职业（工种）或专业领域",
        max_length=300,
        required=False,
        help_text="只从这些领域的专家中抽取，多个用顿号分隔；不填则从全部在库专家中抽取",
    )
    seed = forms.CharField(
        label="随机种子",
        max_length=64,
        required=False,
        help_text="不填由系统生成；抽取结果可用同一种子和当时的专家库复核",
    )


class PickForm(Form):
    expert = forms.TypedChoiceField(
        label="指定专家",
        coerce=int,
        error_messages={"required": "请选择专家", "invalid_choice": "请选择专家"},
    )
    reason = forms.CharField(
        label="指定理由", max_length=200, error_messages={"required": "请写明指定理由"}
    )

    def __init__(self, *args: Any, experts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["expert"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "请选择"), *experts]


class ReserveForm(Form):
    member = forms.TypedChoiceField(
        label="被替换的专家",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="不选：因回避等原因人数不足时递补",
        error_messages={"invalid_choice": "请选择评审组的在任专家"},
    )
    reason = forms.CharField(
        label="递补原因", max_length=200, error_messages={"required": "请写明递补的原因"}
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "（不替换，补足人数）"), *members]
