"""Forms of unit evaluation: the scheme's points and the office's rating of a reply."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tian.evaluation.actions import TOTAL_POINTS
from tian.evaluation.models import LEVEL_POINTS, Criterion, QualityLevel


class SchemeForm(forms.Form):
    """One points field per criterion; the action checks that they add up to 100."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, criteria: list[Criterion], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[self.field_name(criterion)] = forms.IntegerField(
                label=criterion.name,
                min_value=0,
                max_value=TOTAL_POINTS,
                initial=criterion.weight,
                error_messages={
                    "required": _("请填写分值。"),
                    "invalid": _("分值应为整数。"),
                    "min_value": _("分值不能小于0。"),
                    "max_value": _("分值不能超过100。"),
                },
            )

    @staticmethod
    def field_name(criterion: Criterion) -> str:
        return f"weight_{criterion.code}"

    def rows(self) -> list[tuple[Criterion, forms.BoundField]]:
        return [(c, self[self.field_name(c)]) for c in self.criteria]

    def total_points(self) -> int | None:
        """The points of the scored criteria as the form now holds them (None if unreadable)."""
        total = 0
        for criterion, field in self.rows():
            if criterion.is_deduction:
                continue
            value = field.value()
            text = "" if value is None else str(value).strip()
            if not (text.isascii() and text.isdigit() and len(text) < 10):
                return None
            total += int(text)
        return total

    def weights(self) -> dict[str, int]:
        return {c.code: self.cleaned_data[self.field_name(c)] for c in self.criteria}


class QualityForm(forms.Form):
    """The office's rating of a reply (优/良/中/差) with an optional comment."""

    level = forms.ChoiceField(
        label=_("答复质量"),
        choices=[
            (value, f"{label}({LEVEL_POINTS[value]}分)") for value, label in QualityLevel.choices
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择答复质量等次。")},
    )
    comment = forms.CharField(
        label=_("评审意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明答复的优点或不足,例如是否逐条回应建议、措施是否具体、有无时间表。"),
    )
