"""Named lists of proposals that pages show: worklists, the session in force."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tian import policy
from tian.directory.models import Proposer, Role, Session
from tian.directory.namesakes import namesake_labels
from tian.lib.hooks import Hook
from tian.proposals.models import CoSignature, Proposal, Status
from tian.proposals.policy import visible_proposals

WORKLIST_LIMIT = 20

# Who put a filed proposal (提案者类型): one member, members jointly (联名), a collective.
PROPOSER_TYPES = {"individual": "个人提案", "joint": "联名提案", "collective": "集体提案"}


def current_session(user: Any = None) -> Session | None:
    """The session people are working on: the newest one open for submission, else the newest."""
    sessions = Session.objects.select_related("body").order_by("-year", "-id")
    return sessions.filter(is_open_for_submission=True).first() or sessions.first()


def proposer_type_q(kind: str) -> Q:
    """The proposals of one proposer type (a key of PROPOSER_TYPES): a collective's, a member's
    with a confirmed co-signer (联名), or a member's alone."""
    collective = Q(lead_proposer__kind=Proposer.Kind.COLLECTIVE)
    cosigned = Exists(
        CoSignature.objects.filter(proposal=OuterRef("pk"), status=CoSignature.Status.CONFIRMED)
    )
    if kind == "collective":
        return collective
    if kind == "joint":
        return ~collective & cosigned
    return ~collective & ~cosigned


@dataclass
class Proposers:
    """Who puts a proposal, as its pages name them (namesakes told apart: 王伟(经济界))."""

    lead: str
    cosignatures: list[CoSignature]  # each with `.label`


def proposers_of(proposal: Proposal) -> Proposers:
    """The lead proposer's name and the co-signatures with their invitees' names."""
    signatures = list(proposal.cosignatures.select_related("proposer"))
    labels = namesake_labels([proposal.lead_proposer, *(s.proposer for s in signatures)])
    for signature in signatures:
        signature.label = labels[signature.proposer_id]
    return Proposers(labels[proposal.lead_proposer_id], signatures)


def with_list_columns(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Everything a proposal row shows, fetched in the same query."""
    return queryset.select_related("session", "category", "lead_proposer", "key")


class Urgency(IntEnum):
    """How soon a worklist box wants attention; the page shows the most urgent first."""

    OVERDUE = 0  # a deadline has passed
    DUE_SOON = 1  # a deadline is near, or a short window is open (签收、评价、督办单)
    OTHER = 2


@dataclass
class Section:
    """One box of a worklist (待办): a title, what to do, the rows, and how many in all.

    A box is declared with its queryset and filled only when a page shows it (`fill`), so the
    navigation can count what waits without building every box. `counted` boxes ask for an
    action and count in the 待办 badge; a plain listing (我的提案、办理中) does not.
    """

    key: str
    title: str
    hint: str
    queryset: QuerySet[Any] | None = None
    urgency: Urgency = Urgency.OTHER
    counted: bool = True
    row_template: str = "proposals/_row.html"
    url: str = ""
    counter: str = "件"  # how its rows are counted: 3 件 (proposals), 3 项 (measures), 3 份
    prepare: Callable[[list[Any]], None] | None = None
    # A box of rows with their own deadlines turns overdue when one of its rows is.
    overdue_if: Callable[[Any], bool] | None = None
    items: list[Any] = field(default_factory=list)
    total: int = 0
    # A page where the whole box is worked through at once: (label, url), or None.
    link: tuple[str, str] | None = None

    def fill(self) -> Section:
        """Fetch the first WORKLIST_LIMIT rows and the total (one or two queries)."""
        if self.queryset is None:
            return self
        self.items = list(self.queryset[:WORKLIST_LIMIT])
        full = len(self.items) == WORKLIST_LIMIT
        self.total = self.queryset.count() if full else len(self.items)
        if self.prepare is not None and self.items:
            self.prepare(self.items)
        if self.overdue_if is not None and any(self.overdue_if(item) for item in self.items):
            self.urgency = Urgency.OVERDUE
        return self


def worklist_section(
    key: str,
    title: str,
    hint: str,
    queryset: QuerySet[Proposal],
    *,
    urgency: Urgency = Urgency.OTHER,
    counted: bool = True,
    prepare: Callable[[list[Any]], None] | None = None,
) -> Section:
    """A worklist box of proposals over `queryset`, listed by session and number."""
    # The joins behind a section's filter can repeat a row; list each proposal once.
    queryset = Proposal.objects.filter(pk__in=queryset.values("pk")).order_by(
        "session", "number", "id"
    )
    return Section(
        key,
        title,
        hint,
        with_list_columns(queryset),
        urgency=urgency,
        counted=counted,
        prepare=prepare,
    )


WorklistBoxes = Callable[[Any, QuerySet[Proposal]], list[Section]]

# The boxes the higher apps add after the intake boxes (handling's, the leader's key proposals,
# supervision's notices and measures), each a function of the user and the proposals they may
# see; registered from their ready(). A box is declared, not filled: see `Section`.
worklist_sections: Hook[WorklistBoxes] = Hook("proposals.worklist_sections")


def worklist_boxes(user: Any) -> list[Section]:
    """The boxes of a user's worklist as declared, in the order the apps compose them: the
    intake boxes by role, then those the higher apps add (`worklist_sections`). Not filled."""
    visible = visible_proposals(user)
    sections: list[Section] = []
    if user.has_role(Role.MEMBER) and user.proposer_id:
        sections.append(_invitations(user, visible))
        sections.append(
            worklist_section(
                "drafts",
                "我的草稿",
                "尚未提交的提案,提交后由提案委审查。",
                visible.filter(lead_proposer_id=user.proposer_id, status=Status.DRAFT),
                counted=False,
            )
        )
        sections.append(
            worklist_section(
                "mine",
                "我的提案",
                "已提交的提案及其办理进展。",
                visible.exclude(status=Status.DRAFT),
                counted=False,
            )
        )
    if user.has_role(Role.CPPCC_STAFF):
        sections.append(
            worklist_section(
                "review",
                "待立案审查",
                "审查委员提交的提案:立案、并案、不予立案或转来信处理。",
                visible.filter(status=Status.SUBMITTED),
            )
        )
        sections.append(
            worklist_section(
                "staff-drafts",
                "代录入的草稿",
                "代委员或集体录入、尚未提交的提案。",
                visible.filter(status=Status.DRAFT, created_by=user),
                counted=False,
            )
        )
    for boxes in worklist_sections:
        sections += boxes(user, visible)
    return sections


def worklist(user: Any) -> list[Section]:
    """The sections of a user's worklist, filled, most urgent first (overdue, then due soon,
    then the rest; the composed order within each); each holds at most WORKLIST_LIMIT rows."""
    filled = [box.fill() for box in worklist_boxes(user)]
    return sorted(filled, key=lambda box: box.urgency)


def worklist_count(user: Any) -> int:
    """How many things wait for the user's action (the 待办 badge): the distinct proposals of
    every counted box in one query, and one count per box of other rows (督办单、措施)."""
    by_model: dict[Any, list[QuerySet[Any]]] = {}
    for box in worklist_boxes(user):
        if box.counted and box.queryset is not None:
            by_model.setdefault(box.queryset.model, []).append(box.queryset)
    total = 0
    for model, querysets in by_model.items():
        if len(querysets) == 1:
            total += querysets[0].order_by().count()
            continue
        either = Q(pk__in=[])
        for queryset in querysets:
            either |= Q(pk__in=queryset.order_by().values("pk"))
        total += model._default_manager.filter(either).count()
    return total


def _invitations(user: Any, visible: QuerySet[Proposal]) -> Section:
    """The member's open invitations to co-sign, each row with its deadline (`cosign_deadline`)."""
    open_invitations = CoSignature.objects.filter(
        proposer_id=user.proposer_id,
        status=CoSignature.Status.INVITED,
        deadline__gt=timezone.now(),
    )

    def with_deadlines(items: list[Proposal]) -> None:
        deadlines = dict(
            open_invitations.filter(proposal__in=items).values_list("proposal_id", "deadline")
        )
        for proposal in items:
            proposal.cosign_deadline = deadlines.get(proposal.pk)

    return worklist_section(
        "cosign",
        "待确认的联名邀请",
        "其他委员邀请您联名,请在截止时间前确认或谢绝。",
        visible.filter(pk__in=open_invitations.values("proposal_id")),
        urgency=Urgency.DUE_SOON,
        prepare=with_deadlines,
    )


def proposal_for(user: Any, pk: int, permission: str) -> Proposal:
    """The proposal `pk` with what its pages show of it, if `user` has `permission` on it
    (404 when there is none, the policy's refusal otherwise)."""
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "session__body", "category", "lead_proposer", "merged_into"
        ),
        pk=pk,
    )
    policy.require(user, permission, proposal)
    return proposal
