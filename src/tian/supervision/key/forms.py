"""Forms for key proposals: they parse what people type; actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tian.directory.models import Leader
from tian.supervision.models import SupervisionActivity


class KeySelectForm(forms.Form):
    reason = forms.CharField(
        label=_("遴选理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("为什么列为重点提案:涉及面、群众关注度、与年度重点工作的关系等。"),
    )
    lead_leader = forms.ModelChoiceField(
        label=_("领办领导(政府)"),
        queryset=Leader.objects.none(),
        empty_label=_("请选择领办的区长或副区长"),
    )
    # Ticking boxes works with a thumb; a multiple <select> needs Ctrl and hides its choices.
    supervisors = forms.ModelMultipleChoiceField(
        label=_("督办领导(政协)"),
        queryset=Leader.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("政协主席或副主席,可多选。"),
        error_messages={"required": _("请选择督办的政协主席或副主席。")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_leader"].queryset = Leader.objects.filter(
            organisation=Leader.Organisation.GOVERNMENT
        ).order_by("name")
        self.fields["supervisors"].queryset = Leader.objects.filter(
            organisation=Leader.Organisation.CPPCC
        ).order_by("name")


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("形式"), choices=SupervisionActivity.Kind.choices, widget=forms.RadioSelect
    )
    held_on = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    attendees = forms.CharField(
        label=_("参加人员"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("领导、委员、承办单位等,用顿号分隔。"),
    )
    summary = forms.CharField(label=_("情况摘要"), widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(
        label=_("照片或材料"),
        required=False,
        help_text=_("可选,PNG、JPEG 图片或 PDF。"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,application/pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
