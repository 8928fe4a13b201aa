"""Handling's columns of the proposal list: 承办单位 and 答复期限 (`tian.proposals.columns`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tian.handling.models import Assignment
from tian.handling.queries import attach_reply_due
from tian.proposals.columns import ExportCell, ListColumn
from tian.proposals.models import Proposal


@dataclass
class HandlingUnits:
    """The units handling a proposal now: the leading ones (主办, then 会办) and the co-units."""

    leading: list[str] = field(default_factory=list)
    leading_full: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    co_full: list[str] = field(default_factory=list)


def attach_units(rows: Sequence[Proposal]) -> None:
    """Give each row `handling_units` (HandlingUnits), in one query for all of them."""
    units = {proposal.pk: HandlingUnits() for proposal in rows}
    role_order = {Assignment.Role.LEAD: 0, Assignment.Role.JOINT: 1, Assignment.Role.CO: 2}
    assignments = (
        Assignment.objects.active()
        .filter(proposal_id__in=list(units))
        .values_list("proposal_id", "role", "unit__short_name", "unit__name", "id")
    )
    for proposal_id, role, short_name, name, _pk in sorted(
        assignments, key=lambda row: (role_order[row[1]], row[4])
    ):
        found = units[proposal_id]
        if role == Assignment.Role.CO:
            found.co.append(short_name or name)
            found.co_full.append(name)
        else:
            found.leading.append(short_name or name)
            found.leading_full.append(name)
    for proposal in rows:
        proposal.handling_units = units[proposal.pk]


def _overdue_text(proposal: Proposal) -> str:
    return "已逾期" if proposal.is_overdue else ""


def _due_on(proposal: Proposal) -> object:
    return proposal.reply_due.due if proposal.reply_due else None


UNITS = ListColumn(
    key="units",
    header="承办单位",
    template="handling/_list_units.html",
    attach=attach_units,
    exports=(
        ExportCell("承办单位", lambda p: "、".join(p.handling_units.leading_full), width=28),
        ExportCell("协办单位", lambda p: "、".join(p.handling_units.co_full), width=28),
    ),
)
REPLY_DUE = ListColumn(
    key="reply_due",
    header="答复期限",
    template="handling/_list_reply_due.html",
    attach=attach_reply_due,
    exports=(ExportCell("答复期限", _due_on), ExportCell("是否逾期", _overdue_text, width=10)),
)
