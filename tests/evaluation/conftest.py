"""A small hand-made session whose evaluation can be worked out on paper.

Today is 2022年12月31日. Every proposal is assigned on 2022年3月1日 (reply due 6月1日) unless
said otherwise.

人社局 (`unit`) leads five proposals:
  第1号 replied 5月20日 (on time), visited the proposer, verdict 满意, reply rated 优;
  第2号 replied 6月10日 (late), phone only, verdict 不满意, reply rated 良;
  第3号 not replied (overdue);
  第4号 assigned 11月1日, not replied, not yet due (not counted);
  第5号 extended to 8月1日, replied 7月15日 (on time), verdict 基本满意; a co-unit met the
        proposer, which does not count for 人社局.
  Commitments: done (due 10月1日), open and due (11月1日), open not yet due, done early
  (due 2023年), cancelled.
商务局 (`other_unit`) is co-unit on 第1号 with a done commitment, and leads 第6号: replied 5月1日,
  met the proposer; no verdict, no review.
财政局 (the co-clerk's unit) is only a co-unit (第2号): not ranked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tian.directory.models import Member, Unit
from tian.evaluation.models import QualityLevel, ReplyReview
from tian.handling.models import (
    Assignment,
    Contact,
    Extension,
    Feedback,
    Reply,
    Verdict,
)
from tian.proposals.models import Proposal
from tian.supervision.models import Commitment

TODAY = date(2022, 12, 31)
ASSIGNED = date(2022, 3, 1)


@pytest.fixture
def today() -> Any:
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


def make_proposal(
    session: Any,
    number: int,
    unit: Unit,
    *,
    proposer: Any,
    assigned_on: date = ASSIGNED,
    replied_on: date | None = None,
    role: str = Assignment.Role.LEAD,
) -> Proposal:
    """A proposal led by `unit`, with an accepted first-round reply if `replied_on`."""
    status = "replied" if replied_on else "handling"
    proposal = Proposal.objects.create(
        session=session,
        number=number,
        title=f"关于第{number}件事的提案",
        lead_proposer=proposer,
        status=status,
    )
    Assignment.objects.create(
        proposal=proposal, unit=unit, role=role, assigned_on=assigned_on, deadline_from=assigned_on
    )
    if replied_on:
        Reply.objects.create(
            proposal=proposal,
            unit=unit,
            status=Reply.Status.ACCEPTED,
            round=1,
            replied_on=replied_on,
        )
    return proposal


def contact(proposal: Proposal, unit: Unit, method: str) -> Contact:
    return Contact.objects.create(
        proposal=proposal, unit=unit, method=method, contacted_on=ASSIGNED, summary="沟通"
    )


def verdict(proposal: Proposal, result: str) -> Feedback:
    return Feedback.objects.create(
        proposal=proposal, proposer=proposal.lead_proposer, result=result, attitude=result
    )


def review(proposal: Proposal, level: str) -> ReplyReview:
    reply = proposal.replies.get()
    return ReplyReview.objects.create(reply=reply, level=level, reviewed_at=timezone.now())


def commitment(proposal: Proposal, unit: Unit, due_on: date, status: str) -> Commitment:
    return Commitment.objects.create(
        proposal=proposal,
        responsible_unit=unit,
        description="措施",
        due_on=due_on,
        status=status,
    )


@dataclass
class Scenario:
    session: Any
    lead: Unit
    other: Unit
    co_only: Unit
    proposals: dict[int, Proposal]


@pytest.fixture
def scenario(personas: Any, session: Any, unit: Unit, other_unit: Unit, today: Any) -> Scenario:
    proposer = Member.objects.get(name="王晓明")
    co_only = personas.co_clerk.role_assignments.get().unit
    p = {
        1: make_proposal(session, 1, unit, proposer=proposer, replied_on=date(2022, 5, 20)),
        2: make_proposal(session, 2, unit, proposer=proposer, replied_on=date(2022, 6, 10)),
        3: make_proposal(session, 3, unit, proposer=proposer),
        4: make_proposal(session, 4, unit, proposer=proposer, assigned_on=date(2022, 11, 1)),
        5: make_proposal(session, 5, unit, proposer=proposer, replied_on=date(2022, 7, 15)),
        6: make_proposal(session, 6, other_unit, proposer=proposer, replied_on=date(2022, 5, 1)),
    }
    Extension.objects.create(proposal=p[5], new_due_on=date(2022, 8, 1), reason="需要调研")
    Assignment.objects.create(proposal=p[1], unit=other_unit, role=Assignment.Role.CO)
    Assignment.objects.create(proposal=p[2], unit=co_only, role=Assignment.Role.CO)
    Assignment.objects.create(proposal=p[5], unit=co_only, role=Assignment.Role.CO)
    contact(p[1], unit, Contact.Method.VISIT)
    contact(p[2], unit, Contact.Method.PHONE)
    contact(p[5], co_only, Contact.Method.MEETING)
    contact(p[6], other_unit, Contact.Method.MEETING)
    verdict(p[1], Verdict.SATISFIED)
    verdict(p[2], Verdict.DISSATISFIED)
    verdict(p[5], Verdict.BASICALLY)
    review(p[1], QualityLevel.EXCELLENT)
    review(p[2], QualityLevel.GOOD)
    commitment(p[1], unit, date(2022, 10, 1), Commitment.Status.DONE)
    commitment(p[1], unit, date(2022, 11, 1), Commitment.Status.OPEN)
    commitment(p[2], unit, date(2023, 5, 1), Commitment.Status.OPEN)
    commitment(p[2], unit, date(2023, 6, 1), Commitment.Status.DONE)
    commitment(p[5], unit, date(2022, 9, 1), Commitment.Status.CANCELLED)
    commitment(p[1], other_unit, date(2022, 9, 1), Commitment.Status.DONE)
    return Scenario(session, unit, other_unit, co_only, p)


def row_for(evaluation: Any, unit: Unit) -> Any:
    return next(row for row in evaluation.rows if row.unit == unit)


def score_for(row: Any, code: str) -> Any:
    return next(score for score in row.scores if score.criterion.code == code)
