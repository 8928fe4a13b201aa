"""The closed sessions' handling records: contacts, co-unit opinions, signed letters, verdicts."""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from html import escape
from typing import Any

from django.core.files.base import ContentFile
from django.db import models
from django.db.models import F

from tian.audit.actions import record_events
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.demo import seed_data as sd
from tian.demo.closed import day_between, topic_of
from tian.demo.common import (
    CALENDAR,
    LETTER_NAME,
    TIMELINES,
    People,
    addressed_as,
    backdate,
    contact_summary,
    moment,
    people_of,
    update_rows,
)
from tian.directory.models import Session, Unit, User
from tian.handling.models import (
    Assignment,
    Contact,
    CoOpinion,
    Feedback,
    OnTarget,
    Reply,
    StatClass,
    Verdict,
)
from tian.proposals.models import Proposal, Status
from tian.supervision.models import Commitment

PDF_TYPE = "application/pdf"


def demo_pdf(*lines: str) -> bytes:
    """A valid one-page PDF showing a few lines of ASCII text: a stand-in for a stamped letter."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 16 Tf", "72 760 Td"]
    for index, line in enumerate(lines):
        ops += (["0 -26 Td"] if index else []) + [f"({escape(line)}) Tj"]
    stream = "\n".join([*ops, "ET"]).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@functools.cache
def letter_pdf(title: str = "") -> bytes:
    """The stand-in for a signed and stamped reply letter, in Chinese, one per title."""
    from weasyprint import HTML  # imported here: ~0.5 s, and only a run that makes letters pays

    lines = [
        "演示数据:已签发并加盖公章的答复函",
        "(此为扫描件的示意,非真实公文)",
        *([f"事由:{title}"] if title else []),
    ]
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    page = (
        '<html lang="zh-CN"><body style="font-family: \'Noto Serif CJK SC\', serif;'
        f' font-size: 16pt; margin: 3cm">{body}</body></html>'
    )
    return HTML(string=page).write_pdf()


def _shared_letter() -> str:
    """The closed sessions' one letter file, saved into MEDIA_ROOT the first time it is needed."""
    storage = Reply._meta.get_field("letter").storage
    if storage.exists(LETTER_NAME):
        return LETTER_NAME
    return storage.save(LETTER_NAME, ContentFile(letter_pdf()))


def _event(
    actor: User | None,
    event_type: str,
    proposal: Proposal,
    target: models.Model,
    message: str = "",
    **data: Any,
) -> AuditEvent:
    """An audit event as the actions write it, for records the loader creates directly."""
    return AuditEvent(
        actor=actor,
        event_type=event_type,
        proposal=proposal,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        message=message,
        data=data,
    )


def _transition(code: str, source: str, target: str) -> dict[str, str]:
    """The data `workflow.fire` records with a transition's event."""
    return {
        "transition": str(EventType(f"transition.{code}").label),
        "source": source,
        "target_status": target,
    }


def complete_handled(
    session: Session, specs: Sequence[sd.ProposalSpec], users: dict[str, User]
) -> None:
    """Give a closed session's handling what it lacks; a complete session costs a few queries.

    Every proposal gets active assignments with their deadline start, a reply accepted in
    round 1 with its texts, signed letter, signer and disclosure, contacts with the proposer,
    every co-unit's opinion, commitments for B replies and a complete verdict — and the history
    of each step, dated when it happened.
    """
    spec_of = {spec.number: spec for spec in specs}
    people = people_of(users)
    Assignment.objects.filter(proposal__session=session, deadline_from__isnull=True).update(
        deadline_from=F("assigned_on")
    )
    assignments = list(
        Assignment.objects.filter(proposal__session=session, status=Assignment.Status.ACTIVE)
        .select_related("unit")
        .order_by("proposal_id", "role", "id")
    )
    events: list[tuple[AuditEvent, datetime]] = []
    events += _complete_replies(session, spec_of, assignments, people)
    events += _add_contacts(session, spec_of, assignments, people)
    events += _add_co_opinions(session, assignments, people)
    _add_commitments(session)
    events += _complete_verdicts(session, people)
    for event, at in events:
        event.created_at = at
    record_events([event for event, _ in events])


_NEXT_STEPS = ("下阶段", "下一步", "下步")


def _reply_texts(
    spec: sd.ProposalSpec | None, reply: Reply, co_units: Sequence[Unit]
) -> tuple[str, str, str]:
    """基本情况, 已采取的措施 and 下一步计划 of a closed-session reply, from the seed's summary."""
    unit = reply.unit.display_name
    who = addressed_as(reply.proposal.lead_proposer)
    situation = f"收到提案后,{unit}专题研究,明确分管负责人和经办人,及时与{who}沟通,了解提案意图"
    if co_units:
        situation += f",并征求了{'、'.join(u.display_name for u in co_units)}的协办意见"
    situation += "。"
    summary = (spec.summary if spec else "") or reply.summary
    measures, plan = summary, ""
    for marker in _NEXT_STEPS:
        at = summary.find(marker)
        if at > 0:
            measures = summary[:at].rstrip().rstrip(",\uff0c;\uff1b\u3001")
            measures += "" if measures.endswith("。") else "。"
            plan = summary[at:]
            break
    if not plan:
        in_progress = reply.grade is not None and reply.grade.stat_class == StatClass.IN_PROGRESS
        plan = (
            f"下一步,{unit}将按照实施清单分阶段推进,定期向提案者通报进展。"
            if in_progress
            else f"下一步,{unit}将巩固办理成果,跟踪落实情况,继续听取提案者的意见。"
        )
    return situation, measures, plan


def _complete_replies(
    session: Session,
    spec_of: dict[int, sd.ProposalSpec],
    assignments: Sequence[Assignment],
    people: People,
) -> list[tuple[AuditEvent, datetime]]:
    """Texts, letter, signer and dates of replies that lack a letter, with the steps' history."""
    replies = list(
        Reply.objects.filter(proposal__session=session, letter="")
        .select_related("proposal__lead_proposer", "unit", "grade")
        .order_by("proposal__number", "id")
    )
    if not replies:
        return []
    letter = _shared_letter()
    by_proposal: dict[int, list[Assignment]] = {}
    for assignment in assignments:
        by_proposal.setdefault(assignment.proposal_id, []).append(assignment)
    events: list[tuple[AuditEvent, datetime]] = []
    for reply in replies:
        proposal = reply.proposal
        rng = random.Random(f"{session.slug}/{proposal.number}/reply")  # nosec B311 # seeded, repeatable demo data, not a secret
        rows = by_proposal.get(proposal.pk, [])
        co_units = [a.unit for a in rows if a.role == Assignment.Role.CO]
        reply.situation, reply.measures, reply.plan = _reply_texts(
            spec_of.get(proposal.number or 0), reply, co_units
        )
        replied_on = reply.replied_on or TIMELINES[session.slug].replied[1]
        signed_on = CALENDAR.on_or_before(replied_on - timedelta(days=rng.randint(3, 6)))
        reply.round = 1
        reply.status = Reply.Status.ACCEPTED
        reply.letter = letter
        reply.letter_type = PDF_TYPE
        reply.signer = people.leaders.get(reply.unit_id)
        reply.signed_at = moment(signed_on, rng.randint(9, 15), rng.randrange(0, 60, 5))
        reply.submitted_at = reply.signed_at + timedelta(minutes=rng.randrange(40, 180, 5))
        reply.disclosure = Reply.Disclosure.PUBLISH
        reply.disclosure_reason = ""
        reply.created_by = people.staff.get(reply.unit_id)
        unit = reply.unit.display_name
        staff = people.staff.get(reply.unit_id)
        lead = next((a for a in rows if a.role == Assignment.Role.LEAD), None)
        assigned_on = (lead.assigned_on if lead else None) or TIMELINES[session.slug].assigned_on
        parts = [f"主办:{unit}"]
        if co_units:
            parts.append("协办:" + "、".join(u.display_name for u in co_units))
        accepted_on = CALENDAR.on_or_after(assigned_on + timedelta(days=1))
        events += [
            (
                _event(
                    people.office,
                    EventType.PROPOSAL_ASSIGNED,
                    proposal,
                    proposal,
                    ";".join(parts),
                    **_transition("assign", Status.FILED, Status.ASSIGNED),
                ),
                moment(assigned_on, 9, 30),
            ),
            (
                _event(
                    staff,
                    EventType.ASSIGNMENT_ACCEPTED,
                    proposal,
                    proposal,
                    unit,
                    **_transition("accept_assignment", Status.ASSIGNED, Status.HANDLING),
                ),
                moment(accepted_on, 10, rng.randrange(0, 60, 5)),
            ),
            (
                _event(staff, EventType.REPLY_SAVED, proposal, reply, unit),
                reply.signed_at - timedelta(days=1),
            ),
            (_event(reply.signer, EventType.REPLY_SIGNED, proposal, reply, unit), reply.signed_at),
            (_event(staff, EventType.REPLY_SUBMITTED, proposal, reply, unit), reply.submitted_at),
            (
                _event(
                    people.office,
                    EventType.REPLY_ACCEPTED,
                    proposal,
                    proposal,
                    f"{unit}的答复",
                    **_transition("accept_reply", Status.HANDLING, Status.REPLIED),
                ),
                moment(replied_on, 15, rng.randrange(0, 60, 5)),
            ),
        ]
    update_rows(
        Reply,
        replies,
        [
            "situation",
            "measures",
            "plan",
            "round",
            "status",
            "letter",
            "letter_type",
            "signer",
            "signed_at",
            "submitted_at",
            "disclosure",
            "disclosure_reason",
            "created_by",
        ],
    )
    return events


def _add_contacts(
    session: Session,
    spec_of: dict[int, sd.ProposalSpec],
    assignments: Sequence[Assignment],
    people: People,
) -> list[tuple[AuditEvent, datetime]]:
    """At least one contact by the lead unit with each proposer, between assignment and reply."""
    contacted = set(
        Contact.objects.filter(proposal__session=session).values_list("proposal_id", flat=True)
    )
    leads = [
        a for a in assignments if a.role == Assignment.Role.LEAD and a.proposal_id not in contacted
    ]
    if not leads:
        return []
    proposals = Proposal.objects.select_related("lead_proposer").in_bulk(
        [a.proposal_id for a in leads]
    )
    replied = dict(
        Reply.objects.filter(proposal__session=session, round=1).values_list(
            "proposal_id", "replied_on"
        )
    )
    first_methods = [Contact.Method.PHONE] * 3 + [Contact.Method.VISIT, Contact.Method.MEETING]
    later_methods = [Contact.Method.MEETING, Contact.Method.SITE, Contact.Method.VISIT]
    contacts: list[Contact] = []
    when: list[datetime] = []
    for assignment in leads:
        proposal = proposals[assignment.proposal_id]
        spec = spec_of.get(proposal.number or 0)
        rng = random.Random(f"{session.slug}/{proposal.number}/contact")  # nosec B311 # seeded, repeatable demo data, not a secret
        assigned_on = assignment.assigned_on or TIMELINES[session.slug].assigned_on
        replied_on = replied.get(proposal.pk) or TIMELINES[session.slug].replied[0]
        who = addressed_as(proposal.lead_proposer)
        unit = assignment.unit
        staff = people.staff.get(unit.pk)
        # The first contact within the 15 working days the rules allow (DESIGN §3).
        visits = [
            (
                CALENDAR.on_or_after(assigned_on + timedelta(days=rng.randint(2, 12))),
                Contact.Stage.BEFORE,
                rng.choice(first_methods),
            )
        ]
        if (spec is not None and not spec.illustrative) or rng.random() < 0.3:
            second = day_between(
                rng, (visits[0][0] + timedelta(days=14), replied_on - timedelta(days=7))
            )
            if second < replied_on:
                visits.append((second, Contact.Stage.DURING, rng.choice(later_methods)))
        for day, stage, method in visits:
            contacts.append(
                Contact(
                    proposal=proposal,
                    unit=unit,
                    method=method,
                    stage=stage,
                    contacted_on=day,
                    participants=f"{unit.display_name}分管负责人、经办人;{who}",
                    summary=contact_summary(method, who),
                    created_by=staff,
                )
            )
            when.append(moment(day, rng.randint(9, 16), rng.randrange(0, 60, 5)))
    Contact.objects.bulk_create(contacts)
    backdate(Contact, "created_at", {c.pk: at for c, at in zip(contacts, when, strict=True)})
    return [
        (
            _event(
                c.created_by,
                EventType.CONTACT_LOGGED,
                c.proposal,
                c,
                f"{c.unit.display_name}{c.get_method_display()}({c.get_stage_display()})",
            ),
            at + timedelta(hours=1),
        )
        for c, at in zip(contacts, when, strict=True)
    ]


def _add_co_opinions(
    session: Session, assignments: Sequence[Assignment], people: People
) -> list[tuple[AuditEvent, datetime]]:
    """Every co-unit's opinion (协办意见), sent well before the lead unit replied."""
    given = set(
        CoOpinion.objects.filter(proposal__session=session).values_list("proposal_id", "unit_id")
    )
    missing = [
        a
        for a in assignments
        if a.role == Assignment.Role.CO and (a.proposal_id, a.unit_id) not in given
    ]
    if not missing:
        return []
    lead_of = {a.proposal_id: a.unit for a in assignments if a.role == Assignment.Role.LEAD}
    proposals = Proposal.objects.in_bulk({a.proposal_id for a in missing})
    replied = dict(
        Reply.objects.filter(proposal__session=session, round=1).values_list(
            "proposal_id", "replied_on"
        )
    )
    opinions: list[CoOpinion] = []
    when: list[datetime] = []
    for assignment in missing:
        proposal = proposals[assignment.proposal_id]
        rng = random.Random(f"{session.slug}/{proposal.number}/co/{assignment.unit_id}")  # nosec B311 # seeded, repeatable demo data, not a secret
        assigned_on = assignment.assigned_on or TIMELINES[session.slug].assigned_on
        replied_on = replied.get(proposal.pk) or TIMELINES[session.slug].replied[0]
        day = day_between(rng, (assigned_on + timedelta(days=20), replied_on - timedelta(days=14)))
        lead = lead_of.get(proposal.pk)
        opinions.append(
            CoOpinion(
                proposal=proposal,
                unit=assignment.unit,
                text=(
                    f"{assignment.unit.display_name}结合本单位职能研究了“{topic_of(proposal.title)}”,"
                    "同意主办单位的办理思路。本单位将在职责范围内提供政策和数据支持,"
                    f"配合{lead.display_name if lead else '主办单位'}推进落实。"
                ),
                created_by=people.staff.get(assignment.unit_id),
            )
        )
        when.append(moment(day, rng.randint(9, 16), rng.randrange(0, 60, 5)))
    CoOpinion.objects.bulk_create(opinions)
    backdate(CoOpinion, "submitted_at", {o.pk: at for o, at in zip(opinions, when, strict=True)})
    return [
        (
            _event(
                o.created_by, EventType.CO_OPINION_SUBMITTED, o.proposal, o, o.unit.display_name
            ),
            at,
        )
        for o, at in zip(opinions, when, strict=True)
    ]


# The measures the seed report names for its B-graded examples (第12、53号) and for the
# cross-year proposals' follow-up; other B replies get measures drawn from their topic.
SEED_COMMITMENTS: dict[tuple[str, int], tuple[tuple[str, date, str, int], ...]] = {
    ("xishan-2022", 12): (
        ("制定婴幼儿照护服务工作清单和托育备案工作指引", date(2022, 12, 31), "done", 100),
        (
            "推动婴幼儿照护服务纳入年度实事项目、目标责任考核和城乡公共服务目录",
            date(2023, 3, 31),
            "done",
            100,
        ),
        ("继续推进托育机构备案,推动已登记的照护机构全部完成备案", date(2023, 6, 30), "done", 100),
    ),
    ("xishan-2022", 53): (
        (
            "修改完善《锡山区运东大包围九里河以北片区畅流活水实施方案》",
            date(2022, 12, 31),
            "done",
            100,
        ),
        (
            "将畅流活水方案所涉工程纳入全区政府投资项目三年计划,分年度组织实施",
            date(2023, 6, 30),
            "done",
            100,
        ),
    ),
    ("xishan-2021", 1): (
        (
            "排查辖区消防技术服务机构,依法查处无资质从业和出具虚假报告的行为",
            date(2021, 12, 31),
            "done",
            100,
        ),
        ("高层建筑全部接入建筑消防设施联网监测系统", date(2022, 3, 31), "done", 100),
        (
            "开展居民小区消防安全治理“百日攻坚行动”,建立隐患和整改清单闭环管理",
            date(2022, 6, 30),
            "done",
            100,
        ),
    ),
    ("xishan-2021", 20): (
        ("在北京、上海、深圳、西安等重点城市布局运营创新飞地", date(2021, 12, 31), "done", 100),
        ("依托创新飞地引进孵化科创项目并导入锡山落地", date(2022, 6, 30), "done", 100),
        ("支持各镇(街道)单独或联合设立创新飞地,实现错位发展", date(2022, 12, 31), "done", 100),
    ),
}


def _generic_commitments(
    rng: random.Random, title: str, year: int
) -> list[tuple[str, date, str, int]]:
    """One to three measures for an illustrative B reply, due from year end to mid next year
    and, the session being closed, all done."""
    topic = topic_of(title)
    candidates = [
        (f"围绕“{topic}”制定工作方案,明确责任分工和时间节点", date(year, 12, 31), "done", 100),
        (
            f"将“{topic}”相关项目列入{year + 1}年度工作计划并落实资金",
            date(year + 1, 3, 31),
            "done",
            100,
        ),
        (
            f"推进“{topic}”相关项目实施,并向提案者通报进展",
            date(year + 1, 6, 30),
            "done",
            100,
        ),
    ]
    return candidates[: rng.randint(1, 3)]


def _add_commitments(session: Session) -> None:
    """The implementation list (实施清单) of every in-progress reply that has none."""
    replies = list(
        Reply.objects.filter(
            proposal__session=session,
            status=Reply.Status.ACCEPTED,
            grade__stat_class=StatClass.IN_PROGRESS,
            commitments__isnull=True,
        ).select_related("proposal", "unit")
    )
    commitments: list[Commitment] = []
    when: list[datetime] = []
    for reply in replies:
        proposal = reply.proposal
        rng = random.Random(f"{session.slug}/{proposal.number}/commitments")  # nosec B311 # seeded, repeatable demo data, not a secret
        items = SEED_COMMITMENTS.get((session.slug, proposal.number or 0)) or _generic_commitments(
            rng, proposal.title, session.year
        )
        for description, due_on, status, progress in items:
            commitments.append(
                Commitment(
                    proposal=proposal,
                    reply=reply,
                    description=description,
                    responsible_unit=reply.unit,
                    start_on=reply.replied_on,
                    due_on=due_on,
                    status=status,
                    progress=progress,
                )
            )
            when.append(reply.submitted_at or moment(reply.replied_on or due_on, 9))
    Commitment.objects.bulk_create(commitments)
    backdate(Commitment, "created_at", {c.pk: at for c, at in zip(commitments, when, strict=True)})


def _complete_verdicts(session: Session, people: People) -> list[tuple[AuditEvent, datetime]]:
    """Verdicts with the contact the proposer confirms and the reply's fit, and their closing."""
    feedbacks = list(
        Feedback.objects.filter(
            proposal__session=session, contact_made__isnull=True, responded=True
        ).select_related("proposal")
    )
    if not feedbacks:
        return []
    methods: dict[int, list[str]] = {}
    for proposal_id, method in (
        Contact.objects.filter(proposal__session=session)
        .order_by("contacted_on", "id")
        .values_list("proposal_id", "method")
    ):
        label = str(Contact.Method(method).label)
        if label not in methods.setdefault(proposal_id, []):
            methods[proposal_id].append(label)
    events: list[tuple[AuditEvent, datetime]] = []
    for feedback in feedbacks:
        feedback.round = 1
        feedback.contact_made = True
        feedback.contact_method = "、".join(methods.get(feedback.proposal_id, []))[:40]
        feedback.attitude = feedback.attitude or Verdict.SATISFIED
        feedback.result = feedback.result or Verdict.SATISFIED
        feedback.on_target = (
            OnTarget.YES if feedback.result == Verdict.SATISFIED else OnTarget.MOSTLY
        )
        if feedback.submitted_at is not None:
            events.append(
                (
                    _event(
                        people.members.get(feedback.proposer_id),
                        EventType.PROPOSAL_CLOSED,
                        feedback.proposal,
                        feedback.proposal,
                        f"办理结果:{Verdict(feedback.result).label}",
                        **_transition("close", Status.REPLIED, Status.CLOSED),
                    ),
                    feedback.submitted_at,
                )
            )
    update_rows(
        Feedback,
        feedbacks,
        ["round", "contact_made", "contact_method", "attitude", "result", "on_target"],
    )
    return events
