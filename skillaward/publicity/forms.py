"""The forms of the publicity pages: an objection (public), a resolution, an opening date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django import forms

from skillaward.base.clock import beijing_today
from skillaward.base.forms import Form
from skillaward.campaigns.models import Application
from skillaward.publicity.models import Objection
from skillaward.publicity.services import OBJECTION_MAX_CHARS


class ObjectionForm(Form):
    application = forms.TypedChoiceField(label="异议对象", coerce=int)
    text = forms.CharField(
        label="异议内容（请写明具体事实）",
        widget=forms.Textarea,
        max_length=OBJECTION_MAX_CHARS,
    )
    name = forms.CharField(
        label="您的真实姓名（实名反映，公示单位为您保密）",
        max_length=Objection._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact = forms.CharField(
        label="联系方式（电话或邮箱，用于核实和查询处理结果）",
        max_length=Objection._meta.get_field("contact").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )

    # A honeypot: hidden from people by the page's style, filled in by form-filling robots.
    website = forms.CharField(
        label="网站（请勿填写）",
        required=False,
        widget=forms.TextInput(
            attrs={"class": "honeypot", "tabindex": "-1", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args: Any, candidates: Iterable[Application] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["application"])
        field.choices = [(a.pk, a.name) for a in candidates]


class LookupForm(Form):
    reference = forms.CharField(label="受理编号", max_length=16)
    contact = forms.CharField(
        label="提交异议时填写的联系方式",
        max_length=Objection._meta.get_field("contact").max_length,
    )


class OpenForm(Form):
    start = forms.DateField(
        label="公示开始日期（今天或以后，不填则为下一个工作日）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].widget.attrs["min"] = beijing_today().isoformat()

    def clean_start(self) -> date | None:
        """The service refuses a start before today too; here the refusal stands by the field."""
        start: date | None = self.cleaned_data["start"]
        today = beijing_today()
        if start is not None and start < today:
            raise forms.ValidationError(f"公示开始日期不能早于今天（{today:%Y年%m月%d日}）")
        return start


class ResolveForm(Form):
    upheld = forms.TypedChoiceField(
        label="核查结论",
        choices=[("0", "异议不成立"), ("1", "异议成立（不予推荐）")],
        coerce=lambda value: value == "1",
    )
    resolution = forms.CharField(label="核查处理结果", widget=forms.Textarea)
