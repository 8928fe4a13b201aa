"""Building the demo database (演示数据) from `tian.demo.seed_data` (DESIGN §9).

`load_demo` is safe to run again. Directory records (bodies, sessions, categories, grades,
units, proposers, leaders, accounts) are matched by natural keys and brought in line with the
seed. Proposals are matched by (session, number) — the intake examples of the open session by
(session, proposer), its handling examples by (session, proposer, title) — and only missing
ones are created, so whatever a demo user did to an existing proposal stays. `reset=True`
deletes the demo sessions' proposals first and builds them afresh. Passwords are set on every
run, so the printed credentials always work.

The closed sessions' handling records (contacts, co-unit opinions, signed reply letters,
commitments, complete verdicts and the history of each step) are completed on every run where
missing, so a database loaded by an older version catches up. The open session's handling
examples are made by the real actions (交办, 签收, 沟通, 协办意见, 答复, 签发, 报送, 审核, 征询意见)
and then dated back; an example no demo user has touched since the last run is moved forward to
today on the next run, so "due soon" stays due soon. The open session is the session of the year
of loading (`common.open_session`); a run in a new year closes last year's and removes its
examples. The closed sessions keep their years and are finished: nothing of theirs is dated
after the year that followed them.

Each part has its module: `common` (what they share), `directory`, `closed` (the closed
sessions' proposals), `records` (their handling records), `key_supervision`, `intake` and
`live` (the open session's examples) and `summary` (the console's account of the run).
"""

from __future__ import annotations

import time as clock

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.demo import seed_data as sd
from tian.demo.closed import build_handled
from tian.demo.common import CALENDAR, delete_proposals, demo_sessions, people_of
from tian.demo.directory import (
    sync_accounts,
    sync_leaders,
    sync_proposers,
    sync_sessions,
    sync_units,
)
from tian.demo.evaluation import load_demo_evaluation
from tian.demo.intake import build_intake, keep_invitations_live
from tian.demo.key_supervision import add_progress_updates, load_key_supervision
from tian.demo.live import build_live, keep_live_items_current, load_tracking
from tian.demo.notices import load_demo_notices
from tian.demo.records import complete_handled
from tian.demo.report import load_demo_report
from tian.demo.summary import DemoSummary, session_figures
from tian.directory.admin_roles import ensure_admin_groups
from tian.directory.models import Leader, Proposer, Session, Unit
from tian.handling.models import Assignment
from tian.proposals.models import Proposal


def load_demo(*, reset: bool = False) -> DemoSummary:
    """Build or complete the demo database in one transaction and record one audit event."""
    started = clock.monotonic()
    summary = DemoSummary(reset=reset)
    CALENDAR.reload()
    session_specs = demo_sessions(timezone.localdate())
    open_spec = session_specs[-1]
    with transaction.atomic():
        ensure_admin_groups()
        if reset:
            summary.deleted = _delete_demo_proposals(session_specs)
        sessions = sync_sessions(summary, session_specs)
        summary.deleted += _retire_earlier_open_sessions(sessions[open_spec.slug])
        units = sync_units(summary)
        proposers = sync_proposers(summary)
        leaders = sync_leaders(summary)
        users = sync_accounts(summary, units, proposers, leaders)
        created: dict[str, int] = {}
        for spec in sd.SESSIONS:
            specs = [p for p in sd.all_proposals() if p.session == spec.slug]
            created[spec.slug] = build_handled(
                sessions[spec.slug], specs, units, proposers, leaders, users
            )
            complete_handled(sessions[spec.slug], specs, users)
        # The key proposals' supervision and the progress of the 2022 commitments.
        load_key_supervision(sessions[sd.CURRENT_SESSION.slug], users)
        add_progress_updates(
            sessions[sd.PREVIOUS_SESSION.slug], people_of(users), timezone.localdate()
        )
        open_session = sessions[open_spec.slug]
        # Assignments loaded by an older version count their deadline from the assignment.
        Assignment.objects.filter(
            proposal__session=open_session, deadline_from__isnull=True
        ).update(deadline_from=F("assigned_on"))
        created[open_spec.slug] = build_intake(open_session, proposers, users)
        keep_invitations_live(open_session)
        live = keep_live_items_current(open_session)
        built = build_live(open_session, units, proposers, users)
        created[open_spec.slug] += len(built)
        live.update(built)
        load_tracking(sessions[sd.CURRENT_SESSION.slug], users)
        load_demo_report(sessions[sd.CURRENT_SESSION.slug])
        load_demo_evaluation(sessions[sd.CURRENT_SESSION.slug], users)
        load_demo_notices(open_session)
        summary.totals = {
            "units": Unit.objects.count(),
            "proposers": Proposer.objects.count(),
            "leaders": Leader.objects.count(),
        }
        summary.sessions = [
            session_figures(sessions[spec.slug], created[spec.slug]) for spec in session_specs
        ]
        record_event(
            None,
            EventType.DEMO_LOADED,
            message=f"载入演示数据,新建提案 {sum(created.values())} 件"
            + (f",删除 {summary.deleted} 件" if reset else ""),
            reset=reset,
            deleted=summary.deleted,
            created=created,
            # The handling examples no demo user has touched, and the day they are dated for.
            live=live,
        )
    summary.seconds = clock.monotonic() - started
    return summary


def _retire_earlier_open_sessions(open_session: Session) -> int:
    """Close an open session a demo loaded in an earlier year and delete its examples: they
    would now read as months overdue. Returns how many proposals went."""
    earlier = Session.objects.filter(
        body=open_session.body,
        slug__regex=r"^xishan-[0-9]{4}$",
        year__gt=sd.CURRENT_SESSION.year,
        year__lt=open_session.year,
        is_open_for_submission=True,
    )
    if not earlier.exists():
        return 0
    deleted = delete_proposals(Proposal.objects.filter(session__in=earlier, is_illustrative=True))
    earlier.update(is_open_for_submission=False)
    return deleted


def _delete_demo_proposals(specs: tuple[sd.Session, ...]) -> int:
    """Delete every proposal of the demo sessions, with its handling records."""
    proposals = Proposal.objects.filter(session__slug__in=[s.slug for s in specs])
    return delete_proposals(proposals)
