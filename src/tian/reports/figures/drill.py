"""Drill-downs: the proposals behind a bar, a slice or a point of a dashboard chart, as filters
of the proposal list (`tian.proposals.filters`). Each selects exactly the proposals that the
figure of the same name counts; registered from `ReportsConfig.ready()`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tian.directory.models import Unit
from tian.handling.models import Assignment, Grade
from tian.lib.http import int_param
from tian.proposals.filters import ListFilter, ListRequest
from tian.proposals.models import FILED_STATES, Proposal
from tian.proposals.queries import PROPOSER_TYPES, proposer_type_q
from tian.reports.figures.session import final_replies

UNIT_ROLES = {"lead": list(Assignment.LEADING_ROLES), "co": [Assignment.Role.CO]}
UNIT_ROLE_LABELS = {"lead": "(主办)", "co": "(协办)"}


def _filed(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    # Every figure a list drills into counts filed proposals (立案) only.
    return proposals.filter(status__in=FILED_STATES)


def _by_grade(proposals: QuerySet[Proposal], listing: ListRequest, grade_id: int) -> Any:
    proposals = _filed(proposals)
    if listing.session is None:
        return proposals
    replies = final_replies(listing.session).filter(grade_id=grade_id)
    return proposals.filter(pk__in=replies.values("proposal_id"))


def _grade_label(grade_id: int) -> str:
    grade = Grade.objects.filter(pk=grade_id).values_list("label", flat=True).first()
    return f"办理结果:{grade or '?'}"


def _unit(listing: ListRequest) -> tuple[int, str] | None:
    unit_id = int_param(listing.request, "unit")
    if not unit_id:
        return None
    role = listing.request.GET.get("unit_role", "")
    return unit_id, role if role in UNIT_ROLES else ""


def _by_unit(proposals: QuerySet[Proposal], _listing: ListRequest, value: tuple[int, str]) -> Any:
    unit_id, role = value
    # Subqueries, not joins, so the list keeps one row per proposal.
    assigned = Assignment.objects.active().filter(unit_id=unit_id)
    if role:
        assigned = assigned.filter(role__in=UNIT_ROLES[role])
    return _filed(proposals).filter(pk__in=assigned.values("proposal_id"))


def _unit_label(value: tuple[int, str]) -> str:
    unit_id, role = value
    unit = Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first()
    return f"承办单位:{unit or '?'}{UNIT_ROLE_LABELS.get(role, '')}"


def _proposer_type(listing: ListRequest) -> str | None:
    kind = listing.request.GET.get("proposer_type", "")
    return kind if kind in PROPOSER_TYPES else None


FILED = ListFilter(
    key="filed",
    params=("filed",),
    read=lambda listing: True if listing.request.GET.get("filed") == "1" else None,
    narrow=lambda proposals, _listing, _value: _filed(proposals),
    label=lambda _value: "已立案",
)
BY_GRADE = ListFilter(
    key="grade",
    params=("grade",),
    read=lambda listing: int_param(listing.request, "grade"),
    narrow=_by_grade,
    label=_grade_label,
)
BY_PROPOSER_TYPE = ListFilter(
    key="proposer_type",
    params=("proposer_type",),
    read=_proposer_type,
    narrow=lambda proposals, _listing, kind: _filed(proposals).filter(proposer_type_q(kind)),
    label=lambda kind: f"提案者:{PROPOSER_TYPES[kind]}",
)
BY_UNIT = ListFilter(
    key="unit",
    params=("unit", "unit_role"),
    read=_unit,
    narrow=_by_unit,
    label=_unit_label,
)
# In the order their chips show, around the list's own (类别 20, 状态 30, 搜索 90).
DRILL_DOWNS = ((FILED, 10), (BY_GRADE, 40), (BY_PROPOSER_TYPE, 50), (BY_UNIT, 60))
