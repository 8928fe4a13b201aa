"""The measures a reply promises (实施清单), as supervision adds them to handling's reply.

Registered into handling's hooks (`tian.handling.hooks`) from SupervisionConfig.ready: the
reply form's list of measures, the rows saving a reply writes (in save_reply's transaction),
and the rule that a reply "in progress" lists its measures before it is signed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.forms import BaseFormSet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tian.directory.models import Unit
from tian.handling.forms import date_input
from tian.handling.hooks import (
    CommitmentInput,
    CommitmentRows,
    reply_checks,
    reply_commitment_forms,
    reply_saved,
)
from tian.handling.models import Reply, StatClass
from tian.handling.pickers import active_units
from tian.handling.steps import current_round
from tian.lib.text import CleanTextMixin
from tian.proposals.models import Proposal
from tian.supervision.models import Commitment


class CommitmentForm(CleanTextMixin, forms.Form):
    description = forms.CharField(label=_("措施"), required=False, max_length=300)
    responsible_unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Unit.objects.none(), required=False, empty_label=_("请选择")
    )
    due_on = forms.DateField(label=_("完成时限"), required=False, widget=date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = active_units()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = [data.get("description"), data.get("responsible_unit"), data.get("due_on")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("每项措施都要写明做什么、由哪个单位负责、何时完成。"))
        return data


CommitmentFormSet = forms.formset_factory(CommitmentForm, extra=3)


def _carried(proposal: Proposal, round_: int) -> QuerySet[Commitment]:
    """Measures an earlier round's reply promised and that are still open (推进中): in
    re-handling the new round's reply carries them on rather than promising them again."""
    return Commitment.objects.filter(
        proposal=proposal,
        parent__isnull=True,
        status=Commitment.Status.OPEN,
        reply__round__lt=round_,
    )


def _replaceable(measures: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """The measures saving the reply again replaces: open, not yet started (no progress, no
    report, no steps)."""
    return measures.filter(
        status=Commitment.Status.OPEN,
        progress=0,
        updates__isnull=True,
        children__isnull=True,
    )


def _same(row: Commitment, typed: CommitmentInput) -> bool:
    return (row.description, row.responsible_unit_id, row.due_on) == (
        typed.description.strip(),
        typed.responsible_unit.pk,
        typed.due_on,
    )


class ReplyCommitmentForm:
    """The reply form's list of measures (handling.hooks.ReplyCommitmentForm)."""

    def rows(
        self, data: QueryDict | None, proposal: Proposal, reply: Reply | None
    ) -> CommitmentRows:
        # Rows not yet started are shown in the form: saving any rows replaces them, so what
        # the clerk sees is what the reply will list. In re-handling the open measures of the
        # earlier rounds come first, as this round's own.
        round_ = reply.round if reply is not None else current_round(proposal)
        carried = list(_carried(proposal, round_).select_related("responsible_unit"))
        own = (
            list(reply.commitments.filter(parent__isnull=True).select_related("responsible_unit"))
            if reply is not None
            else []
        )
        measures = carried + own
        fresh = set(
            _replaceable(Commitment.objects.filter(pk__in=[c.pk for c in measures])).values_list(
                "pk", flat=True
            )
        )
        editable = [c for c in measures if c.pk in fresh]
        formset = CommitmentFormSet(
            data,
            prefix="c",
            initial=[
                {
                    "description": c.description,
                    "responsible_unit": c.responsible_unit,
                    "due_on": c.due_on,
                }
                for c in editable
            ],
        )
        kept = [c for c in measures if c.pk not in fresh]
        return CommitmentRows(formset=formset, editable=editable, kept=kept, carried=carried)

    def inputs(self, formset: BaseFormSet) -> list[CommitmentInput]:
        return [
            CommitmentInput(f["description"], f["responsible_unit"], f["due_on"])
            for f in formset.cleaned_data
            if f and f.get("description")
        ]


def record_commitments(actor: Any, reply: Reply, inputs: list[CommitmentInput]) -> None:
    """Saving a reply takes over the earlier rounds' open measures (with their steps); when
    it lists measures, they replace its measures not yet started — a row typed as it was
    stays the same measure (its dates and history kept), the others are added or removed."""
    carried = list(_carried(reply.proposal, reply.round).values_list("pk", flat=True))
    if carried:
        Commitment.objects.filter(Q(pk__in=carried) | Q(parent_id__in=carried)).update(reply=reply)
    if not inputs:
        return
    replaceable = list(_replaceable(reply.commitments.filter(parent__isnull=True)))
    added = []
    for typed in inputs:
        same = next((row for row in replaceable if _same(row, typed)), None)
        if same is not None:
            replaceable.remove(same)
        else:
            added.append(typed)
    Commitment.objects.filter(pk__in=[row.pk for row in replaceable]).delete()
    Commitment.objects.bulk_create(
        Commitment(
            proposal_id=reply.proposal_id,
            reply=reply,
            description=c.description.strip(),
            responsible_unit=c.responsible_unit,
            start_on=c.start_on or timezone.localdate(),
            due_on=c.due_on,
        )
        for c in added
    )


def in_progress_lists_its_measures(reply: Reply) -> list[str]:
    """A reply graded “in progress” must say what will be done, by whom, by when."""
    if (
        reply.grade is not None
        and reply.grade.stat_class == StatClass.IN_PROGRESS
        and not reply.commitments.exists()
    ):
        return ["“正在解决或列入计划”的答复须列出实施清单(做什么、谁负责、何时完成)"]
    return []


reply_commitment_forms.register(ReplyCommitmentForm(), key="supervision.commitments")
reply_saved.register(record_commitments, key="supervision.commitments")
reply_checks.register(in_progress_lists_its_measures, key="supervision.commitments")
