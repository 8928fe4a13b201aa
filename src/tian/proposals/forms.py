"""Forms for writing proposals. They parse input; actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tian.directory.models import Member, Proposer, Session
from tian.directory.namesakes import namesake_labels, picker_details
from tian.lib.text import CleanTextMixin
from tian.proposals.models import Category, Proposal


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


class MemberPicker(forms.CheckboxSelectMultiple):
    """Checkboxes over the body's members, each with what tells namesakes apart; a search box
    (member_picker.js) filters them by name where script runs."""

    template_name = "proposals/widgets/member_picker.html"


class ProposalForm(CleanTextMixin, forms.Form):
    """Title, 案由, 现状与问题, 具体建议, category, co-signers (picked from the directory) and
    attachments."""

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
    cosigners = forms.ModelMultipleChoiceField(
        label=_("邀请联名委员"),
        queryset=Member.objects.none(),
        required=False,
        widget=MemberPicker,
        help_text=_("勾选要邀请的委员;被邀请人在截止时间前确认后才算联名。"),
        error_messages={
            "invalid_choice": _(
                "编号%(value)s不是可以邀请的委员:只能邀请本机构名录中的其他委员联名。"
            ),
            "invalid_pk_value": _("“%(pk)s”不是委员名录中的编号。"),
        },
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"}),
        help_text=_("可上传 PDF、图片、Word 或 Excel 文件。"),
    )

    def __init__(
        self,
        *args: Any,
        session: Session,
        on_behalf: bool,
        proposal: Proposal | None = None,
        drafter: Proposer | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["category"].queryset = Category.objects.filter(session=session)
        if not on_behalf:
            del self.fields["proposer_name"]
        self._offer_members(proposal, drafter)

    def _offer_members(self, proposal: Proposal | None, drafter: Proposer | None) -> None:
        """The body's members, but not the proposer nor those already invited."""
        members = Member.objects.filter(body_id=self.session.body_id).order_by("name", "id")
        lead = proposal.lead_proposer_id if proposal else (drafter.pk if drafter else None)
        if lead:
            members = members.exclude(pk=lead)
        if proposal is not None:
            members = members.exclude(cosignatures__proposal=proposal)
        offered = list(members)
        shown = picker_details(offered)
        field = self.fields["cosigners"]
        field.queryset = members
        field.label_from_instance = lambda member: format_html(
            '<span class="picker-name">{}</span> <span class="picker-details">{}</span>',
            member.name,
            shown.get(member.pk, ""),
        )

    def clean_proposer_name(self) -> Proposer | None:
        name = self.cleaned_data.get("proposer_name", "").strip()
        if not name:
            raise forms.ValidationError(_("请填写提案者。"))
        bearers = list(Proposer.objects.filter(body=self.session.body, name=name))
        if len(bearers) == 1:
            return bearers[0]
        # Namesakes are told apart as a list shows them: 王伟(经济界).
        everyone = list(Proposer.objects.filter(body=self.session.body, name=name.split("(")[0]))
        labels = namesake_labels(everyone)
        chosen = [p for p in everyone if labels[p.pk] == name]
        if len(chosen) == 1:
            return chosen[0]
        if bearers:
            raise forms.ValidationError(
                _("名录中有%(n)s位“%(name)s”,请写明是哪一位:%(labels)s。")
                % {
                    "n": len(bearers),
                    "name": name,
                    "labels": "、".join(labels[p.pk] for p in bearers),
                }
            )
        raise forms.ValidationError(_("名录中没有“%(name)s”。") % {"name": name})
