"""Intake counts, proposer types, on-time replies, statistical classes and the unit table are
computed from the records the way DESIGN §5 defines them."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tian.directory.models import Session, Term
from tian.handling.models import Assignment, Extension, Feedback, Grade, Reply, StatClass
from tian.proposals.models import Category, CoSignature, Proposal, Status
from tian.reports.figures import (
    by_proposer_type,
    by_stat_class,
    intake,
    numbers_by_stat_class,
    on_time,
    trend,
    unit_table,
)
from tian.supervision.models import Commitment

pytestmark = pytest.mark.django_db

TODAY = date(2022, 12, 30)


def proposal(session, proposer, number, status=Status.ASSIGNED, **extra):
    return Proposal.objects.create(
        session=session,
        number=number,
        title=f"提案{number}",
        lead_proposer=proposer,
        category=Category.objects.filter(session=session).first(),
        status=status,
        **extra,
    )


def assigned(session, proposer, number, unit, start, *, status=Status.ASSIGNED):
    item = proposal(session, proposer, number, status=status)
    Assignment.objects.create(
        proposal=item, unit=unit, role=Assignment.Role.LEAD, assigned_on=start, deadline_from=start
    )
    return item


def replied(item, unit, on, *, grade=None, status=Reply.Status.ACCEPTED):
    Reply.objects.create(proposal=item, unit=unit, replied_on=on, grade=grade, status=status)


def test_intake_counts_each_decision_once_and_leaves_drafts_out(session, personas):
    member = personas.member.proposer
    for number, status in enumerate(
        [
            Status.DRAFT,
            Status.SUBMITTED,
            Status.FILED,
            Status.CLOSED,
            Status.CLOSED,
            Status.MERGED,
            Status.REJECTED,
            Status.CONVERTED,
        ],
        start=1,
    ):
        proposal(session, member, number, status=status)
    assert intake(session) == {
        "received": 7,
        "filed": 3,
        "merged": 1,
        "rejected": 1,
        "converted": 1,
        "closed": 2,
    }


def test_a_proposal_is_joint_only_when_a_cosigner_confirmed(session, personas):
    member, cosigner = personas.member.proposer, personas.cosigner.proposer
    proposal(session, member, 1)
    joint = proposal(session, member, 2)
    CoSignature.objects.create(
        proposal=joint, proposer=cosigner, status=CoSignature.Status.CONFIRMED
    )
    declined = proposal(session, member, 3)
    CoSignature.objects.create(
        proposal=declined, proposer=cosigner, status=CoSignature.Status.DECLINED
    )
    proposal(session, personas.collective.proposer, 4)
    shares = by_proposer_type(session)
    assert {k: v["count"] for k, v in shares.items()} == {
        "individual": 2,
        "joint": 1,
        "collective": 1,
    }
    assert [v["percent"] for v in shares.values()] == ["50.0", "25.0", "25.0"]


@time_machine.travel(TODAY, tick=False)
def test_a_reply_on_the_due_day_is_on_time_and_the_next_day_is_late(session, personas, unit):
    member = personas.member.proposer
    replied(assigned(session, member, 1, unit, date(2022, 3, 15)), unit, date(2022, 6, 15))
    replied(assigned(session, member, 2, unit, date(2022, 3, 15)), unit, date(2022, 6, 16))
    timing = on_time(session)
    assert (timing["on_time"], timing["late"], timing["rate"]) == (1, 1, "50.0")


@time_machine.travel(TODAY, tick=False)
def test_the_due_day_is_clipped_to_the_end_of_a_short_month(session, personas, unit):
    member = personas.member.proposer
    # Three months from 30 November is 28 February.
    replied(assigned(session, member, 1, unit, date(2021, 11, 30)), unit, date(2022, 2, 28))
    replied(assigned(session, member, 2, unit, date(2021, 11, 30)), unit, date(2022, 3, 1))
    assert on_time(session)["on_time"] == 1


@time_machine.travel(TODAY, tick=False)
def test_an_approved_extension_moves_the_due_date(session, personas, unit):
    member = personas.member.proposer
    item = assigned(session, member, 1, unit, date(2022, 3, 15))
    Extension.objects.create(proposal=item, new_due_on=date(2022, 8, 1), reason="需要调研")
    replied(item, unit, date(2022, 7, 30))
    late = assigned(session, member, 2, unit, date(2022, 3, 15))
    Extension.objects.create(proposal=late, new_due_on=date(2022, 7, 1), reason="需要调研")
    replied(late, unit, date(2022, 7, 2))
    timing = on_time(session)
    assert (timing["on_time"], timing["late"]) == (1, 1)


@time_machine.travel(TODAY, tick=False)
def test_an_overdue_unanswered_proposal_counts_against_the_rate_but_one_in_time_does_not(
    session, personas, unit
):
    member = personas.member.proposer
    replied(assigned(session, member, 1, unit, date(2022, 3, 15)), unit, date(2022, 5, 1))
    assigned(session, member, 2, unit, date(2022, 3, 15), status=Status.HANDLING)
    assigned(session, member, 3, unit, date(2022, 12, 1), status=Status.HANDLING)
    timing = on_time(session)
    assert timing["overdue_unreplied"] == 1
    assert timing["rate"] == "50.0"


@time_machine.travel(TODAY, tick=False)
def test_a_draft_or_returned_reply_is_not_a_reply(session, personas, unit):
    member = personas.member.proposer
    item = assigned(session, member, 1, unit, date(2022, 3, 15))
    replied(item, unit, date(2022, 4, 1), status=Reply.Status.RETURNED)
    assert on_time(session)["on_time"] == 0


def test_stat_classes_count_final_grades_and_list_their_numbers(session, personas, unit):
    member = personas.member.proposer
    grade = {g.code: g for g in Grade.objects.filter(session=session)}
    for number, code in [(3, "A"), (1, "A"), (2, "B"), (5, "A")]:
        replied(
            proposal(session, member, number, status=Status.CLOSED), unit, TODAY, grade=grade[code]
        )
    classes = by_stat_class(session)
    assert classes["resolved"] == {"label": "已解决或基本解决", "count": 3, "percent": "75.0"}
    assert classes["in_progress"]["count"] == 1
    assert numbers_by_stat_class(session) == {"resolved": [1, 3, 5], "in_progress": [2]}


@time_machine.travel(TODAY, tick=False)
def test_the_unit_table_gives_each_unit_its_own_load_timeliness_verdicts_and_commitments(
    session, personas, unit, other_unit
):
    member = personas.member.proposer
    grade = Grade.objects.get(session=session, code="A")
    first = assigned(session, member, 1, unit, date(2022, 3, 15), status=Status.CLOSED)
    replied(first, unit, date(2022, 5, 1), grade=grade)
    Feedback.objects.create(
        proposal=first, proposer=member, attitude="satisfied", result="basically", responded=True
    )
    second = assigned(session, member, 2, unit, date(2022, 3, 15), status=Status.CLOSED)
    replied(second, unit, date(2022, 7, 1), grade=grade)
    Feedback.objects.create(
        proposal=second,
        proposer=member,
        attitude="satisfied",
        result="dissatisfied",
        responded=True,
    )
    Assignment.objects.create(proposal=second, unit=other_unit, role=Assignment.Role.CO)
    Commitment.objects.create(
        proposal=first, responsible_unit=unit, description="建设", due_on=date(2022, 6, 1)
    )
    Commitment.objects.create(
        proposal=first,
        responsible_unit=unit,
        description="验收",
        due_on=date(2023, 6, 1),
        status=Commitment.Status.DONE,
    )
    rows = {row["unit"]: row for row in unit_table(session)}
    own = rows[unit.name]
    assert (own["lead"], own["co"], own["replied"], own["on_time"]) == (2, 0, 2, 1)
    assert (own["on_time_rate"], own["satisfaction"]) == ("50.0", "50.0")
    assert (own["commitments"], own["commitments_done"], own["commitments_overdue"]) == (2, 1, 1)
    co = rows[other_unit.name]
    assert (co["lead"], co["co"]) == (0, 1)
    # Nothing to measure is shown as no rate, not as 0 %.
    assert co["on_time_rate"] is None and co["done_rate"] is None


def test_the_unit_table_takes_a_fixed_number_of_queries(
    session, personas, unit, django_assert_max_num_queries
):
    from tian.directory.models import Unit

    member = personas.member.proposer
    for number in range(1, 31):
        handler = Unit.objects.create(name=f"单位{number}")
        replied(assigned(session, member, number, handler, date(2022, 3, 1)), handler, TODAY)
    with django_assert_max_num_queries(8):
        assert len(unit_table(session)) == 30


def test_trend_lists_sessions_oldest_first(session, personas, unit):
    later = Session.objects.create(
        body=session.body,
        term=Term.objects.get(body=session.body),
        name="五届二次会议",
        slug="test-2023",
        year=2023,
    )
    proposal(later, personas.member.proposer, 1, status=Status.FILED)
    points = trend([later, session])
    assert [p["session"] for p in points] == ["test-2022", "test-2023"]
    assert [p["total"] for p in points] == [0, 1]
    assert StatClass.RESOLVED == "resolved"
