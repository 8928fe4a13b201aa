"""The open session's handling examples, made by the real actions for every handling worklist."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone

from tian.audit.context import dated
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.demo import seed_data as sd
from tian.demo.common import (
    CALENDAR,
    CLERK,
    DEMO_NOTE,
    OFFICE,
    addressed_as,
    backdate,
    contact_summary,
    delete_proposals,
    moment,
    people_of,
    update_rows,
)
from tian.demo.records import letter_pdf
from tian.directory.models import Proposer, Session, Unit, User
from tian.handling import actions as handling
from tian.handling.actions import CommitmentInput
from tian.handling.deadlines import add_months
from tian.handling.deadlines import rules as deadline_rules
from tian.handling.models import (
    Assignment,
    Contact,
    CoOpinion,
    Feedback,
    OnTarget,
    ReassignmentRequest,
    Rehandling,
    Reply,
    Verdict,
)
from tian.notifications.models import Notification
from tian.proposals import actions as intake
from tian.proposals.models import Proposal, Status
from tian.supervision.models import Commitment
from tian.workflow import intake as workflow


@dataclass(frozen=True)
class LiveSpec:
    """A handling example of the open session, led by a demo member, made by the real actions.

    Days count back from the day of loading; a step whose day is None is not taken. The
    example ends in `status`, as the workflow put it there.
    """

    title: str
    category: str
    author: str  # the demo member's account; its proposer leads the proposal
    status: str
    subject: str
    background: str
    suggestions: str
    lead_unit: str
    co_units: tuple[str, ...] = ()
    assigned_days_ago: int = 0
    reply_due_in_days: int | None = None  # assigned so that the reply falls due in this many days
    signed_for_days_ago: int | None = None  # the lead unit signs for it (签收)
    objection: str = ""  # the lead unit objects (申请调整) the day after assignment
    suggested_unit: str = ""
    contacts: tuple[tuple[str, str, int], ...] = ()  # (method, stage, days ago)
    co_opinions: tuple[tuple[str, str, int], ...] = ()  # (co unit, opinion, days ago)
    grade: str | None = None  # the lead unit drafts a reply when set
    situation: str = ""
    measures: str = ""
    plan: str = ""
    commitments: tuple[tuple[str, int], ...] = ()  # (measure, months after the reply)
    drafted_days_ago: int | None = None
    signed_days_ago: int | None = None
    submitted_days_ago: int | None = None
    replied_days_ago: int | None = None
    verdict: tuple[str, str, str, str] | None = None  # attitude, on_target, result, comments
    verdict_days_ago: int | None = None


_RENSHE = "区人力资源和社会保障局"
_SHANGWU = "区商务局"
_WEIJIAN = "区卫生健康委员会"
_PHONE, _VISIT, _MEETING, _SITE = (m.value for m in Contact.Method)
_BEFORE, _DURING = Contact.Stage.BEFORE.value, Contact.Stage.DURING.value

LIVE_PROPOSALS: tuple[LiveSpec, ...] = (
    # 区人社局 has it to sign for (待签收); 区商务局 co-handles; the objection window is open.
    LiveSpec(
        title="关于做好平台灵活就业人员职业伤害保障的建议",
        category=sd.GOVERNANCE,
        author="yinjie",
        status=Status.ASSIGNED,
        lead_unit=_RENSHE,
        co_units=(_SHANGWU,),
        assigned_days_ago=0,
        subject="建议推动平台企业为外卖骑手、网约车司机等灵活就业人员参加职业伤害保障。",
        background=DEMO_NOTE + "平台灵活就业人员大多未参加工伤保险,发生职业伤害后保障不足。",
        suggestions=(
            "一、推动平台企业参加职业伤害保障;二、建立与平台企业的常态化沟通机制;"
            "三、加强政策宣传和维权服务。"
        ),
    ),
    # In handling at 区人社局, reply due in about ten days; 区商务局's opinion still awaited.
    LiveSpec(
        title="关于发展直播电商带动灵活就业的建议",
        category=sd.ECONOMY,
        author="minjin",
        status=Status.HANDLING,
        lead_unit=_RENSHE,
        co_units=(_SHANGWU,),
        reply_due_in_days=10,
        signed_for_days_ago=80,
        contacts=((_PHONE, _BEFORE, 74),),
        subject="建议发挥直播电商吸纳就业的作用,为灵活就业人员提供培训和保障。",
        background=DEMO_NOTE + "直播电商从业人员以灵活就业为主,技能培训和社会保障跟不上。",
        suggestions="一、开设直播电商技能培训;二、建设直播电商孵化基地;三、落实灵活就业社保补贴。",
    ),
    # In handling at 区卫健委 for four months with no reply: overdue.
    LiveSpec(
        title="关于提升社区卫生服务中心基层诊疗能力的建议",
        category=sd.SOCIAL,
        author="yinjie",
        status=Status.HANDLING,
        lead_unit=_WEIJIAN,
        assigned_days_ago=120,
        signed_for_days_ago=118,
        contacts=((_PHONE, _BEFORE, 110),),
        subject="建议加强社区卫生服务中心人才、设备和药品配备,让群众就近看好病。",
        background=DEMO_NOTE + "部分社区卫生服务中心全科医生不足,常用药品配备不全。",
        suggestions="一、充实全科医生队伍;二、推进医联体专家下沉;三、扩大常用药品目录。",
    ),
    # 区人社局 drafted the reply; its leader (renshe_lead) has yet to sign it.
    LiveSpec(
        title="关于支持企业开展新型学徒制培训的建议",
        category=sd.ECONOMY,
        author="jiangjiaxing",
        status=Status.HANDLING,
        lead_unit=_RENSHE,
        assigned_days_ago=45,
        signed_for_days_ago=44,
        contacts=((_VISIT, _BEFORE, 38),),
        grade="A",
        situation=(
            "我区开展企业新型学徒制培训的以大中型企业为主,中小企业参与不多,培训补贴申领材料较多。"
        ),
        measures=(
            "一是会同技工院校梳理适合开展学徒制培训的工种目录;二是精简补贴申领材料,"
            "实行线上申报;三是组织企业专场政策宣讲3场,新增备案企业6家。"
        ),
        plan="下一步将把新型学徒制培训纳入年度技能提升行动,扩大中小企业覆盖面。",
        drafted_days_ago=2,
        subject="建议扩大企业新型学徒制培训覆盖面,简化补贴申领。",
        background=DEMO_NOTE + "中小企业开展学徒制培训积极性不高,补贴申领手续繁琐。",
        suggestions="一、扩大培训工种范围;二、简化补贴申领;三、加强校企合作。",
    ),
    # 区商务局's reply is signed and sent; the office (ducha) has yet to review it.
    LiveSpec(
        title="关于支持老字号企业传承创新发展的建议",
        category=sd.ECONOMY,
        author="huyanfeng",
        status=Status.HANDLING,
        lead_unit=_SHANGWU,
        assigned_days_ago=60,
        signed_for_days_ago=59,
        contacts=((_MEETING, _BEFORE, 50),),
        grade="A",
        situation=(
            "全区老字号企业多为中小企业,普遍存在品牌老化、营销渠道单一、传承人才不足等问题。"
        ),
        measures=(
            "一是将老字号企业纳入商贸服务业发展专项资金支持范围;二是组织老字号企业参加"
            "消费促进活动和直播带货;三是推动老字号进驻特色商业街区。"
        ),
        plan="下一步将编制老字号保护发展名录,开展老字号传承人培训。",
        drafted_days_ago=6,
        signed_days_ago=4,
        submitted_days_ago=3,
        subject="建议加大对老字号企业的扶持,推动老字号传承创新。",
        background=DEMO_NOTE + "部分老字号企业经营困难,品牌影响力下降。",
        suggestions="一、设立老字号扶持资金;二、拓展线上线下营销渠道;三、培养传承人。",
    ),
    # 区商务局 objects to the assignment (申请调整); the office has yet to decide.
    LiveSpec(
        title="关于加强校园周边食品安全监管的建议",
        category=sd.SOCIAL,
        author="minjin",
        status=Status.ASSIGNED,
        lead_unit=_SHANGWU,
        assigned_days_ago=2,
        objection=(
            "所提事项为校园周边食品经营和食品安全监管,属区市场监督管理局职责,"
            "本单位不承担食品安全监管职能,申请调整由区市场监督管理局主办。"
        ),
        suggested_unit="区市场监督管理局",
        subject="建议加强校园周边食品经营场所的监管,守护学生饮食安全。",
        background=DEMO_NOTE + "部分学校周边小餐饮、小食杂店证照不全,食品来源不明。",
        suggestions="一、开展校园周边食品安全专项整治;二、建立常态化巡查机制;三、加强宣传教育。",
    ),
    # Replied and accepted, graded B with commitments: 蒋加星's verdict is awaited.
    LiveSpec(
        title="关于建设零工市场促进灵活就业的建议",
        category=sd.ECONOMY,
        author="jiangjiaxing",
        status=Status.REPLIED,
        lead_unit=_RENSHE,
        co_units=(_SHANGWU,),
        assigned_days_ago=70,
        signed_for_days_ago=69,
        contacts=((_MEETING, _BEFORE, 62), (_SITE, _DURING, 30)),
        co_opinions=(
            (
                _SHANGWU,
                "区商务局同意建设零工市场的建议。本单位将把零工驿站纳入便民生活圈建设统筹考虑,"
                "并协调商贸企业发布用工需求。",
                40,
            ),
        ),
        grade="B",
        situation=(
            "我区灵活就业人员较多,零工信息主要靠自发形成的劳务集市发布,"
            "供需对接效率不高,权益保障薄弱。"
        ),
        measures="已会同区商务局在锡北镇试点设立零工服务点,每周发布零工岗位信息,提供政策咨询。",
        plan="下一步将按实施清单在东港镇、鹅湖镇建设零工驿站,并上线线上服务平台。",
        commitments=(
            ("在东港镇、鹅湖镇各建成1个零工驿站,提供岗位发布和就业指导服务", 3),
            ("上线“锡山零工”线上服务平台,归集发布零工岗位信息", 6),
        ),
        drafted_days_ago=12,
        signed_days_ago=10,
        submitted_days_ago=9,
        replied_days_ago=5,
        subject="建议建设规范的零工市场,为灵活就业人员和用工单位搭建对接平台。",
        background=DEMO_NOTE + "马路劳务市场秩序乱,零工权益缺乏保障。",
        suggestions="一、建设零工驿站;二、搭建线上零工平台;三、加强零工权益保障。",
    ),
    # 胡艳峰 found the result unsatisfactory: 区人社局 handles it again (round 2).
    LiveSpec(
        title="关于提高稳岗返还政策惠及面的建议",
        category=sd.ECONOMY,
        author="huyanfeng",
        status=Status.REHANDLING,
        lead_unit=_RENSHE,
        assigned_days_ago=95,
        signed_for_days_ago=94,
        contacts=((_PHONE, _BEFORE, 88), (_VISIT, _DURING, 6)),
        grade="A",
        situation="稳岗返还政策执行以来,部分小微企业因不了解政策或申领材料不全,未能享受。",
        measures=(
            "一是对符合条件的企业实行“免申即享”,直接发放稳岗返还资金;"
            "二是通过短信和政务平台逐户告知政策;三是开通政策咨询专线。"
        ),
        plan="下一步将继续扩大政策覆盖面,做到应返尽返。",
        drafted_days_ago=40,
        signed_days_ago=38,
        submitted_days_ago=37,
        replied_days_ago=33,
        verdict=(
            Verdict.BASICALLY,
            OnTarget.MOSTLY,
            Verdict.DISSATISFIED,
            "答复对小微企业申领难的问题回应不够具体,“免申即享”尚未覆盖新参保企业,"
            "希望进一步研究解决。",
        ),
        verdict_days_ago=20,
        subject="建议扩大稳岗返还政策覆盖面,让更多小微企业享受政策红利。",
        background=DEMO_NOTE + "小微企业对稳岗返还政策知晓率不高,申领比例偏低。",
        suggestions="一、推行免申即享;二、加强政策宣传;三、简化申领流程。",
    ),
)


R = TypeVar("R")


class _Clock:
    """Runs actions now and afterwards dates what each wrote (history, messages) when it
    happened; a moment later than now is taken as now."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.notes: dict[int, datetime] = {}

    def at(self, when: datetime, action: Callable[[], R]) -> R:
        when = min(when, self.now - timedelta(minutes=1))
        note_mark = Notification.objects.aggregate(top=Max("id"))["top"] or 0
        # The audit log is append-only: its events are written with their date.
        with dated(when):
            result = action()
        for pk in Notification.objects.filter(pk__gt=note_mark).values_list("pk", flat=True):
            self.notes[pk] = when
        return result

    def clamp(self, when: datetime) -> datetime:
        return min(when, self.now - timedelta(minutes=1))

    def finish(self) -> None:
        backdate(Notification, "created_at", self.notes)
        # A message asks by a date its action computed from today; it moves back with the
        # message by as many working days, so "请于…前评价" agrees with the worklist's date.
        rows = []
        today = timezone.localtime(self.now).date()
        for note in Notification.objects.filter(pk__in=self.notes, due_on__isnull=False):
            day = timezone.localtime(self.notes[note.pk]).date()
            workdays = 0
            while day < today:
                day += timedelta(days=1)
                workdays += CALENDAR.is_workday(day)
            note.due_on = CALENDAR.shift(note.due_on, -workdays) if workdays else note.due_on
            rows.append(note)
        update_rows(Notification, rows, ["due_on"])


def build_live(
    session: Session,
    units: dict[str, Unit],
    proposers: dict[str, Proposer],
    users: dict[str, User],
) -> dict[str, str]:
    """Create the missing handling examples; return {proposal id: the day they are dated for}."""
    today = timezone.localdate()
    built: dict[str, str] = {}
    for spec in LIVE_PROPOSALS:
        member = users[spec.author]
        if Proposal.objects.filter(
            session=session, lead_proposer_id=member.proposer_id, title=spec.title
        ).exists():
            continue
        proposal = _LiveBuilder(spec, session, units, users, today).build()
        built[str(proposal.pk)] = today.isoformat()
    return built


def _account(users: dict[str, User], username: str) -> User:
    # A fresh instance: the roles read by the policy are cached per instance.
    return User.objects.get(pk=users[username].pk)



def intake_days(assigned_on: date) -> tuple[date, date, date]:
    """The days an example was drafted, submitted and filed before its assignment.

    Counted back from the assignment over working days, so a holiday between them can never
    push the filing onto (or past) the day the proposal was assigned.
    """
    filed_on = CALENDAR.shift(assigned_on, -5)
    submitted_on = CALENDAR.shift(filed_on, -3)
    return CALENDAR.shift(submitted_on, -1), submitted_on, filed_on

class _LiveBuilder:
    """Takes one handling example through the real actions, then dates its records back."""

    def __init__(
        self,
        spec: LiveSpec,
        session: Session,
        units: dict[str, Unit],
        users: dict[str, User],
        today: date,
    ) -> None:
        self.spec = spec
        self.session = session
        self.today = today
        self.clock = _Clock(timezone.now())
        self.member = _account(users, spec.author)
        self.clerk = _account(users, CLERK)
        self.office = _account(users, OFFICE)
        self.lead = units[spec.lead_unit]
        self.co = [units[name] for name in spec.co_units]
        people = people_of(users)
        self.staff = {pk: User.objects.get(pk=u.pk) for pk, u in people.staff.items()}
        self.leaders = {pk: User.objects.get(pk=u.pk) for pk, u in people.leaders.items()}
        if spec.reply_due_in_days is not None:
            due = today + timedelta(days=spec.reply_due_in_days)
            self.assigned_on = CALENDAR.on_or_before(
                add_months(due, -deadline_rules().reply_months)
            )
        elif spec.assigned_days_ago:
            self.assigned_on = CALENDAR.on_or_before(today - timedelta(days=spec.assigned_days_ago))
        else:
            self.assigned_on = today
        self.proposal: Proposal | None = None

    def day(self, days_ago: int) -> date:
        """`days_ago` before today, on a working day, never before the assignment."""
        return max(CALENDAR.on_or_before(self.today - timedelta(days=days_ago)), self.assigned_on)

    def fresh(self) -> Proposal:
        assert self.proposal is not None  # nosec B101 # type narrowing, not a check
        self.proposal = Proposal.objects.get(pk=self.proposal.pk)
        return self.proposal

    def build(self) -> Proposal:
        spec, member = self.spec, self.member
        category = self.session.categories.get(name=spec.category)
        created_on, submitted_on, filed_on = intake_days(self.assigned_on)
        times = {
            "created_at": moment(created_on, 9, 20),
            "submitted_at": moment(submitted_on, 10, 45),
            "decided_at": moment(filed_on, 15, 30),
        }
        self.proposal = self.clock.at(
            times["created_at"],
            lambda: intake.create_proposal(
                member,
                session=self.session,
                lead_proposer=member.proposer,
                title=spec.title,
                subject=spec.subject,
                background=spec.background,
                suggestions=spec.suggestions,
                category=category,
            ),
        )
        Proposal.objects.filter(pk=self.proposal.pk).update(is_illustrative=True)
        p = self.fresh()
        self.clock.at(
            times["submitted_at"], lambda: workflow.submit_proposal(member, p, version=p.version)
        )
        p = self.fresh()
        self.clock.at(
            times["decided_at"],
            lambda: workflow.file_proposal(self.clerk, p, version=p.version, category=category),
        )
        p = self.fresh()
        self.clock.at(
            moment(self.assigned_on, 9, 30),
            lambda: handling.assign_proposal(
                self.office, p, version=p.version, lead=self.lead, co=self.co
            ),
        )
        Assignment.objects.filter(proposal=p).update(
            assigned_on=self.assigned_on, deadline_from=self.assigned_on
        )
        Proposal.objects.filter(pk=p.pk).update(**times)
        if spec.objection:
            self.object_to_assignment()
        if spec.signed_for_days_ago is not None:
            p = self.fresh()
            staff = self.staff[self.lead.pk]
            self.clock.at(
                moment(self.day(spec.signed_for_days_ago), 10, 10),
                lambda: handling.accept_assignment(staff, p, version=p.version),
            )
        verdict_on = self.day(spec.verdict_days_ago) if spec.verdict_days_ago is not None else None
        contacts = sorted(spec.contacts, key=lambda c: -c[2])
        self.log_contacts(
            [c for c in contacts if verdict_on is None or self.day(c[2]) < verdict_on]
        )
        for unit_name, text, days_ago in spec.co_opinions:
            self.co_opinion(unit_name, text, days_ago)
        if spec.grade is not None:
            self.reply()
        self.log_contacts([c for c in contacts if verdict_on and self.day(c[2]) >= verdict_on])
        self.clock.finish()
        proposal = self.fresh()
        if proposal.status != spec.status:
            raise RuntimeError(
                f"演示示例“{spec.title}”应为{Status(spec.status).label},"
                f"实为{proposal.get_status_display()}。"
            )
        return proposal

    def object_to_assignment(self) -> None:
        spec = self.spec
        assignment = self.fresh().assignments.get(unit=self.lead)
        staff = self.staff[self.lead.pk]
        when = self.clock.clamp(
            moment(CALENDAR.on_or_after(self.assigned_on + timedelta(days=1)), 14, 20)
        )
        request = self.clock.at(
            when,
            lambda: handling.object_to_assignment(
                staff, assignment, reason=spec.objection, suggested_unit=spec.suggested_unit
            ),
        )
        ReassignmentRequest.objects.filter(pk=request.pk).update(created_at=when)

    def log_contacts(self, contacts: Sequence[tuple[str, str, int]]) -> None:
        staff = self.staff[self.lead.pk]
        who = addressed_as(self.member.proposer)
        for method, stage, days_ago in contacts:
            day = self.day(days_ago)
            p = self.fresh()
            contact = self.clock.at(
                moment(day, 16, 30),
                lambda p=p, day=day, method=method, stage=stage: handling.log_contact(
                    staff,
                    p,
                    unit=self.lead,
                    method=method,
                    stage=stage,
                    contacted_on=day,
                    summary=contact_summary(method, who),
                    participants=f"{self.lead.display_name}分管负责人、经办人;{who}",
                ),
            )
            Contact.objects.filter(pk=contact.pk).update(
                created_at=self.clock.clamp(moment(day, 16, 30))
            )

    def co_opinion(self, unit_name: str, text: str, days_ago: int) -> None:
        unit = next(u for u in self.co if u.name == unit_name)
        staff = self.staff[unit.pk]
        when = self.clock.clamp(moment(self.day(days_ago), 11, 0))
        p = self.fresh()
        opinion = self.clock.at(
            when, lambda: handling.submit_co_opinion(staff, p, unit=unit, text=text)
        )
        CoOpinion.objects.filter(pk=opinion.pk).update(submitted_at=when)

    def reply(self) -> None:
        spec = self.spec
        staff = self.staff[self.lead.pk]
        grade = self.session.grades.get(code=spec.grade)
        drafted_on = self.day(spec.drafted_days_ago or 0)
        replied_on = self.day(spec.replied_days_ago) if spec.replied_days_ago is not None else None
        start = replied_on or drafted_on
        commitments = [
            CommitmentInput(
                description=text,
                responsible_unit=self.lead,
                due_on=add_months(start, months),
                start_on=start,
            )
            for text, months in spec.commitments
        ]
        letter = ContentFile(letter_pdf(), name="答复函.pdf")
        p = self.fresh()
        reply = self.clock.at(
            moment(drafted_on, 15, 0),
            lambda: handling.save_reply(
                staff,
                p,
                reply_version=None,
                unit=self.lead,
                grade=grade,
                situation=spec.situation,
                measures=spec.measures,
                plan=spec.plan,
                disclosure=Reply.Disclosure.PUBLISH,
                commitments=commitments,
                letter=letter,
            ),
        )
        Commitment.objects.filter(reply=reply).update(
            created_at=self.clock.clamp(moment(drafted_on, 15, 0))
        )
        dates: dict[str, Any] = {}
        if spec.signed_days_ago is not None:
            leader = self.leaders[self.lead.pk]
            dates["signed_at"] = self.clock.clamp(moment(self.day(spec.signed_days_ago), 9, 40))
            reply = self.clock.at(
                dates["signed_at"],
                lambda: handling.sign_reply(leader, reply, version=reply.version),
            )
        if spec.submitted_days_ago is not None:
            dates["submitted_at"] = self.clock.clamp(
                moment(self.day(spec.submitted_days_ago), 10, 30)
            )
            reply = self.clock.at(
                dates["submitted_at"],
                lambda: handling.submit_reply(staff, reply, version=reply.version),
            )
        if replied_on is not None:
            dates["replied_on"] = replied_on
            reply = self.clock.at(
                moment(replied_on, 16, 0),
                lambda: handling.review_reply(
                    self.office, reply, version=reply.version, accept=True
                ),
            )
        Reply.objects.filter(pk=reply.pk).update(**dates)
        if spec.verdict is not None and spec.verdict_days_ago is not None:
            self.give_verdict(*spec.verdict)

    def give_verdict(self, attitude: str, on_target: str, result: str, comments: str) -> None:
        verdict_on = self.day(self.spec.verdict_days_ago or 0)
        methods = Contact.objects.filter(proposal=self.fresh()).order_by("contacted_on", "id")
        labels = list(dict.fromkeys(m.get_method_display() for m in methods))
        when = self.clock.clamp(moment(verdict_on, 20, 15))
        p = self.fresh()
        feedback = self.clock.at(
            when,
            lambda: handling.submit_verdict(
                self.member,
                p,
                version=p.version,
                contact_made=True,
                contact_method="、".join(labels),
                attitude=attitude,
                on_target=on_target,
                result=result,
                comments=comments,
            ),
        )
        Feedback.objects.filter(pk=feedback.pk).update(submitted_at=when)
        Rehandling.objects.filter(feedback=feedback).update(started_on=verdict_on, created_at=when)


def keep_live_items_current(session: Session) -> dict[str, str]:
    """Keep the handling examples nobody touched since the last run dated for today.

    The last run's DEMO_LOADED event lists the examples it left untouched and the day they
    were dated for; one with no history since that run and dated for an earlier day is
    deleted, and `build_live` builds it again for today, so its deadlines again read "due
    soon", "overdue" or "assigned today" (its history cannot be moved: the audit log is
    append-only, and keeps the old example's events). Returns the examples kept.
    """
    last = (
        AuditEvent.objects.filter(event_type=EventType.DEMO_LOADED)
        .order_by("-created_at", "-id")
        .first()
    )
    recorded = (last.data or {}).get("live") if last is not None else None
    if not isinstance(recorded, dict):
        return {}
    today = timezone.localdate()
    kept: dict[str, str] = {}
    stale: list[int] = []
    for key, dated_for in recorded.items():
        proposal = Proposal.objects.filter(pk=int(key), session=session).first()
        # Only a person's step counts as touching it; the system's reminders do not.
        touched = proposal is not None and (
            proposal.events.filter(created_at__gt=last.created_at, actor__isnull=False).exists()
        )
        if proposal is None or touched:
            continue
        if date.fromisoformat(dated_for) < today:
            stale.append(proposal.pk)
        else:
            kept[key] = today.isoformat()
    if stale:
        delete_proposals(Proposal.objects.filter(pk__in=stale))
    return kept


def load_tracking(session: Session, users: dict[str, User]) -> None:
    """The cross-year proposals tracked in `session`, with the year's progress and verdicts;
    their measures all done, the office ended the follow-up at the end of that year."""
    from tian.handling.models import Verdict
    from tian.supervision.models import Tracking
    from tian.supervision.tracking.actions import close_tracking, join_tracking

    # What the hourly sweep would have done when the session opened.
    with dated(moment(date(session.year, 2, 20), 2)):
        join_tracking(None, session)
    office = _account(users, OFFICE)
    closed_on = moment(date(session.year, 12, 20), 10)
    for spec in sd.CROSS_YEAR_PROPOSALS:
        if spec.tracked_in != session.slug:
            continue
        rows = Tracking.objects.filter(
            session=session, proposal__session__slug=spec.session, proposal__number=spec.number
        )
        # The seed: 委员对2件跨年度提案办理情况均表示满意 (autumn 2022).
        rows.filter(progress_report="").update(
            progress_report=spec.followup_summary,
            reported_at=moment(date(session.year, 9, 15), 10),
            verdict=Verdict.SATISFIED,
            verdict_at=moment(date(session.year, 10, 20), 15),
        )
        for tracking in rows.filter(closed_at__isnull=True):
            with dated(closed_on):
                close_tracking(office, tracking, reason="实施清单措施已全部完成,委员表示满意。")
            Tracking.objects.filter(pk=tracking.pk).update(closed_at=closed_on)
