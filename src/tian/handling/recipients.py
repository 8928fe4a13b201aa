"""Who is told about a step: proposers, units, staff — resolved to user accounts."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tian.directory.models import Role, User
from tian.proposals.models import CoSignature, Proposal


def proposer_ids(proposal: Proposal) -> list[int]:
    """The lead proposer and every confirmed co-proposer: each of them is answered."""
    co = proposal.cosignatures.filter(status=CoSignature.Status.CONFIRMED)
    return [proposal.lead_proposer_id, *co.values_list("proposer_id", flat=True)]


def unit_ids(proposal: Proposal, *, lead_only: bool = False) -> list[int]:

    active = proposal.assignments.active()
    if lead_only:
        active = active.leading()
    return list(active.values_list("unit_id", flat=True))


def recipients_for(proposal: Proposal, audiences: list[str], *, exclude: Any = None) -> list[User]:
    """Users behind audience names: proposer, units, lead_unit, or a staff role name."""
    query = Q(pk__in=[])
    for audience in audiences:
        if audience == "proposer":
            query |= Q(proposer_id__in=proposer_ids(proposal), role_assignments__role=Role.MEMBER)
        elif audience in ("units", "lead_unit"):
            ids = unit_ids(proposal, lead_only=audience == "lead_unit")
            query |= Q(role_assignments__unit_id__in=ids)
        else:
            query |= Q(role_assignments__role=audience)
    users = User.objects.filter(query, is_active=True).distinct()
    if exclude is not None and getattr(exclude, "pk", None):
        users = users.exclude(pk=exclude.pk)
    return list(users)
