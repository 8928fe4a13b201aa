"""Background work of cross-year tracking: the hourly sweep (run by `tian db_worker`)."""

from __future__ import annotations

from django_tasks import task

from tian.supervision.tracking.actions import join_all_tracking_lists


@task()
def join_tracking_lists() -> dict[str, int]:
    """Join each body's newest session's cross-year list (列入跨年度跟踪), audited per proposal."""
    return join_all_tracking_lists()
