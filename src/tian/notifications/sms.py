"""SMS (短信): registered message templates, one backend interface, a logging backend and an
in-memory one for tests.

Government SMS gateways send only templates registered with them beforehand, filled with
parameters. Tian's templates are below; an operator registers their texts with the gateway
and maps each name to the gateway's template code in `TIAN_SMS_TEMPLATE_CODES` (JSON in the
environment). Real gateways differ by province: a deployment writes a subclass of
`BaseSmsBackend` and names it in `TIAN_SMS_BACKEND`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from string import Formatter

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "tian.notifications.sms.LoggingSmsBackend"
SMS_MAX_PARAM = 35  # gateways cap a parameter's length; titles are cut to fit

logger = logging.getLogger("tian.sms")


@dataclass(frozen=True)
class SmsTemplate:
    """A text registered with the gateway; `{name}` marks a parameter."""

    name: str
    text: str

    @property
    def params(self) -> list[str]:
        return [field for _, field, _, _ in Formatter().parse(self.text) if field]

    def render(self, params: dict[str, str]) -> str:
        return self.text.format(**params)

    @property
    def code(self) -> str:
        """The gateway's code for this template (its name until the operator maps it)."""
        return getattr(settings, "TIAN_SMS_TEMPLATE_CODES", {}).get(self.name, self.name)


#: Something to do, by a date: "【提案办理】第69号提案已答复,请于12月18日前评价。…"
TODO = SmsTemplate("tian_todo", "【提案办理】{title},{ask}。详情请登录提案办理平台。")
#: Something to know: "【提案办理】第69号提案已答复。…"
NOTICE = SmsTemplate("tian_notice", "【提案办理】{title}。详情请登录提案办理平台。")
TEMPLATES = (TODO, NOTICE)


def short(text: str, limit: int = SMS_MAX_PARAM) -> str:
    """`text` cut to a gateway's parameter length, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class BaseSmsBackend:
    """Sends one templated message to one phone number; raises on failure."""

    def send(self, phone: str, template: SmsTemplate, params: dict[str, str]) -> None:
        raise NotImplementedError


class LoggingSmsBackend(BaseSmsBackend):
    """Writes each message to the log "tian.sms" instead of sending it."""

    def send(self, phone: str, template: SmsTemplate, params: dict[str, str]) -> None:
        logger.info("SMS to %s [%s]: %s", phone, template.code, template.render(params))


outbox: list[tuple[str, str]] = []


class MemorySmsBackend(BaseSmsBackend):
    """Keeps each message as (phone, text) in the module-level `outbox`, for tests."""

    def send(self, phone: str, template: SmsTemplate, params: dict[str, str]) -> None:
        outbox.append((phone, template.render(params)))


def get_sms_backend() -> BaseSmsBackend:
    """The backend named by `TIAN_SMS_BACKEND` (a dotted path), logging by default."""
    return import_string(getattr(settings, "TIAN_SMS_BACKEND", DEFAULT_BACKEND))()
