"""Who is told about a step: proposers, staff, and any audience a higher floor names —
resolved to user accounts.

A transition's `notify` lists audience names. `proposer` and the staff role names are known
here; an app that knows more people around a proposal (handling: its units) adds an
`Audience` to `audiences` from its AppConfig.ready.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from tian.directory.models import Role, User
from tian.lib.hooks import Hook
from tian.proposals.models import CoSignature, Proposal


@dataclass(frozen=True)
class Audience:
    """A named group of people around a proposal: `users(proposal)` is their filter on User."""

    name: str
    users: Callable[[Proposal], Q]


audiences: Hook[Audience] = Hook("workflow.audiences")


def proposer_ids(proposal: Proposal) -> list[int]:
    """The lead proposer and every confirmed co-proposer: each of them is answered."""
    co = proposal.cosignatures.filter(status=CoSignature.Status.CONFIRMED)
    return [proposal.lead_proposer_id, *co.values_list("proposer_id", flat=True)]


def recipients_for(proposal: Proposal, names: list[str], *, exclude: Any = None) -> list[User]:
    """Users behind audience names: proposer, a registered audience, or a staff role name."""
    known = {audience.name: audience for audience in audiences}
    query = Q(pk__in=[])
    for name in names:
        if name == "proposer":
            query |= Q(proposer_id__in=proposer_ids(proposal), role_assignments__role=Role.MEMBER)
        elif name in known:
            query |= known[name].users(proposal)
        else:
            query |= Q(role_assignments__role=name)
    users = User.objects.filter(query, is_active=True).distinct()
    if exclude is not None and getattr(exclude, "pk", None):
        users = users.exclude(pk=exclude.pk)
    return list(users)
