"""What reports adds to the floors below it (`tian.lib.hooks`), registered from
`ReportsConfig.ready()`."""

from __future__ import annotations

from tian.proposals.filters import list_filters
from tian.reports.figures.drill import DRILL_DOWNS

# The dashboard's drill-downs (立案、办理结果、提案者类型、承办单位) as filters of the list.
for drill_down, order in DRILL_DOWNS:
    list_filters.register(drill_down, order=order)
