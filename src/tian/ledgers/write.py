"""Importing a ledger: one transaction of bulk writes and one audit event per changed proposal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache, partial
from operator import itemgetter
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import DateTimeField, Model, ProtectedError
from django.utils import timezone

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Leader, Proposer, Session, Unit
from tian.handling.models import Assignment, Feedback, Reply
from tian.ledgers.cells import COLUMNS, ROLE_RANK, Progress, derive_status, verdict_text
from tian.ledgers.parse import read_ledger
from tian.ledgers.plan import Directory, Existing, Names, Plan, Target, make_plan, verdict_held
from tian.ledgers.report import ImportReport
from tian.lib.sheets import LedgerError, RowError, Source
from tian.proposals.models import CoSignature, Proposal, Status
from tian.supervision.models import KeyProposal

# --------------------------------------------------------------------------- importing


@dataclass
class _Writes:
    """Everything an import will write, gathered so that each table is written in bulk."""

    now: datetime
    session_id: int
    actor_id: int | None
    proposal_updates: list[dict[str, Any]] = field(default_factory=list)
    cosign_create: list[dict[str, Any]] = field(default_factory=list)
    cosign_confirm: list[int] = field(default_factory=list)
    cosign_delete: list[int] = field(default_factory=list)
    assignment_create: list[dict[str, Any]] = field(default_factory=list)
    assignment_update: list[dict[str, Any]] = field(default_factory=list)
    reply_create: list[dict[str, Any]] = field(default_factory=list)
    reply_update: list[dict[str, Any]] = field(default_factory=list)
    feedback_create: list[dict[str, Any]] = field(default_factory=list)
    feedback_update: list[dict[str, Any]] = field(default_factory=list)
    key_create: list[tuple[int, int | None, list[int]]] = field(default_factory=list)
    key_update: list[dict[str, Any]] = field(default_factory=list)
    key_delete: list[int] = field(default_factory=list)
    supervisor_add: list[tuple[int, int]] = field(default_factory=list)
    supervisor_remove: list[tuple[int, int]] = field(default_factory=list)
    changes: list[_Change] = field(default_factory=list)


Diff = dict[str, tuple[Any, Any]]


def _plan_related(
    writes: _Writes,
    proposal_id: int,
    current: Existing,
    target: Target,
    names: Names,
    diff: Diff,
) -> tuple[bool, str]:
    """Queue the related rows a proposal needs to match its row: (anything changed, status).

    Each field that changes goes into `diff` as (before, after), by name, for the audit.
    """
    lead_id = target.lead.pk if target.lead is not None else current.lead_id
    confirmed = CoSignature.Status.CONFIRMED

    if target.co is not None:
        wanted = list(dict.fromkeys(p.pk for p in target.co if p.pk != lead_id))
        have = {pid for pid, (_, status) in current.cosignatures.items() if status == confirmed}
        if set(wanted) != have:
            diff["co_proposers"] = (names.many("proposer", have), names.many("proposer", wanted))
            for pid in wanted:
                if pid not in current.cosignatures:
                    writes.cosign_create.append(
                        {
                            "proposal_id": proposal_id,
                            "proposer_id": pid,
                            "status": confirmed,
                            "responded_at": writes.now,
                        }
                    )
                elif current.cosignatures[pid][1] != confirmed:
                    writes.cosign_confirm.append(current.cosignatures[pid][0])
            writes.cosign_delete.extend(current.cosignatures[pid][0] for pid in have - set(wanted))

    active = Assignment.Status.ACTIVE
    held_units = current.active_units()
    held_dates = sorted(
        {str(held[2]) for held in current.assignments.values() if held[3] == active and held[2]}
    )
    final_units = list(held_units.items())
    dates_changed = False
    if target.units is not None:
        final_units = [(unit.pk, role) for unit, role in target.units]
        for unit_id, role in final_units:
            held = current.assignments.get(unit_id)
            if held is None:
                dates_changed = dates_changed or target.assigned_on is not None
                writes.assignment_create.append(
                    {
                        "proposal_id": proposal_id,
                        "unit_id": unit_id,
                        "role": role,
                        "assigned_on": target.assigned_on,
                        "deadline_from": target.assigned_on,
                        "status": active,
                    }
                )
                continue
            pk, held_role, held_date, held_status, held_start = held
            day = target.assigned_on or held_date
            if (held_role, held_date, held_status) != (role, day, active):
                dates_changed = dates_changed or day != held_date
                start = day if day != held_date else held_start
                writes.assignment_update.append(
                    {
                        "id": pk,
                        "role": role,
                        "assigned_on": day,
                        "deadline_from": start,
                        "status": active,
                    }
                )
        wanted_units = {unit_id for unit_id, _ in final_units}
        for unit_id, (pk, role, held_date, held_status, held_start) in current.assignments.items():
            if unit_id not in wanted_units and held_status == active:
                writes.assignment_update.append(
                    {
                        "id": pk,
                        "role": role,
                        "assigned_on": held_date,
                        "deadline_from": held_start,
                        "status": Assignment.Status.WITHDRAWN,
                    }
                )
        if dict(final_units) != held_units:
            diff["units"] = (names.units(held_units), names.units(dict(final_units)))
    elif target.assigned_on is not None:
        for pk, role, held_date, held_status, _ in current.assignments.values():
            if held_status == active and held_date != target.assigned_on:
                dates_changed = True
                writes.assignment_update.append(
                    {
                        "id": pk,
                        "role": role,
                        "assigned_on": target.assigned_on,
                        "deadline_from": target.assigned_on,
                        "status": active,
                    }
                )
    if dates_changed:
        diff["assigned_on"] = (held_dates, [str(target.assigned_on)])

    grade_id = target.grade.pk if target.grade is not None else None
    if current.reply is not None:
        pk, _, held_grade, held_date = current.reply
        grade_id = grade_id or held_grade
        replied_on = target.replied_on or held_date
        if (grade_id, replied_on) != (held_grade, held_date):
            writes.reply_update.append({"id": pk, "grade_id": grade_id, "replied_on": replied_on})
        if grade_id != held_grade:
            diff["grade"] = (names("grade", held_grade), names("grade", grade_id))
        if replied_on != held_date:
            diff["replied_on"] = (_iso(held_date), _iso(replied_on))
        has_reply = bool(grade_id or replied_on)
    elif grade_id or target.replied_on:
        has_reply = True
        if grade_id:
            diff["grade"] = (None, names("grade", grade_id))
        if target.replied_on:
            diff["replied_on"] = (None, _iso(target.replied_on))
        # The lead unit answers; validation made sure there is a unit.
        ranked = sorted(final_units, key=lambda item: ROLE_RANK[item[1]])
        writes.reply_create.append(
            {
                "proposal_id": proposal_id,
                "unit_id": ranked[0][0],
                "grade_id": grade_id,
                "replied_on": target.replied_on,
                "created_by_id": writes.actor_id,
            }
        )
    else:
        has_reply = False

    has_verdict = current.has_verdict
    if target.verdict is not None:
        attitude, result = target.verdict
        held_verdict = verdict_held(current)
        before = verdict_text(*held_verdict) if held_verdict else None
        if current.feedback is None:
            has_verdict = True
            diff["verdict"] = (before, verdict_text(attitude, result))
            writes.feedback_create.append(
                {
                    "proposal_id": proposal_id,
                    "proposer_id": lead_id,
                    "attitude": attitude,
                    "result": result,
                    "submitted_at": writes.now,
                }
            )
        elif current.feedback[1:] != (attitude, result, True):
            has_verdict = True
            diff["verdict"] = (before, verdict_text(attitude, result))
            writes.feedback_update.append(
                {
                    "id": current.feedback[0],
                    "attitude": attitude,
                    "result": result,
                    "responded": True,
                }
            )

    leader_id = target.lead_leader.pk if target.lead_leader is not None else None
    supervisor_ids = list(dict.fromkeys(leader.pk for leader in target.supervisors or []))
    if target.is_key is False and current.key is not None:
        diff["is_key"] = (True, False)
        writes.key_delete.append(current.key[0])
    elif target.is_key or leader_id or supervisor_ids:
        if current.key is None:
            diff["is_key"] = (False, True)
            if leader_id:
                diff["lead_leader"] = (None, names("leader", leader_id))
            if supervisor_ids:
                diff["supervisors"] = ([], names.many("leader", supervisor_ids))
            writes.key_create.append((proposal_id, leader_id, supervisor_ids))
        else:
            key_id, held_leader = current.key
            if leader_id and leader_id != held_leader:
                diff["lead_leader"] = (names("leader", held_leader), names("leader", leader_id))
                writes.key_update.append({"id": key_id, "lead_leader_id": leader_id})
            if supervisor_ids and set(supervisor_ids) != current.supervisors:
                diff["supervisors"] = (
                    names.many("leader", current.supervisors),
                    names.many("leader", supervisor_ids),
                )
                writes.supervisor_add.extend(
                    (key_id, pk) for pk in supervisor_ids if pk not in current.supervisors
                )
                writes.supervisor_remove.extend(
                    (key_id, pk) for pk in current.supervisors - set(supervisor_ids)
                )
    status = derive_status(
        has_units=bool(final_units), has_reply=has_reply, has_verdict=has_verdict
    )
    return bool(diff), status


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _save_directory(directory: Directory, report: ImportReport) -> None:
    if directory.new_units:
        Unit.objects.bulk_create(directory.new_units)
        report.created_units = [unit.name for unit in directory.new_units]
    if directory.new_proposers:
        Proposer.objects.bulk_create(directory.new_proposers, batch_size=500)
        for proposer in directory.new_proposers:
            if proposer.kind == Proposer.Kind.COLLECTIVE:
                report.created_collectives.append(proposer.name)
            else:
                report.created_members.append(proposer.name)
    if directory.new_leaders:
        Leader.objects.bulk_create(directory.new_leaders)
        report.created_leaders = [leader.name for leader in directory.new_leaders]


_HASHABLE_TYPES = frozenset({"DateField", "DateTimeField", "TimeField", "DecimalField"})
_PREPARED_TYPES = _HASHABLE_TYPES | {"JSONField", "UUIDField"}


def _getter(model_field: Any, connection: Any) -> Callable[[dict[str, Any]], Any]:
    name = model_field.attname
    kind = model_field.get_internal_type()
    if kind not in _PREPARED_TYPES:
        return itemgetter(name)
    prepare = partial(model_field.get_db_prep_save, connection=connection)
    if kind in _HASHABLE_TYPES:
        prepare = lru_cache(maxsize=4096)(prepare)
    return lambda row: prepare(row[name])


def _execute_many(sql: str, getters: list[Callable[[dict[str, Any]], Any]], rows: list) -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        for start in range(0, len(rows), 2000):
            chunk = rows[start : start + 2000]
            cursor.executemany(sql, [tuple(get(row) for get in getters) for row in chunk])


def _insert(model: type[Model], rows: list[dict[str, Any]], now: datetime) -> None:
    """Insert plain rows in bulk, filling the fields a row leaves out as Django would.

    Much faster than bulk_create for tens of thousands of rows: no model instances are built
    and only values that need it (dates, JSON) go through the field's conversion.
    """
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    given = rows[0].keys()
    columns: list[str] = []
    getters: list[Callable[[dict[str, Any]], Any]] = []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key:
            continue
        columns.append(connection.ops.quote_name(model_field.column))
        if model_field.attname in given:
            getters.append(_getter(model_field, connection))
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value: Any = now if isinstance(model_field, DateTimeField) else now.date()
        else:
            value = model_field.get_default()
        constant = model_field.get_db_prep_save(value, connection)
        getters.append(lambda row, constant=constant: constant)
    table = connection.ops.quote_name(model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(columns))
    _execute_many(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # nosec B608 # quoted identifiers, values bound
        getters,
        rows,
    )


def _update(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """Update rows in bulk by primary key ("id"); each row names the same fields.

    bulk_update builds one CASE expression per row and field, which takes seconds for
    thousands of rows; one prepared UPDATE run for each row takes milliseconds.
    """
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in rows[0] if name != "id"]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # nosec B608 # quoted identifiers, values bound
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    getters = [_getter(f, connection) for f in fields] + [itemgetter("id")]
    _execute_many(sql, getters, rows)


def _delete(model: type[Model], ids: list[int]) -> None:
    # In slices: SQLite limits the number of parameters in one statement.
    for start in range(0, len(ids), 500):
        model._default_manager.filter(pk__in=ids[start : start + 500]).delete()


def _apply(writes: _Writes) -> None:
    now = writes.now
    _update(Proposal, writes.proposal_updates)
    _delete(CoSignature, writes.cosign_delete)
    _update(
        CoSignature,
        [
            {"id": pk, "status": CoSignature.Status.CONFIRMED, "responded_at": now}
            for pk in writes.cosign_confirm
        ],
    )
    _insert(CoSignature, writes.cosign_create, now)
    _update(Assignment, writes.assignment_update)
    _insert(Assignment, writes.assignment_create, now)
    _update(Reply, writes.reply_update)
    _insert(Reply, writes.reply_create, now)
    _update(Feedback, writes.feedback_update)
    _insert(Feedback, writes.feedback_create, now)
    _delete(KeyProposal, writes.key_delete)
    _update(KeyProposal, writes.key_update)
    through = KeyProposal.supervisors.through
    for key_id, leader_id in writes.supervisor_remove:
        through.objects.filter(keyproposal_id=key_id, leader_id=leader_id).delete()
    links = [{"keyproposal_id": k, "leader_id": leader} for k, leader in writes.supervisor_add]
    if writes.key_create:
        _insert(
            KeyProposal,
            [{"proposal_id": p, "lead_leader_id": leader} for p, leader, _ in writes.key_create],
            now,
        )
        key_ids = dict(
            KeyProposal.objects.filter(proposal__session_id=writes.session_id).values_list(
                "proposal_id", "id"
            )
        )
        links += [
            {"keyproposal_id": key_ids[proposal_id], "leader_id": leader_id}
            for proposal_id, _, leader_ids in writes.key_create
            for leader_id in leader_ids
        ]
    _insert(through, links, now)


def import_ledger(
    session: Session,
    source: Source,
    *,
    actor: Any = None,
    dry_run: bool = False,
    create_units: bool = False,
    progress: Progress | None = None,
    source_name: str = "",
) -> ImportReport:
    """Import a ledger into a session, all rows or none (LedgerError).

    One audit event for the session, naming the file as uploaded (`source_name`, else the
    file's own name), and one for each proposal created or changed, with before and after.
    With `dry_run`, everything is written and then rolled back, so the report is exact.
    """
    if actor is not None:
        policy.require(actor, "ledger.import")
    ledger = read_ledger(source)
    total = 2 * len(ledger)
    report = ImportReport(
        session=session.slug,
        source=source_name or ledger.source,
        rows=len(ledger),
        dry_run=dry_run,
        ignored_headers=ledger.ignored_headers,
    )
    with transaction.atomic():
        # One import per session at a time: the session row is the lock.
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("body")
            .get(pk=session.pk)
        )
        plan = make_plan(session, ledger, create_units=create_units, progress=progress)
        if plan.errors:
            unknown = list(plan.directory.unknown_units) if plan.directory else []
            raise LedgerError(plan.errors, unknown)
        assert plan.directory is not None  # nosec B101 # type narrowing, not a check
        report.skipped_rows = plan.skipped
        report.warnings = plan.warnings
        _save_directory(plan.directory, report)
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        writes = _Writes(now=timezone.now(), session_id=session.pk, actor_id=actor_id)
        names = Names(plan.directory)
        _create_proposals(session, plan, writes, report, names)
        if progress:
            progress(len(ledger) * 3 // 2, total)
        _update_proposals(plan, writes, report, names)
        try:
            _apply(writes)
        except ProtectedError as error:
            raise LedgerError(
                [RowError(0, "", f"有记录被其他数据引用,不能按台账修改:{error.args[0]}")]
            ) from error
        _record_row_events(_row_events(writes.changes, actor_id, report.source), writes.now)
        if report.changed:
            record_event(
                actor,
                EventType.LEDGER_IMPORTED,
                target=session,
                message=f"{report.source} {report.summary_line()}",
                file=report.source,
                rows=report.rows,
                created=len(report.created),
                updated=len(report.updated),
                unchanged=len(report.unchanged),
                updated_numbers=report.updated,
                created_members=len(report.created_members),
                created_collectives=len(report.created_collectives),
                created_units=report.created_units,
                created_leaders=report.created_leaders,
            )
        if dry_run:
            transaction.set_rollback(True)
    if progress:
        progress(total, total)
    return report


@dataclass
class _Change:
    """One proposal an import creates or changes: its ledger row and each field's values."""

    proposal_id: int
    number: int
    row: int
    created: bool
    diff: Diff


FIELD_LABELS = {column.field: column.header for column in COLUMNS} | {
    "units": "承办单位",
    "status": "状态",
}


def _row_events(changes: list[_Change], actor_id: int | None, source: str) -> list[dict[str, Any]]:
    """The audit events of an import's proposals, as AuditEvent field values."""
    events = []
    for change in changes:
        if change.created:
            event_type = EventType.LEDGER_PROPOSAL_CREATED
            message = f"台账“{source}”第{change.row}行:新增第{change.number}号"
        else:
            event_type = EventType.LEDGER_PROPOSAL_UPDATED
            fields = "、".join(FIELD_LABELS.get(name, name) for name in change.diff)
            message = f"台账“{source}”第{change.row}行:修改{fields}"
        events.append(
            {
                "actor_id": actor_id,
                "event_type": str(event_type),
                "proposal_id": change.proposal_id,
                "object_type": Proposal._meta.label_lower,
                "object_id": str(change.proposal_id),
                "message": message,
                "data": {
                    "file": source,
                    "row": change.row,
                    "number": change.number,
                    "before": {} if change.created else {k: v[0] for k, v in change.diff.items()},
                    "after": {k: v[1] for k, v in change.diff.items()},
                },
            }
        )
    return events


def _record_row_events(events: list[dict[str, Any]], now: datetime) -> None:
    """Append the per-proposal audit events of an import, chained in one batch: the one
    place that does. Each event is a dict of AuditEvent field values, dated `now`."""
    from tian.audit.actions import record_events
    from tian.audit.models import AuditEvent

    record_events([AuditEvent(created_at=now, **fields) for fields in events])


def _create_proposals(
    session: Session, plan: Plan, writes: _Writes, report: ImportReport, names: Names
) -> None:
    kind = Proposal.Kind.PROPOSAL if session.body.kind == "cppcc" else Proposal.Kind.SUGGESTION
    created: list[tuple[Target, str]] = []
    rows: list[dict[str, Any]] = []
    for target in plan.targets:
        if target.number in plan.existing:
            continue
        status = derive_status(
            has_units=bool(target.units),
            has_reply=bool(target.grade or target.replied_on),
            has_verdict=target.verdict is not None,
        )
        # New proposals always get a lead, if only the placeholder.
        assert target.lead is not None  # nosec B101 # type narrowing, not a check
        rows.append(
            {
                "session_id": session.pk,
                "kind": kind,
                "number": target.number,
                "title": target.title,
                "category_id": target.category.pk if target.category else None,
                "lead_proposer_id": target.lead.pk,
                "status": status,
                "created_by_id": writes.actor_id,
            }
        )
        created.append((target, status))
        report.created.append(target.number)
    if not created:
        return
    _insert(Proposal, rows, writes.now)
    ids = dict(
        Proposal.objects.filter(session=session, number__isnull=False).values_list("number", "id")
    )
    for target, status in created:
        assert target.lead is not None  # nosec B101 # type narrowing, not a check
        diff: Diff = {
            "title": (None, target.title),
            "lead_proposer": (None, names("proposer", target.lead.pk)),
        }
        if target.category is not None:
            diff["category"] = (None, target.category.name)
        proposal_id = ids[target.number]
        _plan_related(writes, proposal_id, Existing(lead_id=target.lead.pk), target, names, diff)
        diff["status"] = (None, str(status))
        writes.changes.append(_Change(proposal_id, target.number, target.row, True, diff))


def _update_proposals(plan: Plan, writes: _Writes, report: ImportReport, names: Names) -> None:
    for target in plan.targets:
        current = plan.existing.get(target.number)
        if current is None or current.id is None:
            continue
        diff: Diff = {}
        fields = {
            "title": target.title,
            "category_id": target.category.pk if target.category else current.category_id,
            "lead_proposer_id": target.lead.pk if target.lead else current.lead_id,
        }
        if fields["title"] != current.title:
            diff["title"] = (current.title, target.title)
        if fields["category_id"] != current.category_id:
            diff["category"] = (
                names("category", current.category_id),
                names("category", fields["category_id"]),
            )
        if fields["lead_proposer_id"] != current.lead_id:
            diff["lead_proposer"] = (
                names("proposer", current.lead_id),
                names("proposer", fields["lead_proposer_id"]),
            )
        _, status = _plan_related(writes, current.id, current, target, names, diff)
        if not diff:
            report.unchanged.append(target.number)
            continue
        if plan.live:
            status = current.status  # only the workflow moves a live proposal
        elif current.status == Status.HANDLING and status == Status.ASSIGNED:
            status = Status.HANDLING  # work has begun; a ledger cannot see that
        if status != current.status:
            diff["status"] = (str(current.status), str(status))
        writes.proposal_updates.append(
            {
                "id": current.id,
                **fields,
                "status": status,
                "version": current.version + 1,
                "updated_at": writes.now,
            }
        )
        writes.changes.append(_Change(current.id, target.number, target.row, False, diff))
        report.updated.append(target.number)
