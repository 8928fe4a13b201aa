"""What handling adds to the floors below it (`tian.lib.hooks`), registered from
`HandlingConfig.ready()`."""

from __future__ import annotations

from tian.handling.models import Contact, CoOpinion, ReassignmentRequest, Reply
from tian.proposals.history import UnitOfTarget, unit_of_target

# The history tells a co-unit its own part: these targets name the unit they concern.
for model, unit_field in (
    (Contact, "unit_id"),
    (CoOpinion, "unit_id"),
    (Reply, "unit_id"),
    (ReassignmentRequest, "assignment__unit_id"),
):
    unit_of_target.register(UnitOfTarget(model, unit_field))
