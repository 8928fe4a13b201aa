"""Who was told (已通知): the messages one request sent, said back to the person who acted.

`notify()` records the ids it created while a request collects them (`collecting`); after the
view, `ToldMiddleware` adds one message naming the recipients and their channels:
"已通知:蒋加星(短信、站内消息)". Only messages that still exist are named, so nobody is
said to be told about a change that rolled back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from tian.notifications.models import Notification

# Beyond this many people the message names the first ones and counts the rest.
NAMED = 6

_collected: ContextVar[list[int] | None] = ContextVar("tian_told", default=None)


@contextmanager
def collecting() -> Iterator[list[int]]:
    """Collect the ids of the notifications created inside the block."""
    ids: list[int] = []
    token = _collected.set(ids)
    try:
        yield ids
    finally:
        _collected.reset(token)


def record(ids: Iterable[int]) -> None:
    """Note created notifications, if a request is collecting them."""
    collected = _collected.get()
    if collected is not None:
        collected.extend(ids)


def by_email(user: Any) -> bool:
    """Whether a message to `user` is also e-mailed (an address, and e-mail chosen)."""
    return bool(user.email) and bool(user.notify_by_email)


def by_sms(user: Any) -> bool:
    """Whether a message to `user` is also texted (a mobile, and SMS chosen)."""
    return bool(user.phone) and bool(user.notify_by_sms)


def channel_labels(user: Any) -> list[str]:
    """How a message reaches `user`: 短信, 邮件 as they chose, and always 站内消息."""
    return [
        label
        for label, wanted in (("短信", by_sms(user)), ("邮件", by_email(user)), ("站内消息", True))
        if wanted
    ]


def told_message(ids: Iterable[int]) -> str:
    """ "已通知:蒋加星(短信、站内消息);人社局联络员(站内消息)" for the notifications with
    `ids` that exist (one query); "" when there are none. People reached the same ways are
    listed together."""
    rows = (
        Notification.objects.filter(pk__in=list(ids))
        .select_related("recipient")
        .order_by("recipient_id")
    )
    people = {row.recipient_id: row.recipient for row in rows}
    if not people:
        return ""
    shown = list(people.values())[:NAMED]
    groups: dict[tuple[str, ...], list[str]] = {}
    for user in shown:
        groups.setdefault(tuple(channel_labels(user)), []).append(str(user))
    parts = [f"{'、'.join(names)}({'、'.join(ways)})" for ways, names in groups.items()]
    rest = len(people) - len(shown)
    more = f"等{len(people)}人" if rest > 0 else ""
    return f"已通知:{';'.join(parts)}{more}。"
