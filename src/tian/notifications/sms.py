"""SMS backends (短信): one interface, a logging implementation, and an in-memory one for tests.

Real gateways differ by province; a deployment writes a subclass of `BaseSmsBackend` and
names it in the setting `TIAN_SMS_BACKEND`.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "tian.notifications.sms.LoggingSmsBackend"

logger = logging.getLogger("tian.sms")


class BaseSmsBackend:
    """Sends one text message to one phone number; raises on failure."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingSmsBackend(BaseSmsBackend):
    """Writes each message to the log "tian.sms" instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


outbox: list[tuple[str, str]] = []


class MemorySmsBackend(BaseSmsBackend):
    """Keeps each message as (phone, text) in the module-level `outbox`, for tests."""

    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))


def get_sms_backend() -> BaseSmsBackend:
    """The backend named by `TIAN_SMS_BACKEND` (a dotted path), logging by default."""
    return import_string(getattr(settings, "TIAN_SMS_BACKEND", DEFAULT_BACKEND))()
