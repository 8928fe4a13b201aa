"""What reports adds to the floors below it (`tian.lib.hooks`), registered from
`ReportsConfig.ready()`."""

from __future__ import annotations

from typing import Any

from tian import policy
from tian.proposals.filters import list_filters
from tian.proposals.models import Proposal
from tian.proposals.panels import Panel, proposal_panels
from tian.reports.figures.drill import DRILL_DOWNS

# The dashboard's drill-downs (立案、办理结果、提案者类型、承办单位) as filters of the list.
for drill_down, order in DRILL_DOWNS:
    list_filters.register(drill_down, order=order)


def report_example_of(user: Any, proposal: Proposal) -> dict[str, Any]:
    """Whether `user` may mark the proposal as a typical case of the annual report."""
    return {"may_flag_example": policy.can(user, "report.flag_example", proposal)}


# The proposal page: the 报告典型事例 badge and toggle last on the title line, its form after it.
proposal_panels.register(
    Panel("report_example", "badges", "reports/_report_example_toggle.html", report_example_of),
    order=90,
)
proposal_panels.register(
    Panel(
        "report_example.form", "after_title", "reports/_report_example_form.html", report_example_of
    ),
    order=90,
)
