"""Changes to notifications: create them (delivery follows the commit) and mark them read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from tian.notifications import told
from tian.notifications.models import Notification


def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    title: str,
    body: str = "",
    proposal: Any = None,
    url: str = "",
    action: str = "",
    due_on: date | None = None,
) -> list[Notification]:
    """Put one message in the inbox of each distinct, active recipient; email and SMS follow.

    `action` is what they are asked to do (评价、答复 …) and `due_on` by when; the inbox, the
    e-mail and the text message all say it ("请于12月18日前评价").

    Call it inside the caller's transaction: delivery is enqueued on commit, so nothing is sent
    for a change that rolls back, and nothing is sent inside the request. In a request, the
    person who acted is then told who was told (`tian.notifications.told`).
    """
    distinct: dict[int, Any] = {}
    for user in recipients:
        if user is not None and user.is_active:
            distinct.setdefault(user.pk, user)
    if not distinct:
        return []
    # Titles are often built from a proposal's own title; PostgreSQL refuses an overlong one.
    limit = Notification._meta.get_field("title").max_length
    if len(title) > limit:
        title = title[: limit - 1] + "…"
    created = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            title=title,
            body=body,
            proposal=proposal,
            url=url,
            action=action,
            due_on=due_on,
        )
        for user in distinct.values()
    )
    ids = [notification.pk for notification in created]
    transaction.on_commit(lambda: _enqueue_delivery(ids), robust=True)
    told.record(ids)
    return created


def _enqueue_delivery(ids: list[int]) -> None:
    # Imported here: the task module binds to the task backend when it is imported.
    from tian.notifications.tasks import deliver_notifications

    deliver_notifications.enqueue(ids)


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (all of them, or those with `ids`); count them."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
