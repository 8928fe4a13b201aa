"""Named lists of proposals that pages show: worklists, the session in force."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tian import policy
from tian.directory.models import Role, Session
from tian.lib.hooks import Hook
from tian.lib.http import int_param
from tian.proposals.models import CoSignature, Proposal, Status

if TYPE_CHECKING:
    from tian.reports.figures import DrillDown

WORKLIST_LIMIT = 20


def current_session(user: Any = None) -> Session | None:
    """The session people are working on: the newest one open for submission, else the newest."""
    sessions = Session.objects.select_related("body").order_by("-year", "-id")
    return sessions.filter(is_open_for_submission=True).first() or sessions.first()


def with_list_columns(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Everything a proposal row shows, fetched in the same query."""
    return queryset.select_related("session", "category", "lead_proposer", "key")


@dataclass
class Section:
    """One box of a worklist (待办): a title, what to do, the proposals, and how many in all."""

    key: str
    title: str
    hint: str
    items: list[Proposal] = field(default_factory=list)
    total: int = 0


def worklist_section(key: str, title: str, hint: str, queryset: QuerySet[Proposal]) -> Section:
    """One worklist box over `queryset`: its first WORKLIST_LIMIT proposals and how many in all."""
    # The joins behind a section's filter can repeat a row; list each proposal once.
    queryset = Proposal.objects.filter(pk__in=queryset.values("pk")).order_by(
        "session", "number", "id"
    )
    items = list(with_list_columns(queryset)[:WORKLIST_LIMIT])
    return Section(key, title, hint, items, queryset.count())


WorklistBoxes = Callable[[Any, QuerySet[Proposal]], list[Section]]

# The boxes the higher apps add after the intake boxes (handling's, the leader's key proposals),
# each a function of the user and the proposals they may see; registered from their ready().
worklist_sections: Hook[WorklistBoxes] = Hook("proposals.worklist_sections")


def worklist(user: Any) -> list[Section]:
    """The sections of a user's worklist, by role: the intake boxes, then those the higher apps
    add (`worklist_sections`); each holds at most WORKLIST_LIMIT rows."""
    visible = policy.visible_proposals(user)
    sections: list[Section] = []
    if user.has_role(Role.MEMBER) and user.proposer_id:
        sections.append(
            worklist_section(
                "cosign",
                "待确认的联名邀请",
                "其他委员邀请您联名,请在截止时间前确认或谢绝。",
                visible.filter(
                    cosignatures__proposer_id=user.proposer_id,
                    cosignatures__status=CoSignature.Status.INVITED,
                    cosignatures__deadline__gt=timezone.now(),
                ).order_by("-id"),
            )
        )
        sections.append(
            worklist_section(
                "drafts",
                "我的草稿",
                "尚未提交的提案,提交后由提案委审查。",
                visible.filter(lead_proposer_id=user.proposer_id, status=Status.DRAFT).order_by(
                    "-updated_at"
                ),
            )
        )
        sections.append(
            worklist_section(
                "mine",
                "我的提案",
                "已提交的提案及其办理进展。",
                visible.exclude(status=Status.DRAFT).order_by("-session__year", "number", "-id"),
            )
        )
    if user.has_role(Role.CPPCC_STAFF):
        sections.append(
            worklist_section(
                "review",
                "待立案审查",
                "审查委员提交的提案:立案、并案、不予立案或转来信处理。",
                visible.filter(status=Status.SUBMITTED).order_by("submitted_at", "id"),
            )
        )
        sections.append(
            worklist_section(
                "staff-drafts",
                "代录入的草稿",
                "代委员或集体录入、尚未提交的提案。",
                visible.filter(status=Status.DRAFT, created_by=user).order_by("-updated_at"),
            )
        )
    if user.has_role(Role.GOV_OFFICE):
        sections.append(
            worklist_section(
                "to-assign",
                "待交办",
                "已立案、尚未交办承办单位的提案。",
                visible.filter(status=Status.FILED).order_by("session", "number"),
            )
        )
    for boxes in worklist_sections:
        sections += boxes(user, visible)
    return sections


DRILL_PARAMS = ("filed", "grade", "proposer_type", "unit", "unit_role")


def drill_down_from(request: HttpRequest) -> DrillDown:
    """The dashboard's drill-down filters (立案、类别、办理结果、提案者类型、承办单位) read
    from a list URL's query string; unknown choices are ignored, an id that is not one is a 400."""
    from tian.reports.figures import PROPOSER_TYPES, UNIT_ROLES, DrillDown

    params = request.GET
    proposer_type = params.get("proposer_type", "")
    unit_role = params.get("unit_role", "")
    return DrillDown(
        filed=params.get("filed") == "1",
        category_id=int_param(request, "category"),
        grade_id=int_param(request, "grade"),
        proposer_type=proposer_type if proposer_type in PROPOSER_TYPES else "",
        unit_id=int_param(request, "unit"),
        unit_role=unit_role if unit_role in UNIT_ROLES else "",
    )


@dataclass
class ActiveFilter:
    """A filter in force on the list, and the list's address without it (to clear it)."""

    label: str
    clear_url: str


def active_filters(
    params: Any, drill: DrillDown, categories: list[Any], query: str = ""
) -> list[ActiveFilter]:
    """The list's filters in force, each with a link that drops it (at most two queries,
    for the grade and the unit names)."""
    from tian.directory.models import Unit
    from tian.handling.models import Grade
    from tian.reports.figures import PROPOSER_TYPES

    found: list[tuple[str, tuple[str, ...]]] = []
    if drill.filed:
        found.append(("已立案", ("filed",)))
    if drill.category_id:
        name = next((c.name for c in categories if c.pk == drill.category_id), "?")
        found.append((f"类别:{name}", ("category",)))
    status = params.get("status", "")
    if status in Status.values:
        found.append((f"状态:{Status(status).label}", ("status",)))
    if drill.grade_id:
        grade = Grade.objects.filter(pk=drill.grade_id).values_list("label", flat=True).first()
        found.append((f"办理结果:{grade or '?'}", ("grade",)))
    if drill.proposer_type:
        found.append((f"提案者:{PROPOSER_TYPES[drill.proposer_type]}", ("proposer_type",)))
    if drill.unit_id:
        unit = Unit.objects.filter(pk=drill.unit_id).values_list("name", flat=True).first()
        role = {"lead": "(主办)", "co": "(协办)"}.get(drill.unit_role, "")
        found.append((f"承办单位:{unit or '?'}{role}", ("unit", "unit_role")))
    if query:
        found.append((f"搜索:{query}", ("q",)))
    filters = []
    for label, names in found:
        rest = params.copy()
        for name in (*names, "page"):
            rest.pop(name, None)
        filters.append(ActiveFilter(label, f"?{rest.urlencode()}"))
    return filters
