"""Background work of reminders: the reminder sweep (run by `tian db_worker`)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from tian.supervision.reminders.sweep import send_due_reminders


@task()
def send_reminders(day: str | None = None) -> dict[str, object]:
    """Send the reminders due on `day` (ISO date; today if omitted) that were not sent before."""
    sent = send_due_reminders(date.fromisoformat(day) if day else None)
    return {"sent": len(sent), "titles": [reminder.title for reminder in sent]}
