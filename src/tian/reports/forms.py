"""The office's form for the annual report's own text and disclosure header."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tian.reports.actions import TEXT_FIELDS
from tian.reports.models import AnnualReport


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = list(TEXT_FIELDS)
        widgets = {
            "problems": forms.Textarea(attrs={"rows": 12}),
            "closing": forms.Textarea(attrs={"rows": 3}),
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"index_number": _("政府信息公开目录中的索引号,例如 014034703/2022-01269。")}
