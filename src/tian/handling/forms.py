"""Forms for handling: they parse what people type; actions decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tian.directory.models import Unit
from tian.handling.actions import contact_date_problem
from tian.handling.models import Assignment, Contact, Grade, OnTarget, Reply, Verdict
from tian.handling.pickers import (
    UnitOptions,
    UnitSelect,
    UnitSelectMultiple,
    proposed_assignments,
)
from tian.handling.replies import LetterLines
from tian.lib.text import CleanTextMixin
from tian.proposals.models import Proposal


def date_input() -> forms.DateInput:
    # A date picker takes and shows ISO dates whatever the locale's own date format.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


CHOOSE_ONE = {"required": _("请选择一项。")}


class UnitFields(forms.Form):
    """The units a proposal is assigned to: one lead unit, any co-units and joint leads, each
    chosen in the unit picker (grouped by type, the committee's proposed units first)."""

    lead = forms.ModelChoiceField(
        label=_("主办单位"),
        queryset=Unit.objects.none(),
        empty_label=_("请选择主办单位"),
        widget=UnitSelect,
    )
    co = forms.ModelMultipleChoiceField(
        label=_("协办单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=UnitSelectMultiple,
        help_text=_("可多选。协办单位须在主办单位答复前提交协办意见。"),
    )
    joint = forms.ModelMultipleChoiceField(
        label=_("会办单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=UnitSelectMultiple,
        help_text=_("可多选。会办单位与主办单位共同答复。"),
    )
    unit_fields = ("lead", "co", "joint")

    def __init__(
        self,
        *args: Any,
        proposal: Proposal | None = None,
        options: UnitOptions | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        (options or UnitOptions()).offer(self, proposal, self.unit_fields)

    def units(self) -> dict[str, Any]:
        """The chosen units as the assignment actions take them."""
        data = self.cleaned_data
        return {"lead": data["lead"], "co": list(data["co"]), "joint": list(data["joint"])}


class AssignForm(UnitFields):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # Rarely used: shown folded unless something is chosen.
    folded = ("joint",)

    field_order = ["version", "lead", "co", "joint"]


class BatchRowForm(UnitFields):
    """One row of the batch assignment table (批量交办): a tick, the version the office saw,
    the lead and co-units. A row without a lead unit is left to the action to refuse, with
    the others."""

    pick = forms.BooleanField(label=_("选择"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, proposal=proposal, prefix=f"p{proposal.pk}", **kwargs)
        self.proposal = proposal
        self.proposed = proposed_assignments(proposal)
        self.fields["lead"].required = False
        # Joint leads (会办) are rare: the committee's go along as proposed; the single
        # assign page changes them. A table row keeps to its lead and co-units.
        self.fields["joint"].widget = forms.MultipleHiddenInput()
        self.joint_units = [a.unit for a in self.proposed if a.role == Assignment.Role.JOINT]
        number = proposal.number_label
        for name in self.unit_fields:
            self.fields[name].label = f"{number}{self.fields[name].label}"

    def is_picked(self) -> bool:
        """Whether the office ticked this row."""
        return self.is_bound and self.fields["pick"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("pick")
        )


class ObjectionForm(forms.Form):
    reason = forms.CharField(label=_("申请调整理由"), widget=forms.Textarea(attrs={"rows": 4}))
    suggested_unit = forms.CharField(label=_("建议改由哪个单位办理"), required=False)


class ObjectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=[("accept", _("同意调整")), ("reject", _("不予调整"))],
        widget=forms.RadioSelect,
        error_messages=CHOOSE_ONE,
    )
    new_unit = forms.ModelChoiceField(
        label=_("改由单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("请选择"),
        widget=UnitSelect,
        help_text=_("同意调整时选择。"),
    )
    reset_deadline = forms.BooleanField(
        label=_("办理期限从今天重新起算"),
        required=False,
        help_text=_("默认保留原交办期限;勾选后将记录在办理记录中。"),
    )
    comment = forms.CharField(
        label=_("处理意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("承办单位会看到;不予调整时请写明理由。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        UnitOptions().offer(self, None, ["new_unit"])


class ContactForm(forms.Form):
    method = forms.ChoiceField(label=_("方式"), choices=Contact.Method.choices)
    stage = forms.ChoiceField(label=_("阶段"), choices=Contact.Stage.choices)
    contacted_on = forms.DateField(label=_("日期"), widget=date_input(), initial=timezone.localdate)
    participants = forms.CharField(label=_("参加人员"), required=False)
    summary = forms.CharField(label=_("沟通情况"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, earliest: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.earliest = earliest

    def clean_contacted_on(self) -> date:
        contacted_on = self.cleaned_data["contacted_on"]
        if problem := contact_date_problem(contacted_on, self.earliest):
            raise forms.ValidationError(problem)
        return contacted_on


class CoOpinionForm(forms.Form):
    text = forms.CharField(label=_("协办意见"), widget=forms.Textarea(attrs={"rows": 6}))


class ReplyForm(CleanTextMixin, forms.Form):
    reply_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    grade = forms.ModelChoiceField(
        label=_("办理结果分类"),
        queryset=Grade.objects.none(),
        required=False,
        empty_label=_("请选择"),
    )
    situation = forms.CharField(
        label=_("基本情况"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    measures = forms.CharField(
        label=_("已采取的措施"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    plan = forms.CharField(
        label=_("下一步计划(含时间)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    # The letter's heading and footing, from which Tian writes the Word letter (答复函).
    doc_number = forms.CharField(
        label=_("文号"), required=False, max_length=40, help_text=_("如:区人社函〔2022〕106号")
    )
    issuer_name = forms.CharField(
        label=_("签发人"),
        required=False,
        max_length=40,
        help_text=_("不填则用签发答复的单位负责人的姓名。"),
    )
    contact_name = forms.CharField(label=_("联系人"), required=False, max_length=40)
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    copy_to = forms.CharField(
        label=_("抄送"),
        required=False,
        max_length=200,
        help_text=_("如:区政协提案委员会,区政府办公室督查室"),
    )
    letter = forms.FileField(
        label=_("签章答复函"),
        required=False,
        help_text=_(
            "负责人签发后,在提案页下载答复函(Word),盖章扫描后上传(PDF 或图片);"
            "已有盖章扫描件的也可在此上传,已上传的可不再上传。"
        ),
    )
    disclosure = forms.ChoiceField(
        label=_("公开属性"),
        choices=Reply.Disclosure.choices,
        widget=forms.RadioSelect,
        error_messages=CHOOSE_ONE,
    )
    disclosure_reason = forms.CharField(
        label=_("不公开理由"),
        required=False,
        help_text=_("选择“不公开”时必填,如:涉及国家秘密、商业秘密或个人隐私。"),
    )

    # Drawn together under 答复函, with the upload.
    letter_lines = LetterLines.FIELDS

    def __init__(self, *args: Any, session: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grade"].queryset = Grade.objects.filter(session=session)


class LetterForm(forms.Form):
    """The stamped, scanned letter attached after the leader signs (上传签章答复函)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    letter = forms.FileField(
        label=_("盖章扫描件"),
        error_messages={"required": _("请选择盖章后扫描的答复函(PDF 或图片)。")},
    )


class ReviewReplyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("accept", _("审核通过,答复提案者")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
        error_messages=CHOOSE_ONE,
    )
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必填,承办单位会看到。"),
    )


class VerdictForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    contact_made = forms.TypedChoiceField(
        label=_("承办单位是否与您联系"),
        choices=[("yes", _("是")), ("no", _("否"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages=CHOOSE_ONE,
    )
    contact_method = forms.CharField(
        label=_("联系方式"), required=False, help_text=_("如:电话、登门走访、座谈、现场调研")
    )
    attitude = forms.ChoiceField(
        label=_("对办理态度"),
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages=CHOOSE_ONE,
    )
    on_target = forms.ChoiceField(
        label=_("答复是否针对所提问题"),
        choices=OnTarget.choices,
        widget=forms.RadioSelect,
        error_messages=CHOOSE_ONE,
    )
    result = forms.ChoiceField(
        label=_("对办理结果"),
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        help_text=_("选择“不满意”将启动重新办理。"),
        error_messages=CHOOSE_ONE,
    )
    comments = forms.CharField(
        label=_("意见和建议"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ExtendForm(forms.Form):
    new_due_on = forms.DateField(label=_("延至"), widget=date_input())
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))
