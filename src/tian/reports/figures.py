"""The figures of a session (DESIGN §5): the one module that dashboards, `tian stats`
and the annual report all call. Every figure is aggregated in the database at call time."""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Count, Q

from tian.directory.models import Session
from tian.proposals.models import FILED_STATES, Category, Proposal


class SessionFigures(TypedDict):
    session: str
    name: str
    total: int
    by_category: dict[str, int]


def session_figures(session: Session) -> SessionFigures:
    """Counts for one session: proposals filed (立案, the seed's 收到…提案N件) and by category."""
    filed = Proposal.objects.filter(session=session, status__in=FILED_STATES)
    categories = Category.objects.filter(session=session).annotate(
        n=Count("proposals", filter=Q(proposals__status__in=FILED_STATES))
    )
    return {
        "session": session.slug,
        "name": str(session),
        "total": filed.count(),
        "by_category": {category.name: category.n for category in categories},
    }
