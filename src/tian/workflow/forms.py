"""The filing review's form (立案审查): the committee's decision on a submitted proposal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tian.proposals.models import Category, Proposal


class ReviewForm(forms.Form):
    """The proposal committee's filing decision (立案审查)."""

    class Decision:
        FILE = "file"
        MERGE = "merge"
        REJECT = "reject"
        CONVERT = "convert"

    DECISIONS = [
        ("file", _("立案")),
        ("merge", _("并案")),
        ("reject", _("不予立案")),
        ("convert", _("转来信处理")),
    ]

    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("审查结论"), choices=DECISIONS, widget=forms.RadioSelect)
    category = forms.ModelChoiceField(
        label=_("类别"), queryset=Category.objects.none(), required=False, empty_label=_("请选择")
    )
    number = forms.IntegerField(
        label=_("编号"), required=False, min_value=1, help_text=_("留空则自动取下一个编号。")
    )
    merge_into = forms.IntegerField(label=_("并入第几号提案"), required=False, min_value=1)
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不予立案或转来信处理时必填,提案者可以看到。"),
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["category"].queryset = Category.objects.filter(session=proposal.session)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        decision = data.get("decision")
        if decision == self.Decision.MERGE:
            number = data.get("merge_into")
            if not number:
                self.add_error("merge_into", _("请填写要并入的提案编号。"))
            else:
                target = Proposal.objects.filter(
                    session=self.proposal.session, number=number
                ).first()
                if target is None:
                    self.add_error("merge_into", _("本次会议没有第%(n)s号提案。") % {"n": number})
                data["merge_target"] = target
        return data
