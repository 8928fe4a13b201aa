"""What handling adds to the floors below it (`tian.lib.hooks`), registered from
`HandlingConfig.ready()`."""

from __future__ import annotations

from tian.handling.models import Contact, CoOpinion, ReassignmentRequest, Reply
from tian.handling.queries import handling_sections
from tian.proposals.history import UnitOfTarget, unit_of_target
from tian.proposals.queries import worklist_sections

# The worklist's handling boxes (交办、答复、逾期、待评价…) after the intake boxes.
worklist_sections.register(handling_sections, order=100)

# The history tells a co-unit its own part: these targets name the unit they concern.
for model, unit_field in (
    (Contact, "unit_id"),
    (CoOpinion, "unit_id"),
    (Reply, "unit_id"),
    (ReassignmentRequest, "assignment__unit_id"),
):
    unit_of_target.register(UnitOfTarget(model, unit_field))
