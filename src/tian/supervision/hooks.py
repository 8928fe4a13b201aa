"""What supervision adds to the floors below it (`tian.lib.hooks`), registered from
`SupervisionConfig.ready()`."""

from __future__ import annotations

from typing import Any

from tian.proposals.history import UnitOfTarget, unit_of_target
from tian.proposals.models import Proposal
from tian.proposals.panels import Panel, proposal_panels
from tian.proposals.queries import worklist_sections
from tian.supervision.commitments.queries import proposal_timeline
from tian.supervision.commitments.worklist import commitment_sections
from tian.supervision.key.queries import leader_sections
from tian.supervision.models import Reminder, SupervisionNotice
from tian.supervision.reminders.worklist import notice_sections

# The history tells a unit its own reminders and notices (催办、督办单).
for model in (Reminder, SupervisionNotice):
    unit_of_target.register(UnitOfTarget(model, "unit_id"))

# The leader's key proposals after the handling boxes; a unit's notices to answer and its
# measures coming due (the page puts them by urgency).
worklist_sections.register(leader_sections, order=200)
worklist_sections.register(notice_sections, order=210)
worklist_sections.register(commitment_sections, order=220)


def key_of(user: Any, proposal: Proposal) -> dict[str, Any]:
    """The proposal's key-proposal record (重点提案), if it is one."""
    return {"key": getattr(proposal, "key", None)}


def commitments_of(user: Any, proposal: Proposal) -> dict[str, Any]:
    """The proposal's 实施清单 on a time progress bar."""
    return {"commitment_timeline": proposal_timeline(proposal)}


# The proposal page: the 重点提案 badge (first after the status), the leader and supervisors
# among the facts, the commitments card between handling's replies (100) and feedback (300).
for panel, order in (
    (Panel("key.badge", "badges", "supervision/key/_proposal_badge.html", key_of), 10),
    (Panel("key.facts", "facts", "supervision/key/_proposal_facts.html", key_of), 10),
    (
        Panel(
            "commitments",
            "main",
            "supervision/commitments/_proposal_commitments.html",
            commitments_of,
        ),
        200,
    ),
):
    proposal_panels.register(panel, order=order)
