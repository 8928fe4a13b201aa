"""What handling adds to the pages and records of the floors below it (`tian.lib.hooks`),
registered from `HandlingConfig.ready()`."""

from __future__ import annotations

from tian.handling.columns import REPLY_DUE, UNITS
from tian.handling.models import Contact, CoOpinion, ReassignmentRequest, Reply
from tian.handling.queries import handling_context, handling_sections, offers_next_step
from tian.proposals.columns import list_columns
from tian.proposals.history import UnitOfTarget, unit_of_target
from tian.proposals.panels import Panel, proposal_panels
from tian.proposals.queries import worklist_sections

# The worklist's handling boxes (交办、答复、逾期、待评价…) after the intake boxes.
worklist_sections.register(handling_sections, order=100)

# The proposal list's 承办单位 and 答复期限 columns, after the record's own.
list_columns.register(UNITS, order=100)
list_columns.register(REPLY_DUE, order=110)

# The history tells a co-unit its own part: these targets name the unit they concern.
for model, unit_field in (
    (Contact, "unit_id"),
    (CoOpinion, "unit_id"),
    (Reply, "unit_id"),
    (ReassignmentRequest, "assignment__unit_id"),
):
    unit_of_target.register(UnitOfTarget(model, unit_field))

# The proposal page: handling's part of the 下一步 box, its cards after the text (deadlines,
# units, contacts, replies), and the 征询意见 card after supervision's commitments (200).
for panel, order in (
    (
        Panel(
            "handling.next_step",
            "next_step",
            "handling/_next_step.html",
            handling_context,
            offers_step=offers_next_step,
        ),
        100,
    ),
    (Panel("handling.cards", "main", "handling/_panel.html", handling_context), 100),
    (Panel("handling.feedback", "main", "handling/_feedback.html", handling_context), 300),
):
    proposal_panels.register(panel, order=order)
