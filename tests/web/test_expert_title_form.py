"""BJ6-10: the expert co-signer's professional title is typed as the applicant's, {level, field}
(issue 12 §4), and reads back into the form."""

from __future__ import annotations

from django.http import QueryDict

from skillaward.campaigns import forms
from skillaward.core.program import find_program


def _posted(**values: str) -> QueryDict:
    post = QueryDict(mutable=True)
    for name, value in values.items():
        post[name.replace("__", ".")] = value
    return post


def test_bj6_10_expert_row_stores_the_professional_title_as_level_and_field():
    form = forms.sections(find_program("beijing-outstanding-6"), "expert")
    post = _posted(
        **{
            "nomination__experts__0__name": "张专家",
            "nomination__experts__0__professional_title__level": "正高级",
            "nomination__experts__0__professional_title__field": "机械工程",
            "nomination__experts__0__occupation": "数控车工",
        }
    )
    data = forms.parse(form, post, {})
    (expert,) = data["nomination"]["experts"]
    assert expert["professional_title"] == {"level": "正高级", "field": "机械工程"}


def test_bj6_10_a_stored_expert_title_object_shows_in_the_form():
    form = forms.sections(find_program("beijing-outstanding-6"), "expert")
    expert = {"name": "张专家", "professional_title": {"level": "正高级", "field": "机械工程"}}
    bound, _ = forms.bind(form, {"nomination": {"experts": [expert]}})
    values = {b.name: b.value for b in _inputs(bound)}
    assert values["nomination.experts.0.professional_title.level"] == "正高级"
    assert values["nomination.experts.0.professional_title.field"] == "机械工程"


def _inputs(bound):
    for section in bound:
        for item in section.items:
            if isinstance(item, forms.BoundRows):
                for row in item.rows_bound:
                    yield from row
            elif hasattr(item, "name"):
                yield item
