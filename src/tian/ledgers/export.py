"""Exporting a session as a ledger in the same columns the import reads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any, NamedTuple

from django.db.models import F

from tian.directory.models import Proposer, Session
from tian.handling.models import Assignment, Feedback, Reply
from tian.ledgers.cells import COLUMN_BY_FIELD_INDEX, COLUMNS, is_organisation, verdict_text
from tian.lib.sheets import write_table
from tian.proposals.models import CoSignature, Proposal
from tian.supervision.models import KeyProposal

# --------------------------------------------------------------------------- exporting


class FinalReply(NamedTuple):
    id: int
    unit_id: int
    grade_id: int | None
    grade_label: str | None
    replied_on: date | None


def final_accepted_replies(session: Session) -> dict[int, FinalReply]:
    """Each numbered proposal's final accepted reply, by proposal id.

    The graded one is the reply the figures count (`Reply.objects.final()`). A proposal whose
    accepted replies are all ungraded (an old ledger's record) still lists its latest one — of
    the latest round, then the latest dated, then the latest entered. Drafts and replies sent
    back for revision are never the answer.
    """
    in_session = {"proposal__session": session, "proposal__number__isnull": False}
    columns = ("id", "proposal_id", "unit_id", "grade_id", "grade__label", "replied_on")
    found: dict[int, FinalReply] = {}
    ungraded = Reply.objects.filter(
        status=Reply.Status.ACCEPTED, grade__isnull=True, **in_session
    ).order_by("round", F("replied_on").asc(nulls_first=True), "id")
    for pk, proposal_id, *rest in ungraded.values_list(*columns):
        found[proposal_id] = FinalReply(pk, *rest)  # the latest overwrites
    for pk, proposal_id, *rest in Reply.objects.final().filter(**in_session).values_list(*columns):
        found[proposal_id] = FinalReply(pk, *rest)
    return found


def _leader_text(title: str | None, name: str) -> str:
    return f"{title} {name}" if title else name


def _proposer_text(name: str, kind: str) -> str:
    # Mark a collective whose name does not show it, so that it is read back as one.
    if kind == Proposer.Kind.COLLECTIVE and not is_organisation(name):
        return f"{name}(集体)"
    return name


def _ledger_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Each numbered proposal of a session as the cells of its ledger row, by field name."""
    in_session = {"proposal__session": session, "proposal__number__isnull": False}
    cosigners: dict[int, list[str]] = {}
    for proposal_id, name, kind in (
        CoSignature.objects.filter(status=CoSignature.Status.CONFIRMED, **in_session)
        .order_by("id")
        .values_list("proposal_id", "proposer__name", "proposer__kind")
    ):
        cosigners.setdefault(proposal_id, []).append(_proposer_text(name, kind))
    units: dict[int, dict[str, list[str]]] = {}
    assigned: dict[int, date] = {}
    for proposal_id, name, role, assigned_on in (
        Assignment.objects.filter(status=Assignment.Status.ACTIVE, **in_session)
        .order_by("id")
        .values_list("proposal_id", "unit__name", "role", "assigned_on")
    ):
        units.setdefault(proposal_id, {}).setdefault(role, []).append(name)
        if assigned_on and (proposal_id not in assigned or assigned_on < assigned[proposal_id]):
            assigned[proposal_id] = assigned_on
    replies = {
        proposal_id: (reply.grade_label, reply.replied_on)
        for proposal_id, reply in final_accepted_replies(session).items()
    }
    verdicts = {
        proposal_id: verdict_text(attitude or result, result or attitude)
        for proposal_id, attitude, result in Feedback.objects.filter(
            proposer_id=F("proposal__lead_proposer_id"), responded=True, **in_session
        )
        .exclude(attitude="", result="")
        .order_by("round", "id")
        .values_list("proposal_id", "attitude", "result")
    }
    keys = {
        key_id: (proposal_id, _leader_text(title, name) if name else "")
        for key_id, proposal_id, title, name in KeyProposal.objects.filter(
            **in_session
        ).values_list("id", "proposal_id", "lead_leader__title", "lead_leader__name")
    }
    supervisors: dict[int, list[str]] = {}
    through = KeyProposal.supervisors.through
    for key_id, title, name in (
        through.objects.filter(keyproposal__proposal__session=session)
        .order_by("id")
        .values_list("keyproposal_id", "leader__title", "leader__name")
    ):
        if key_id in keys:
            supervisors.setdefault(keys[key_id][0], []).append(_leader_text(title, name))
    leaders = {proposal_id: leader for proposal_id, leader in keys.values()}

    for pk, number, title, category, lead, lead_kind in (
        Proposal.objects.filter(session=session, number__isnull=False)
        .order_by("number")
        .values_list(
            "id", "number", "title", "category__name", "lead_proposer__name", "lead_proposer__kind"
        )
    ):
        by_role = units.get(pk, {})
        grade, replied_on = replies.get(pk, (None, None))
        yield {
            "number": number,
            "title": title,
            "lead_proposer": _proposer_text(lead, lead_kind),
            "co_proposers": "、".join(cosigners.get(pk, [])),
            "category": category,
            "lead_units": "、".join(by_role.get(Assignment.Role.LEAD, [])),
            "co_units": "、".join(by_role.get(Assignment.Role.CO, [])),
            "joint_units": "、".join(by_role.get(Assignment.Role.JOINT, [])),
            "grade": grade,
            "verdict": verdicts.get(pk),
            "is_key": "是" if pk in leaders else None,
            "lead_leader": leaders.get(pk),
            "supervisors": "、".join(supervisors.get(pk, [])),
            "assigned_on": assigned.get(pk),
            "replied_on": replied_on,
        }


def export_ledger(session: Session, destination: str | Path | IO[bytes]) -> int:
    """Write a session's numbered proposals as a ledger that `import_ledger` reads back."""
    noun = session.body.item_noun
    headers = [column.header for column in COLUMNS]
    headers[COLUMN_BY_FIELD_INDEX["lead_proposer"]] = f"{noun}人"
    headers[COLUMN_BY_FIELD_INDEX["is_key"]] = f"重点{noun}"
    return write_table(
        destination,
        sheet_name="台账",
        title=f"{session.body.name}{session.name}{noun}办理台账",
        headers=headers,
        rows=(
            [values[column.field] or None for column in COLUMNS] for values in _ledger_rows(session)
        ),
        widths=[40 if column.field == "title" else 14 for column in COLUMNS],
        freeze="C3",
    )
