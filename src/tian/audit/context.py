"""Where the current request comes from, for the events it causes (set by the middleware)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

source_ip: ContextVar[str] = ContextVar("tian_audit_source_ip", default="")
event_time: ContextVar[datetime | None] = ContextVar("tian_audit_event_time", default=None)


@contextmanager
def request_from(ip: str) -> Iterator[None]:
    """Events recorded inside carry `ip` as their source address."""
    token = source_ip.set(ip)
    try:
        yield
    finally:
        source_ip.reset(token)


@contextmanager
def dated(when: datetime) -> Iterator[None]:
    """Events recorded inside are dated `when` instead of now.

    Only for loaders that replay what happened earlier (the demo); the date is part of the
    hashed content like any other field, so it cannot be changed afterwards.
    """
    token = event_time.set(when)
    try:
        yield
    finally:
        event_time.reset(token)
