"""Who reads and runs the unit evaluation (考核): the ranking is circulated (通报) to every
unit and to the leaders; staff export it, the office sets the scheme and rates replies."""

from __future__ import annotations

from typing import Any

from tian import policy
from tian.directory.models import Role
from tian.directory.policy import STAFF_ROLES
from tian.handling.models import Reply


def _can_rate_reply(user: Any, reply: Reply) -> bool:
    """The office rates a reply's quality once it was sent for review or accepted."""
    return user.has_role(Role.GOV_OFFICE) and reply.status in (
        Reply.Status.SUBMITTED,
        Reply.Status.ACCEPTED,
    )


policy.rules(
    __name__,
    {
        "evaluation.view": policy.has(*STAFF_ROLES, Role.UNIT_STAFF, Role.UNIT_LEADER, Role.LEADER),
        "evaluation.export": policy.has(*STAFF_ROLES),
        "evaluation.edit_scheme": policy.has(Role.GOV_OFFICE),
        "evaluation.review_quality": _can_rate_reply,
    },
    {
        "evaluation.edit_scheme": "只有政府办督查室可以修改考核方案。",
        "evaluation.review_quality": "只有政府办督查室可以评审已报送或已审核的答复的质量。",
    },
)
