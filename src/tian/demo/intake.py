"""The open session's intake examples, one or more for every intake worklist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import models
from django.utils import timezone

from tian.audit.actions import record_event
from tian.audit.context import dated
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.demo import seed_data as sd
from tian.demo.common import CLERK, DEMO_NOTE, TZ
from tian.demo.live import LIVE_PROPOSALS
from tian.directory.models import Proposer, Session, User
from tian.proposals.models import CoSignature, Proposal, Status


@dataclass(frozen=True)
class IntakeSpec:
    """An illustrative proposal of the open session, in one of the intake states.

    Each example has its own lead proposer: that is how a re-run finds it again.
    """

    title: str
    category: str
    lead_proposer: str
    author: str  # username of the account that writes it (the member, or the clerk for others)
    status: str
    created_days_ago: int
    subject: str
    background: str
    suggestions: str
    invited: tuple[str, ...] = ()  # members invited to co-sign, still to answer
    confirmed: tuple[str, ...] = ()  # members who confirmed
    submitted_days_ago: int | None = None
    decided_days_ago: int | None = None
    number: int | None = None
    reason: str = ""
    merged_into: str | None = None  # title of the filed proposal it is merged into


_LIFT_TITLE = "关于加快推进既有住宅加装电梯的建议"

INTAKE_PROPOSALS: tuple[IntakeSpec, ...] = (
    IntakeSpec(
        title="关于推动企业技能人才自主评价扩面提质的建议",
        category=sd.ECONOMY,
        lead_proposer="蒋加星",
        author="jiangjiaxing",
        status=Status.DRAFT,
        created_days_ago=3,
        invited=("胡艳峰",),
        subject="建议扩大企业技能人才自主评价的覆盖面,提高评价质量。",
        background=DEMO_NOTE + "部分中小企业尚未开展技能等级认定,评价标准和考评力量不足。",
        suggestions="一、扩大自主评价备案企业范围;二、建立区级考评员库;三、落实培训补贴政策。",
    ),
    IntakeSpec(
        title="关于完善社区公共空间适老化改造的建议",
        category=sd.CONSTRUCTION,
        lead_proposer="殷洁",
        author="yinjie",
        status=Status.DRAFT,
        created_days_ago=2,
        subject="建议在城市微更新中同步推进社区公共空间适老化改造。",
        background=DEMO_NOTE + "部分老旧小区出入口、楼道和休憩场所缺少适老设施。",
        suggestions="一、开展适老设施摸底;二、制定改造清单和时间表;三、引导居民参与设计。",
    ),
    IntakeSpec(
        title="关于推进社区嵌入式服务设施建设的建议",
        category=sd.SOCIAL,
        lead_proposer="民进",
        author="minjin",
        status=Status.SUBMITTED,
        created_days_ago=6,
        submitted_days_ago=5,
        subject="建议统筹建设社区嵌入式服务设施,就近提供托育、养老、助餐等服务。",
        background=DEMO_NOTE + "社区服务设施分散,部分新建小区配套不足。",
        suggestions="一、编制设施布点规划;二、盘活闲置用房;三、引入专业机构运营。",
    ),
    IntakeSpec(
        title="关于进一步激发夜间消费活力的建议",
        category=sd.ECONOMY,
        lead_proposer="胡艳峰",
        author="huyanfeng",
        status=Status.SUBMITTED,
        created_days_ago=7,
        confirmed=("丁晓丽",),
        submitted_days_ago=4,
        subject="建议以特色街区为载体,丰富夜间消费业态。",
        background=DEMO_NOTE + "夜间消费场景单一,交通和停车配套有待完善。",
        suggestions="一、打造夜间消费集聚区;二、优化夜间公交和停车;三、举办主题促消费活动。",
    ),
    IntakeSpec(
        title="关于加强集成电路产业人才引育的建议",
        category=sd.ECONOMY,
        lead_proposer="陆知纬",
        author=CLERK,
        status=Status.SUBMITTED,
        created_days_ago=4,
        submitted_days_ago=3,
        subject="建议完善集成电路产业人才引进和培养政策。",
        background=DEMO_NOTE + "集成电路企业工程技术人才缺口较大。",
        suggestions="一、深化校企合作;二、建设实训平台;三、优化人才住房和子女入学服务。",
    ),
    IntakeSpec(
        title=_LIFT_TITLE,
        category=sd.CONSTRUCTION,
        lead_proposer="民盟",
        author=CLERK,
        status=Status.FILED,
        number=1,
        created_days_ago=10,
        submitted_days_ago=9,
        decided_days_ago=7,
        subject="建议简化既有住宅加装电梯审批流程,加大资金支持。",
        background=DEMO_NOTE + "加装电梯意见协调难、审批环节多、资金筹措难。",
        suggestions="一、推行联合审批;二、提高财政补贴标准;三、支持提取住房公积金。",
    ),
    IntakeSpec(
        title="关于加快老旧小区加装电梯工作的建议",
        category=sd.CONSTRUCTION,
        lead_proposer="周建清",
        author=CLERK,
        status=Status.MERGED,
        merged_into=_LIFT_TITLE,
        created_days_ago=9,
        submitted_days_ago=8,
        decided_days_ago=6,
        reason="与第1号“关于加快推进既有住宅加装电梯的建议”内容相近,并案办理。",
        subject="建议加快推进老旧小区加装电梯。",
        background=DEMO_NOTE + "老旧多层住宅老年住户上下楼困难。",
        suggestions="一、设立加装电梯专项资金;二、建立邻里协商机制。",
    ),
    IntakeSpec(
        title="关于协调解决某企业厂房租赁纠纷的建议",
        category=sd.ECONOMY,
        lead_proposer="王晓燕",
        author=CLERK,
        status=Status.REJECTED,
        created_days_ago=9,
        submitted_days_ago=8,
        decided_days_ago=6,
        reason="所提事项属于具体民商事纠纷,不属于提案受理范围,建议通过协商、调解或司法途径解决。",
        subject="请求协调解决一家企业与出租方之间的厂房租赁纠纷。",
        background=DEMO_NOTE + "企业与出租方就租金和违约责任发生争议。",
        suggestions="请有关部门出面协调。",
    ),
    IntakeSpec(
        title="关于修复某小区门前破损路面的建议",
        category=sd.CONSTRUCTION,
        lead_proposer="李明华",
        author=CLERK,
        status=Status.CONVERTED,
        created_days_ago=8,
        submitted_days_ago=7,
        decided_days_ago=5,
        reason="所反映问题属于具体事务,已转区城市管理局作为来信办理,不作为提案立案。",
        subject="反映某小区门前道路破损,影响居民出行。",
        background=DEMO_NOTE + "路面坑洼积水,雨天出行不便。",
        suggestions="请尽快组织修复。",
    ),
)


def build_intake(session: Session, proposers: dict[str, Proposer], users: dict[str, User]) -> int:
    """Create the missing intake examples (drafts, submissions, filing decisions) with history."""
    now = timezone.now()
    categories = {c.name: c for c in session.categories.all()}
    clerk = users[CLERK]
    created = 0
    by_title: dict[str, Proposal] = {}
    for spec in INTAKE_PROPOSALS:
        lead = proposers[spec.lead_proposer]
        # Each example has its own proposer; the title may since have been edited by a user.
        # The members' handling examples (LIVE_PROPOSALS) are told apart by their titles.
        existing = Proposal.objects.filter(
            session=session, lead_proposer=lead, is_illustrative=True
        ).exclude(title__in=[live.title for live in LIVE_PROPOSALS])
        if proposal := existing.order_by("id").first():
            by_title[spec.title] = proposal
            continue
        author = users[spec.author]
        created_at = _office_time(now, spec.created_days_ago, time(9, 20))
        submitted_at = _maybe(now, spec.submitted_days_ago, time(10, 45))
        decided_at = _maybe(now, spec.decided_days_ago, time(15, 30))
        number = spec.number
        if number is not None and Proposal.objects.filter(session=session, number=number).exists():
            number = (
                Proposal.objects.filter(session=session).aggregate(top=models.Max("number"))["top"]
                + 1
            )
        proposal = Proposal.objects.create(
            session=session,
            kind=Proposal.Kind.PROPOSAL,
            number=number,
            title=spec.title,
            subject=spec.subject,
            background=spec.background,
            suggestions=spec.suggestions,
            category=categories[spec.category],
            lead_proposer=lead,
            status=spec.status,
            submitted_at=submitted_at,
            decided_at=decided_at,
            decision_reason=spec.reason,
            merged_into=by_title.get(spec.merged_into) if spec.merged_into else None,
            created_by=author,
            is_illustrative=True,
        )
        by_title[spec.title] = proposal
        created += 1
        Proposal.objects.filter(pk=proposal.pk).update(created_at=created_at)
        with dated(created_at):
            record_event(author, EventType.PROPOSAL_CREATED, proposal=proposal, target=proposal)
        _intake_cosignatures(proposal, spec, proposers, author, created_at, now)
        if submitted_at is not None:
            with dated(submitted_at):
                record_event(
                    author, EventType.PROPOSAL_SUBMITTED, proposal=proposal, target=proposal
                )
        if decided_at is not None:
            with dated(decided_at):
                _decision_events(proposal, spec, clerk)
    return created


def _office_time(now: datetime, days: int, at: time) -> datetime:
    """The moment `days` before today at office time `at`, in Shanghai."""
    return datetime.combine(timezone.localdate(now, TZ) - timedelta(days=days), at, tzinfo=TZ)


def _maybe(now: datetime, days: int | None, at: time) -> datetime | None:
    return None if days is None else _office_time(now, days, at)


def _intake_cosignatures(
    proposal: Proposal,
    spec: IntakeSpec,
    proposers: dict[str, Proposer],
    author: User,
    created_at: datetime,
    now: datetime,
) -> None:
    """Invitations to co-sign: live ones end in the future, confirmed ones were answered."""
    days = proposal.session.cosign_days
    for names, confirmed in ((spec.confirmed, True), (spec.invited, False)):
        for name in names:
            invited_at = (
                created_at + timedelta(minutes=30)
                if confirmed
                else _office_time(now, 1, time(11, 0))
            )
            signature = CoSignature.objects.create(
                proposal=proposal,
                proposer=proposers[name],
                status=CoSignature.Status.CONFIRMED if confirmed else CoSignature.Status.INVITED,
                deadline=invited_at + timedelta(days=days),
                responded_at=invited_at + timedelta(hours=23) if confirmed else None,
            )
            CoSignature.objects.filter(pk=signature.pk).update(invited_at=invited_at)
            with dated(invited_at):
                record_event(
                    author,
                    EventType.COSIGN_INVITED,
                    proposal=proposal,
                    target=signature,
                    message=name,
                )
            if confirmed:
                with dated(invited_at + timedelta(hours=23)):
                    record_event(
                        None,
                        EventType.COSIGN_CONFIRMED,
                        proposal=proposal,
                        target=signature,
                        message=name,
                    )


def _decision_events(proposal: Proposal, spec: IntakeSpec, clerk: User) -> list[AuditEvent]:
    """The filing review's events, as the proposals' actions write them."""
    if spec.status == Status.FILED:
        return [
            record_event(
                clerk,
                EventType.PROPOSAL_FILED,
                proposal=proposal,
                target=proposal,
                message=f"{proposal.number_label},{spec.category}",
                number=proposal.number,
            )
        ]
    if spec.status == Status.MERGED and proposal.merged_into is not None:
        into = proposal.merged_into
        return [
            record_event(
                clerk,
                EventType.PROPOSAL_MERGED,
                proposal=proposal,
                target=proposal,
                message=f"并入{into.number_label}",
                into=into.pk,
            ),
            record_event(
                clerk,
                EventType.MERGED_INTO,
                proposal=into,
                target=proposal,
                message=f"“{proposal.title}”({proposal.lead_proposer})并入本提案",
            ),
        ]
    event_type = {
        Status.REJECTED: EventType.PROPOSAL_REJECTED,
        Status.CONVERTED: EventType.PROPOSAL_CONVERTED,
    }[Status(spec.status)]
    return [
        record_event(clerk, event_type, proposal=proposal, target=proposal, message=spec.reason)
    ]


def keep_invitations_live(session: Session) -> None:
    """Move the demo's unanswered invitations' deadlines forward, so re-runs keep them live."""
    now = timezone.now()
    CoSignature.objects.filter(
        proposal__session=session,
        proposal__is_illustrative=True,
        proposal__status__in=[Status.DRAFT, Status.SUBMITTED],
        status=CoSignature.Status.INVITED,
        deadline__lt=now + timedelta(days=1),
    ).update(deadline=now + timedelta(days=session.cosign_days))
