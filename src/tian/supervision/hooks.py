"""What supervision adds to the floors below it (`tian.lib.hooks`), registered from
`SupervisionConfig.ready()`."""

from __future__ import annotations

from tian.proposals.history import UnitOfTarget, unit_of_target
from tian.proposals.queries import worklist_sections
from tian.supervision.key.queries import leader_sections
from tian.supervision.models import Reminder, SupervisionNotice

# The history tells a unit its own reminders and notices (催办、督办单).
for model in (Reminder, SupervisionNotice):
    unit_of_target.register(UnitOfTarget(model, "unit_id"))

# The leader's key proposals, after the handling boxes.
worklist_sections.register(leader_sections, order=200)
