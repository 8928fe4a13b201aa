"""Looking through the audit log (审计日志查询): the filters the audit admin sets — dates, person,
proposal, event type, outcome — read from the address, and the events they select, shown
page by page or exported whole."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tian.audit.events import EventType, label_for
from tian.audit.models import AuditEvent, Outcome
from tian.lib.dates import cn_date
from tian.lib.http import ID_MAX, BadParameter, choice_param, date_param
from tian.lib.sheets import write_table

# Django's own username characters (letters, digits and @ . + - _), at most 150.
_USERNAME = re.compile(r"[\w.@+-]{1,150}")
# 第12号 or 12号 is a proposal's number (in any session); 12 alone is its id.
_NUMBER = re.compile(r"(?:第)?(\d{1,9})号", re.ASCII)
_ID = re.compile(r"\d{1,19}", re.ASCII)

#: An export is refused beyond this many events: narrow the dates, or archive with
#: `tian audit export`.
EXPORT_MAX = 50_000


@dataclass(frozen=True)
class LogFilter:
    """The filters in force; empty values filter nothing."""

    since: date | None = None
    until: date | None = None
    username: str = ""
    proposal_number: int | None = None
    proposal_id: int | None = None
    event_type: str = ""
    outcome: str = ""

    def as_data(self) -> dict[str, Any]:
        """The filters in force, for the export's own audit event."""
        values = {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "user": self.username or None,
            "proposal_number": self.proposal_number,
            "proposal_id": self.proposal_id,
            "type": self.event_type or None,
            "outcome": self.outcome or None,
        }
        return {name: value for name, value in values.items() if value is not None}


def read_filter(request: HttpRequest) -> LogFilter:
    """The filters of `?since=&until=&user=&proposal=&type=&outcome=`; a value the log
    cannot read is a 400 that names its parameter."""
    since, until = date_param(request, "since"), date_param(request, "until")
    if since and until and until < since:
        raise BadParameter("地址中的参数“until”(截止日期)早于“since”(起始日期)。")
    username = request.GET.get("user", "").strip()
    if username and not _USERNAME.fullmatch(username):
        raise BadParameter("地址中的参数“user”不是有效的账号。")
    number, proposal_id = _proposal(request.GET.get("proposal", "").strip())
    return LogFilter(
        since=since,
        until=until,
        username=username,
        proposal_number=number,
        proposal_id=proposal_id,
        event_type=choice_param(request, "type", EventType.values),
        outcome=choice_param(request, "outcome", Outcome.values),
    )


def _proposal(text: str) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    number = _NUMBER.fullmatch(text)
    if number:
        return int(number.group(1)), None
    if _ID.fullmatch(text) and 1 <= int(text) <= ID_MAX:
        return None, int(text)
    raise BadParameter("地址中的参数“proposal”应写作“第12号”(提案编号)或提案ID(数字)。")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_events(log_filter: LogFilter) -> QuerySet[AuditEvent]:
    """The events the filters select, newest first. A person's events are those they did,
    and the failed sign-ins and lockouts of their username."""
    events = AuditEvent.objects.select_related("actor", "proposal__session__body").order_by(
        "-created_at", "-id"
    )
    if log_filter.since:
        events = events.filter(created_at__gte=_start_of(log_filter.since))
    if log_filter.until:
        events = events.filter(created_at__lt=_start_of(log_filter.until + timedelta(days=1)))
    if log_filter.username:
        events = events.filter(
            Q(actor_username=log_filter.username)
            | Q(actor__isnull=True, data__username=log_filter.username)
        )
    if log_filter.proposal_number is not None:
        events = events.filter(proposal__number=log_filter.proposal_number)
    if log_filter.proposal_id is not None:
        events = events.filter(proposal_id=log_filter.proposal_id)
    if log_filter.event_type:
        events = events.filter(event_type=log_filter.event_type)
    if log_filter.outcome:
        events = events.filter(outcome=log_filter.outcome)
    return events


EXPORT_HEADERS = (
    "事件编号",
    "时间",
    "操作人",
    "账号",
    "来源地址",
    "事件",
    "结果",
    "提案",
    "对象类型",
    "对象",
    "说明",
)
EXPORT_WIDTHS = (9, 20, 14, 14, 16, 18, 6, 24, 18, 10, 60)


def _cells(events: Iterable[AuditEvent]) -> Iterator[list[Any]]:
    for event in events:
        proposal = event.proposal if event.proposal_id else None
        yield [
            event.pk,
            timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            event.actor_label,
            event.actor_username,
            event.ip,
            label_for(event.event_type),
            event.get_outcome_display(),
            f"{proposal.session} {proposal.number_label}" if proposal else None,
            event.object_type,
            event.object_id,
            event.message,
        ]


def export_events(
    events: QuerySet[AuditEvent], destination: str | Path | IO[bytes], *, title: str
) -> int:
    """Write `events` to an Excel workbook, cells safe; return how many."""
    return write_table(
        destination,
        sheet_name="审计日志",
        title=title,
        headers=EXPORT_HEADERS,
        rows=_cells(events.iterator(chunk_size=1000)),
        widths=EXPORT_WIDTHS,
    )


def export_title(log_filter: LogFilter, today: date) -> str:
    """The export's heading: the log, the dates it covers, the day it was taken."""
    span = ""
    if log_filter.since or log_filter.until:
        since = cn_date(log_filter.since) if log_filter.since else "最早"
        until = cn_date(log_filter.until) if log_filter.until else "最近"
        span = f"({since}至{until})"
    return f"审计日志{span},导出于{cn_date(today)}"
