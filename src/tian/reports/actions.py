"""Every change the annual report makes: the office's text, example flags, rendered files.

Each action checks the policy, runs in one transaction and writes one audit event.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Session
from tian.lib.errors import ActionError
from tian.proposals.locking import lock_proposal
from tian.proposals.models import FILED_STATES, Proposal
from tian.reports.models import AnnualReport, ReportFile
from tian.reports.render import FORMATS

TEXT_FIELDS = (
    "title",
    "problems",
    "closing",
    "index_number",
    "document_number",
    "publisher",
    "issued_on",
    "published_on",
    "validity",
)


def save_report_text(actor: Any, session: Session, **values: Any) -> AnnualReport:
    """Store the office's text and disclosure fields of a session's report."""
    policy.require(actor, "report.edit", session)
    unknown = set(values) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"unknown report fields: {sorted(unknown)}")
    with transaction.atomic():
        AnnualReport.objects.get_or_create(session=session)
        report = AnnualReport.objects.select_for_update().get(session=session)
        changed = [name for name, value in values.items() if getattr(report, name) != value]
        for name in changed:
            setattr(report, name, values[name])
        report.updated_by = actor
        report.save()
        record_event(
            actor, EventType.REPORT_TEXT_EDITED, target=report, session=session.slug, fields=changed
        )
    return report


def set_report_example(actor: Any, proposal: Proposal, flag: bool) -> Proposal:
    """Mark a filed proposal as an example the annual report names (典型事例), or unmark it."""
    policy.require(actor, "report.flag_example", proposal)
    with transaction.atomic():
        proposal = lock_proposal(proposal, None)
        if proposal.status not in FILED_STATES:
            raise ActionError("只有已立案的提案才能作为年度报告的典型事例。")
        if proposal.is_report_example == flag:
            return proposal
        proposal.is_report_example = flag
        proposal.save(update_fields=["is_report_example", "updated_at"])
        event = EventType.REPORT_EXAMPLE_SET if flag else EventType.REPORT_EXAMPLE_UNSET
        record_event(actor, event, proposal=proposal, target=proposal)
    return proposal


def request_report_file(actor: Any, session: Session, fmt: str) -> ReportFile:
    """Queue a rendering of the session's report in the background; the worker fills it in."""
    from tian.reports.tasks import render_report_file

    policy.require(actor, "report.download", session)
    if fmt not in FORMATS:
        raise ActionError(f"不支持的格式“{fmt}”。")
    with transaction.atomic():
        job = ReportFile.objects.create(
            session=session, format=fmt, requested_by=actor, step="排队等待生成"
        )
        record_event(
            actor, EventType.REPORT_RENDER_REQUESTED, target=job, session=session.slug, format=fmt
        )
        transaction.on_commit(lambda: render_report_file.enqueue(job.pk), robust=True)
    return job
