"""Figures come from the records: grades by the final reply, satisfaction by the last verdict."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tian.directory.models import Session
from tian.handling.models import Feedback, Grade, Reply, StatClass
from tian.proposals.models import Category, Proposal, Status
from tian.reports.figures import by_grade, satisfaction

pytestmark = pytest.mark.django_db


def make(session, proposer, number, *, grade=None, round_grades=(), verdicts=()):
    proposal = Proposal.objects.create(
        session=session,
        number=number,
        title=f"提案{number}",
        lead_proposer=proposer,
        category=Category.objects.filter(session=session).first(),
        status=Status.CLOSED,
    )
    unit_id = None
    for round_, code in enumerate(round_grades or [grade], start=1):
        from tian.directory.models import Unit

        unit_id = unit_id or Unit.objects.get_or_create(name="区测试局")[0].pk
        Reply.objects.create(
            proposal=proposal,
            unit_id=unit_id,
            round=round_,
            status=Reply.Status.ACCEPTED,
            grade=Grade.objects.get(session=session, code=code),
        )
    for round_, (attitude, result) in enumerate(verdicts, start=1):
        Feedback.objects.create(
            proposal=proposal,
            proposer=proposer,
            round=round_,
            attitude=attitude,
            result=result,
            responded=bool(result),
        )
    return proposal


def test_the_demo_session_gives_the_seeds_figures():
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("stats", "--session", "xishan-2022", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["total"] == 158
    assert list(figures["by_category"].values()) == [53, 39, 41, 25]
    grades = figures["by_grade"]
    assert grades["已解决或基本解决"] == {"count": 122, "percent": "77.2"}
    assert grades["正在解决或列入计划逐步解决"] == {"count": 36, "percent": "22.8"}
    assert figures["satisfaction"]["attitude"] == "100.0"
    assert figures["satisfaction"]["result"] == "100.0"
    assert figures["key_proposals"] == 10
    commitments = figures["commitments"]
    assert commitments["total"] > 0 and commitments["done"] <= commitments["total"]
    assert figures["units"]["lead"] > 0


def test_a_rehandled_proposal_counts_once_under_its_final_grade(session, personas):
    proposer = personas.member.proposer
    make(session, proposer, 1, round_grades=["B", "A"])
    make(session, proposer, 2, grade="B")
    result = by_grade(session)
    assert result["已解决或基本解决"] == {"count": 1, "percent": "50.0"}
    assert result["正在解决或列入计划逐步解决"] == {"count": 1, "percent": "50.0"}


def test_a_missing_verdict_is_not_counted_as_satisfied(session, personas):
    proposer = personas.member.proposer
    make(session, proposer, 1, grade="A", verdicts=[("satisfied", "satisfied")])
    make(session, proposer, 2, grade="A", verdicts=[("", "")])
    make(
        session,
        proposer,
        3,
        grade="A",
        verdicts=[("basically", "dissatisfied"), ("satisfied", "basically")],
    )
    make(session, proposer, 4, grade="A", verdicts=[("dissatisfied", "dissatisfied")])
    happy = satisfaction(session)
    assert happy["responses"] == 3 and happy["no_response"] == 1
    assert happy["attitude"] == "66.7" and happy["result"] == "66.7"


def test_a_four_grade_session_reads_its_own_labels_and_adds_up_to_one_hundred(personas, body):
    from tian.directory.models import Term

    term = Term.objects.create(body=body, name="第十届", ordinal=10)
    session = Session.objects.create(
        body=body, term=term, name="十届二次会议", slug="npc", year=2023
    )
    Category.objects.create(session=session, name="综合类")
    labels = [
        ("A", "所提问题已经解决或者基本解决", StatClass.RESOLVED),
        ("B", "正在解决或者列入规划逐步解决", StatClass.IN_PROGRESS),
        ("C", "因条件限制待以后解决", StatClass.NOT_NOW),
        ("D", "留作参考", StatClass.REFERENCE),
    ]
    for order, (code, label, stat) in enumerate(labels):
        Grade.objects.create(session=session, code=code, label=label, stat_class=stat, order=order)
    number = 0
    for code, count in zip("ABCD", [148, 364, 66, 10], strict=True):
        for _ in range(count):
            number += 1
            make(session, personas.member.proposer, number, grade=code)
    result = by_grade(session)
    assert [v["percent"] for v in result.values()] == ["25.2", "61.9", "11.2", "1.7"]
    assert list(result) == [label for _, label, _ in labels]


def test_two_accepted_replies_in_one_round_count_once_under_the_later_one(session, personas):
    from datetime import date

    proposal = make(session, personas.member.proposer, 1, grade="B")
    first = proposal.replies.get()
    first.replied_on = date(2022, 6, 1)
    first.save()
    Reply.objects.create(
        proposal=proposal,
        unit_id=first.unit_id,
        round=1,
        status=Reply.Status.ACCEPTED,
        grade=Grade.objects.get(session=session, code="A"),
        replied_on=date(2022, 6, 2),
    )
    # An undated accepted reply of the same round ranks below both dated ones.
    Reply.objects.create(
        proposal=proposal,
        unit_id=first.unit_id,
        round=1,
        status=Reply.Status.ACCEPTED,
        grade=Grade.objects.get(session=session, code="C"),
    )
    result = by_grade(session)
    assert [v["count"] for v in result.values()] == [1, 0, 0]
