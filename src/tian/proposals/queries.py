"""Named lists of proposals that pages show: worklists, the session in force."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

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
    visible = visible_proposals(user)
    sections: list[Section] = []
    if user.has_role(Role.MEMBER) and user.proposer_id:
        sections.append(_invitations(user, visible))
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


def _invitations(user: Any, visible: QuerySet[Proposal]) -> Section:
    """The member's open invitations to co-sign, each row with its deadline (`cosign_deadline`)."""
    open_invitations = CoSignature.objects.filter(
        proposer_id=user.proposer_id,
        status=CoSignature.Status.INVITED,
        deadline__gt=timezone.now(),
    )
    section = worklist_section(
        "cosign",
        "待确认的联名邀请",
        "其他委员邀请您联名,请在截止时间前确认或谢绝。",
        visible.filter(pk__in=open_invitations.values("proposal_id")).order_by("-id"),
    )
    deadlines = dict(
        open_invitations.filter(proposal__in=section.items).values_list("proposal_id", "deadline")
    )
    for proposal in section.items:
        proposal.cosign_deadline = deadlines.get(proposal.pk)
    return section
