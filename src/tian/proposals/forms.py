"""Forms for writing proposals. They parse input; actions decide."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tian.directory.models import Member, Proposer, Session
from tian.lib.text import CleanTextMixin
from tian.proposals.models import Category

NAME_SEPARATORS = re.compile(r"[、,,;;\s]+")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input. A plain FileField reads the widget's list as one file
    and refuses it as "未提交文件"; this checks each file and returns the list."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        single = super().clean
        return [single(f, initial) for f in files]


def split_names(text: str) -> list[str]:
    return [name for name in NAME_SEPARATORS.split(text or "") if name]


class ProposalForm(CleanTextMixin, forms.Form):
    """Title, 案由, 现状与问题, 具体建议, category, co-signers and attachments."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    proposer_name = forms.CharField(
        label=_("提案者"),
        required=False,
        help_text=_("代委员或集体录入时填写提案者姓名或名称。"),
    )
    title = forms.CharField(label=_("题目"), max_length=200)
    subject = forms.CharField(
        label=_("案由"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    background = forms.CharField(label=_("现状与问题"), required=False, widget=forms.Textarea)
    suggestions = forms.CharField(label=_("具体建议"), required=False, widget=forms.Textarea)
    category = forms.ModelChoiceField(
        label=_("类别"), queryset=Category.objects.none(), required=False, empty_label=_("请选择")
    )
    cosigner_names = forms.CharField(
        label=_("邀请联名委员"),
        required=False,
        help_text=_("填写委员姓名,多人用顿号或逗号分隔;被邀请人确认后才算联名。"),
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"}),
        help_text=_("可上传 PDF、图片、Word 或 Excel 文件。"),
    )

    def __init__(self, *args: Any, session: Session, on_behalf: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["category"].queryset = Category.objects.filter(session=session)
        if not on_behalf:
            del self.fields["proposer_name"]

    def clean_proposer_name(self) -> Proposer | None:
        name = self.cleaned_data.get("proposer_name", "").strip()
        if not name:
            raise forms.ValidationError(_("请填写提案者。"))
        proposer = Proposer.objects.filter(body=self.session.body, name=name).first()
        if proposer is None:
            raise forms.ValidationError(_("名录中没有“%(name)s”。") % {"name": name})
        return proposer

    def clean_cosigner_names(self) -> list[Proposer]:
        names = split_names(self.cleaned_data.get("cosigner_names", ""))
        found = {m.name: m for m in Member.objects.filter(body=self.session.body, name__in=names)}
        unknown = [name for name in names if name not in found]
        if unknown:
            raise forms.ValidationError(
                _("名录中没有这些委员:%(names)s。") % {"names": "、".join(unknown)}
            )
        return [found[name] for name in dict.fromkeys(names)]
