"""Input forms for organisations and accounts; the services decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from skillaward.base.forms import Form
from skillaward.core.chain import ROLE_NAMES, Role
from skillaward.core.rules import RECOMMENDER_TYPE_NAMES


class OrganisationForm(Form):
    name = forms.CharField(label="单位名称", max_length=100)
    recommender_type = forms.ChoiceField(label="推荐单位类型", required=False)
    region = forms.CharField(label="所在地区", max_length=60, required=False)
    contact = forms.CharField(label="联系人", max_length=30, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)

    def __init__(
        self, *args: Any, recommender_types: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if recommender_types is None:
            del self.fields["recommender_type"]
        else:
            field = cast(forms.ChoiceField, self.fields["recommender_type"])
            field.required = True
            field.choices = [("", "请选择")] + [
                (t, RECOMMENDER_TYPE_NAMES[t]) for t in recommender_types
            ]


class AccountForm(Form):
    role = forms.ChoiceField(label="角色")
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=30, required=False)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, roles: tuple[Role, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["role"])
        field.choices = [(r, ROLE_NAMES[r]) for r in roles]


class PasswordForm(Form):
    password = forms.CharField(label="新密码", widget=forms.PasswordInput, strip=False)
