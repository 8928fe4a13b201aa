"""The closed sessions' proposals: 2022's 158 and the two cross-year ones of 2021."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F

from tian.audit.actions import record_events
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.demo import seed_data as sd
from tian.demo.common import CALENDAR, CLERK, TIMELINES, TZ, Timeline, backdate
from tian.directory.models import Leader, Proposer, Session, Unit, User
from tian.handling.models import Assignment, Feedback, Reply, Verdict
from tian.proposals.models import CoSignature, Proposal, Status
from tian.supervision.models import KeyProposal


def day_between(rng: random.Random, span: tuple[date, date]) -> date:
    start, end = span
    return CALENDAR.on_or_after(start + timedelta(days=rng.randint(0, (end - start).days)))


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 16), rng.randrange(0, 60, 5)), tzinfo=TZ)


def topic_of(title: str) -> str:
    topic = title.strip().removeprefix("关于")
    for suffix in ("的几点建议", "的相关建议", "的建议", "建议"):
        if topic.endswith(suffix):
            return topic[: -len(suffix)]
    return topic


def _texts(title: str) -> dict[str, str]:
    """Placeholder text for a proposal whose body the seed does not give, marked as such."""
    topic = topic_of(title)
    return {
        "subject": f"建议{topic}。",
        "background": (
            f"(演示数据)原提案正文未公开,此处仅为示意:提案就“{topic}”反映了有关情况和问题。"
        ),
        "suggestions": (
            f"(演示数据)建议有关部门围绕“{topic}”深入调研,明确牵头单位、工作措施和时间安排,"
            "并及时向提案者反馈进展。"
        ),
    }


@dataclass(frozen=True)
class Dates:
    submitted_at: datetime
    filed_at: datetime
    assigned_on: date
    replied_on: date
    feedback_at: datetime
    result: str
    comments: str


def _dates(spec: sd.ProposalSpec, timeline: Timeline) -> Dates:
    """Stable, plausible dates and verdict for one proposal (seeded by its number)."""
    rng = random.Random(f"{spec.session}/{spec.number}")  # nosec B311 # seeded, repeatable demo data, not a secret
    replied_on = day_between(rng, timeline.replied)
    # 满意率和基本满意率 100%: never dissatisfied; invented proposers are sometimes 基本满意.
    basically = spec.illustrative and rng.random() < (0.25 if spec.grade == "B" else 0.08)
    return Dates(
        submitted_at=_at(day_between(rng, timeline.submitted), rng),
        filed_at=_at(day_between(rng, timeline.filed), rng),
        assigned_on=timeline.assigned_on,
        replied_on=replied_on,
        feedback_at=_at(CALENDAR.on_or_after(replied_on + timedelta(days=rng.randint(7, 20))), rng),
        result=Verdict.BASICALLY if basically else Verdict.SATISFIED,
        comments="希望继续加快推进,尽早见到实效。" if basically else "",
    )


def build_handled(
    session: Session,
    specs: Sequence[sd.ProposalSpec],
    units: dict[str, Unit],
    proposers: dict[str, Proposer],
    leaders: dict[str, Leader],
    users: dict[str, User],
) -> int:
    """Create the session's missing proposals, closed, with assignments, replies and feedback."""
    taken = set(
        Proposal.objects.filter(session=session, number__isnull=False).values_list(
            "number", flat=True
        )
    )
    todo = [spec for spec in specs if spec.number not in taken]
    if not todo:
        return 0
    timeline = TIMELINES[session.slug]
    categories = {c.name: c for c in session.categories.all()}
    grades = {g.code: g for g in session.grades.all()}
    plans = {spec.number: _dates(spec, timeline) for spec in todo}
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                session=session,
                kind=Proposal.Kind.PROPOSAL,
                number=spec.number,
                title=spec.title,
                category=categories[spec.category],
                lead_proposer=proposers[spec.lead_proposer],
                status=Status.CLOSED,
                submitted_at=plans[spec.number].submitted_at,
                decided_at=plans[spec.number].filed_at,
                is_illustrative=spec.illustrative,
                is_report_example=spec.is_report_example,
                source_url=spec.source_url or "",
                **_texts(spec.title),
            )
            for spec in todo
        ]
    )
    Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(created_at=F("submitted_at"))
    by_number = {p.number: p for p in proposals}

    signatures: list[CoSignature] = []
    invited_at: list[datetime] = []
    assignments: list[Assignment] = []
    replies: list[Reply] = []
    feedbacks: list[Feedback] = []
    for spec in todo:
        proposal, plan = by_number[spec.number], plans[spec.number]
        invited = plan.submitted_at - timedelta(days=2)
        for name in spec.co_proposers:
            signatures.append(
                CoSignature(
                    proposal=proposal,
                    proposer=proposers[name],
                    status=CoSignature.Status.CONFIRMED,
                    deadline=invited + timedelta(days=session.cosign_days),
                    responded_at=invited + timedelta(days=1),
                )
            )
            invited_at.append(invited)
        lead_unit = units[spec.lead_unit]
        assignments.append(
            Assignment(
                proposal=proposal,
                unit=lead_unit,
                role=Assignment.Role.LEAD,
                status=Assignment.Status.ACTIVE,
                assigned_on=plan.assigned_on,
                deadline_from=plan.assigned_on,
            )
        )
        assignments += [
            Assignment(
                proposal=proposal,
                unit=units[name],
                role=Assignment.Role.CO,
                status=Assignment.Status.ACTIVE,
                assigned_on=plan.assigned_on,
                deadline_from=plan.assigned_on,
            )
            for name in dict.fromkeys(spec.co_units)
            if name != spec.lead_unit
        ]
        # Replies and verdicts get their letters, texts, signer and history from
        # _complete_handled, which also brings a database loaded by an older version up to date.
        replies.append(
            Reply(
                proposal=proposal,
                unit=lead_unit,
                grade=grades[spec.grade],
                replied_on=plan.replied_on,
                summary=spec.summary,
                round=1,
                status=Reply.Status.ACCEPTED,
            )
        )
        feedbacks.append(
            Feedback(
                proposal=proposal,
                proposer=proposal.lead_proposer,
                round=1,
                responded=True,
                attitude=Verdict.SATISFIED,
                result=plan.result,
                comments=plan.comments,
                submitted_at=plan.feedback_at,
            )
        )
    CoSignature.objects.bulk_create(signatures)
    backdate(
        CoSignature, "invited_at", {s.pk: at for s, at in zip(signatures, invited_at, strict=True)}
    )
    Assignment.objects.bulk_create(assignments)
    Reply.objects.bulk_create(replies)
    Feedback.objects.bulk_create(feedbacks)
    _build_key_proposals([s for s in todo if s.is_key], by_number, leaders)
    _history(todo, by_number, plans, users)
    return len(proposals)


def _build_key_proposals(
    specs: Sequence[sd.ProposalSpec], by_number: dict[int, Proposal], leaders: dict[str, Leader]
) -> None:
    """The key proposals (重点提案), each led by a district head and supervised by the CPPCC."""
    keys = KeyProposal.objects.bulk_create(
        [
            KeyProposal(
                proposal=by_number[spec.number],
                lead_leader=leaders[spec.key_leader] if spec.key_leader else None,
                reason=(
                    f"选题聚焦{spec.category.removesuffix('类')}领域的重点问题,"
                    "经区政协主席会议研究确定为重点提案,由区政府领导领办、区政协领导包案督办。"
                ),
            )
            for spec in specs
        ]
    )
    through = KeyProposal.supervisors.through
    through.objects.bulk_create(
        [
            through(keyproposal_id=key.pk, leader_id=leaders[name].pk)
            for key, spec in zip(keys, specs, strict=True)
            for name in spec.supervisors
        ]
    )


def _history(
    specs: Sequence[sd.ProposalSpec],
    by_number: dict[int, Proposal],
    plans: dict[int, Dates],
    users: dict[str, User],
) -> None:
    """Submission and filing events, dated when they happened, for each proposal's history."""
    account_of = {u.proposer_id: u for u in users.values() if u.proposer_id}
    clerk = users.get(CLERK)
    events: list[AuditEvent] = []
    when: list[datetime] = []
    for spec in specs:
        proposal, plan = by_number[spec.number], plans[spec.number]
        common = {
            "proposal": proposal,
            "object_type": Proposal._meta.label_lower,
            "object_id": str(proposal.pk),
        }
        events.append(
            AuditEvent(
                actor=account_of.get(proposal.lead_proposer_id),
                event_type=EventType.PROPOSAL_SUBMITTED,
                **common,
            )
        )
        when.append(plan.submitted_at)
        events.append(
            AuditEvent(
                actor=clerk,
                event_type=EventType.PROPOSAL_FILED,
                message=f"{proposal.number_label},{spec.category}",
                data={"number": proposal.number},
                **common,
            )
        )
        when.append(plan.filed_at)
    for event, at in zip(events, when, strict=True):
        event.created_at = at
    record_events(events)
