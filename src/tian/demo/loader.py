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
today on the next run, so "due soon" stays due soon.
"""

from __future__ import annotations

import os
import random
import time as clock
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from axes.utils import reset as reset_lockouts
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import connections, models, router, transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from tian.audit.actions import record_event, record_events
from tian.audit.context import dated
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.demo import seed_data as sd
from tian.demo.evaluation import load_demo_evaluation
from tian.demo.notices import load_demo_notices
from tian.demo.report import load_demo_report
from tian.directory.admin_roles import ensure_admin_groups, sync_admin_access
from tian.directory.models import (
    Body,
    Leader,
    Proposer,
    Role,
    RoleAssignment,
    Session,
    Term,
    Unit,
    User,
)
from tian.handling import actions as handling
from tian.handling.actions import CommitmentInput
from tian.handling.deadlines import WorkdayCalendar, add_months
from tian.handling.deadlines import rules as deadline_rules
from tian.handling.models import (
    Assignment,
    Contact,
    CoOpinion,
    Feedback,
    Grade,
    OnTarget,
    ReassignmentRequest,
    Rehandling,
    Reply,
    StatClass,
    Verdict,
)
from tian.notifications.models import Notification
from tian.proposals import actions as intake
from tian.proposals.models import Category, CoSignature, Proposal, Status
from tian.supervision.models import (
    Commitment,
    KeyProposal,
    ProgressUpdate,
    SupervisionActivity,
)

TZ = ZoneInfo("Asia/Shanghai")
# The demo dates its records over the same working-day calendar as the deadlines.
CALENDAR = WorkdayCalendar()
CLERK = "tiwei"  # the proposal committee's demo clerk files the demo proposals
OFFICE = "ducha"  # the government office's demo account assigns and reviews

# The session that is open for submission, so the intake screens have live work.
INTAKE_SESSION = sd.Session(
    slug="xishan-2023",
    body=sd.CPPCC_BODY.slug,
    term="第五届",
    term_ordinal=5,
    name="五届二次会议",
    year=2023,
    categories=sd.CATEGORIES,
    grades=sd.GRADES,
    is_current=True,
)
DEMO_SESSIONS: tuple[sd.Session, ...] = (*sd.SESSIONS, INTAKE_SESSION)


@dataclass(frozen=True)
class Timeline:
    """When a closed session's proposals were submitted, filed, assigned and answered."""

    opened_on: date
    submitted: tuple[date, date]
    filed: tuple[date, date]
    assigned_on: date
    replied: tuple[date, date]


# The seed gives none of these dates; they are plausible and keep every reply within the
# three months after assignment (DESIGN §3).
TIMELINES: dict[str, Timeline] = {
    "xishan-2021": Timeline(
        opened_on=date(2021, 1, 11),
        submitted=(date(2021, 1, 9), date(2021, 1, 13)),
        filed=(date(2021, 1, 25), date(2021, 2, 5)),
        assigned_on=date(2021, 2, 23),
        replied=(date(2021, 5, 6), date(2021, 5, 21)),
    ),
    "xishan-2022": Timeline(
        opened_on=date(2022, 1, 10),
        submitted=(date(2022, 1, 8), date(2022, 1, 12)),
        filed=(date(2022, 1, 17), date(2022, 1, 28)),
        assigned_on=date(2022, 2, 18),
        replied=(date(2022, 4, 25), date(2022, 5, 18)),
    ),
}
OPENED_ON: dict[str, date] = {
    **{slug: t.opened_on for slug, t in TIMELINES.items()},
    INTAKE_SESSION.slug: date(2023, 1, 9),
}


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


_DEMO_NOTE = "(演示数据,内容为示意。)"
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
        background=_DEMO_NOTE + "部分中小企业尚未开展技能等级认定,评价标准和考评力量不足。",
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
        background=_DEMO_NOTE + "部分老旧小区出入口、楼道和休憩场所缺少适老设施。",
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
        background=_DEMO_NOTE + "社区服务设施分散,部分新建小区配套不足。",
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
        background=_DEMO_NOTE + "夜间消费场景单一,交通和停车配套有待完善。",
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
        background=_DEMO_NOTE + "集成电路企业工程技术人才缺口较大。",
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
        background=_DEMO_NOTE + "加装电梯意见协调难、审批环节多、资金筹措难。",
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
        background=_DEMO_NOTE + "老旧多层住宅老年住户上下楼困难。",
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
        background=_DEMO_NOTE + "企业与出租方就租金和违约责任发生争议。",
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
        background=_DEMO_NOTE + "路面坑洼积水,雨天出行不便。",
        suggestions="请尽快组织修复。",
    ),
)


@dataclass
class Tally:
    """How many rows of one kind a run created and corrected."""

    created: int = 0
    updated: int = 0


@dataclass(frozen=True)
class SessionFigures:
    """A demo session's proposals after the run, and how many this run created."""

    slug: str
    label: str
    total: int
    created: int
    by_status: dict[str, int]
    by_grade: dict[str, int]
    key_proposals: int


@dataclass(frozen=True)
class AccountRow:
    """One demo account as the console shows it."""

    username: str
    password: str
    display_name: str
    roles: str
    attached_to: str


@dataclass
class DemoSummary:
    """What `load_demo` did, for the console."""

    reset: bool = False
    deleted: int = 0
    seconds: float = 0.0
    directory: dict[str, Tally] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    sessions: list[SessionFigures] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        """The outcome in Chinese, one line per fact."""
        created = sum(s.created for s in self.sessions)
        lines = [
            f"演示数据已载入(用时 {self.seconds:.1f} 秒"
            + (f",已先删除演示会议的提案 {self.deleted} 件" if self.reset else "")
            + (f",本次新建提案 {created} 件)。" if created else ",提案均已存在,未重复创建)。")
        ]
        for figures in self.sessions:
            line = f"  {figures.label}({figures.slug}):提案 {figures.total} 件"
            if figures.by_grade:
                line += "," + ",".join(f"{k} {v} 件" for k, v in figures.by_grade.items())
            if figures.key_proposals:
                line += f",重点提案 {figures.key_proposals} 件"
            if figures.slug == INTAKE_SESSION.slug:
                line += (
                    "(征集和办理示例:"
                    + ",".join(f"{Status(k).label} {v}" for k, v in figures.by_status.items())
                    + ")"
                )
            lines.append(line + "。")
        units = self.directory.get("units", Tally())
        lines.append(
            f"  名录:承办单位 {self.totals.get('units', 0)} 个,"
            f"提案者 {self.totals.get('proposers', 0)} 个,"
            f"领导 {self.totals.get('leaders', 0)} 名,演示账号 {len(self.accounts)} 个"
            + (f"(本次新建承办单位 {units.created} 个)" if units.created else "")
            + "。"
        )
        return lines

    def account_lines(self, port: str | None = None) -> list[str]:
        """The table of demo accounts and the address to open, in Chinese."""
        port = port or os.environ.get("PORT") or "8000"
        header = AccountRow("用户名", "密码", "姓名", "角色", "单位/提案者/领导")
        rows = [header, *self.accounts]
        widths = [
            max(_width(getattr(row, name)) for row in rows)
            for name in ("username", "password", "display_name", "roles")
        ]
        lines = ["", f"演示账号(密码均为 {sd.DEMO_PASSWORD}):"]
        for row in rows:
            cells = (row.username, row.password, row.display_name, row.roles)
            padded = "  ".join(_pad(cell, width) for cell, width in zip(cells, widths, strict=True))
            lines.append(f"  {padded}  {row.attached_to}".rstrip())
        lines += [
            "",
            f"打开 http://127.0.0.1:{port}/ ,用以上任一账号登录。",
            "三个管理员账号(sysadmin、secadmin、auditadmin)首次进入系统管理时须用手机验证器"
            "绑定动态口令。",
        ]
        return lines


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


# ---------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------


def load_demo(*, reset: bool = False) -> DemoSummary:
    """Build or complete the demo database in one transaction and record one audit event."""
    started = clock.monotonic()
    summary = DemoSummary(reset=reset)
    CALENDAR.reload()
    with transaction.atomic():
        ensure_admin_groups()
        if reset:
            summary.deleted = _delete_demo_proposals()
        sessions = _sync_sessions(summary)
        units = _sync_units(summary)
        proposers = _sync_proposers(summary)
        leaders = _sync_leaders(summary)
        users = _sync_accounts(summary, units, proposers, leaders)
        created: dict[str, int] = {}
        for spec in sd.SESSIONS:
            specs = [p for p in sd.all_proposals() if p.session == spec.slug]
            created[spec.slug] = _build_handled(
                sessions[spec.slug], specs, units, proposers, leaders, users
            )
            _complete_handled(sessions[spec.slug], specs, users)
        # The key proposals' supervision and the progress of the 2022 commitments.
        _load_key_supervision(sessions[sd.CURRENT_SESSION.slug], users)
        open_session = sessions[INTAKE_SESSION.slug]
        # Assignments loaded by an older version count their deadline from the assignment.
        Assignment.objects.filter(
            proposal__session=open_session, deadline_from__isnull=True
        ).update(deadline_from=F("assigned_on"))
        created[INTAKE_SESSION.slug] = _build_intake(open_session, proposers, users)
        _keep_invitations_live(open_session)
        live = _keep_live_items_current(open_session)
        built = _build_live(open_session, units, proposers, users)
        created[INTAKE_SESSION.slug] += len(built)
        live.update(built)
        _load_tracking(sessions[sd.CURRENT_SESSION.slug])
        load_demo_report(sessions[sd.CURRENT_SESSION.slug])
        load_demo_evaluation(sessions[sd.CURRENT_SESSION.slug], users)
        load_demo_notices(open_session)
        summary.totals = {
            "units": Unit.objects.count(),
            "proposers": Proposer.objects.count(),
            "leaders": Leader.objects.count(),
        }
        summary.sessions = [
            _figures(sessions[spec.slug], created[spec.slug]) for spec in DEMO_SESSIONS
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


def _delete_demo_proposals() -> int:
    """Delete every proposal of the demo sessions, with its handling records."""
    proposals = Proposal.objects.filter(session__slug__in=[s.slug for s in DEMO_SESSIONS])
    return _delete_proposals(proposals)


def _delete_proposals(proposals: models.QuerySet[Proposal]) -> int:
    """Delete `proposals` with their handling records; their audit events stay as written."""
    proposals.exclude(merged_into=None).update(merged_into=None)
    # A re-handling protects the verdict that started it; the messages would lead nowhere.
    Rehandling.objects.filter(proposal__in=proposals).delete()
    Notification.objects.filter(proposal__in=proposals).delete()
    # Letters uploaded for these replies go too (the closed sessions' shared letter stays).
    storage = Reply._meta.get_field("letter").storage
    letters = Reply.objects.filter(proposal__in=proposals).exclude(letter="")
    for name in set(letters.exclude(letter=LETTER_NAME).values_list("letter", flat=True)):
        transaction.on_commit(lambda name=name: storage.delete(name))
    count = proposals.count()
    proposals.delete()
    return count


# ---------------------------------------------------------------------------
# The directory
# ---------------------------------------------------------------------------

M = TypeVar("M", bound=models.Model)
R = TypeVar("R")


def _sync(
    queryset: models.QuerySet[M], key: Sequence[str], rows: Iterable[dict[str, Any]]
) -> tuple[dict[tuple[Any, ...], M], Tally]:
    """Create the rows missing from `queryset` (matched on `key`) and correct the others."""
    model = queryset.model
    existing = {tuple(getattr(obj, name) for name in key): obj for obj in queryset}
    found: dict[tuple[Any, ...], M] = {}
    to_create: list[M] = []
    to_update: list[M] = []
    changed_fields: set[str] = set()
    for row in rows:
        row_key = tuple(row[name] for name in key)
        obj = existing.get(row_key)
        if obj is None:
            obj = model(**row)
            to_create.append(obj)
        else:
            changed = [name for name, value in row.items() if getattr(obj, name) != value]
            for name in changed:
                setattr(obj, name, row[name])
            if changed:
                to_update.append(obj)
                changed_fields.update(changed)
        found[row_key] = obj
    model._default_manager.bulk_create(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields))
    return found, Tally(len(to_create), len(to_update))


def _sync_sessions(summary: DemoSummary) -> dict[str, Session]:
    """Bodies, terms and the three demo sessions with their categories and grades."""
    bodies, summary.directory["bodies"] = _sync(
        Body.objects.filter(name__in=[b.name for b in sd.BODIES]),
        ("name",),
        ({"name": b.name, "full_name": b.full_name, "kind": b.kind} for b in sd.BODIES),
    )
    body_by_slug = {b.slug: bodies[(b.name,)] for b in sd.BODIES}
    terms, _ = _sync(
        Term.objects.filter(body__in=list(body_by_slug.values())),
        ("body_id", "name"),
        (
            {"body_id": body_by_slug[s.body].pk, "name": s.term, "ordinal": s.term_ordinal}
            for s in {(s.body, s.term): s for s in DEMO_SESSIONS}.values()
        ),
    )
    sessions, summary.directory["sessions"] = _sync(
        Session.objects.filter(slug__in=[s.slug for s in DEMO_SESSIONS]),
        ("slug",),
        (
            {
                "slug": s.slug,
                "body_id": body_by_slug[s.body].pk,
                "term_id": terms[(body_by_slug[s.body].pk, s.term)].pk,
                "name": s.name,
                "year": s.year,
                "opened_on": OPENED_ON[s.slug],
                "is_open_for_submission": s.slug == INTAKE_SESSION.slug,
            }
            for s in DEMO_SESSIONS
        ),
    )
    by_slug = {slug: session for (slug,), session in sessions.items()}
    session_ids = [s.pk for s in by_slug.values()]
    _sync(
        Category.objects.filter(session_id__in=session_ids),
        ("session_id", "name"),
        (
            {"session_id": by_slug[s.slug].pk, "name": name, "order": order}
            for s in DEMO_SESSIONS
            for order, name in enumerate(s.categories)
        ),
    )
    _sync(
        Grade.objects.filter(session_id__in=session_ids),
        ("session_id", "code"),
        (
            {
                "session_id": by_slug[s.slug].pk,
                "code": g.code,
                "label": g.label,
                "stat_class": StatClass(g.stat).value,
                "order": order,
            }
            for s in DEMO_SESSIONS
            for order, g in enumerate(s.grades)
        ),
    )
    return by_slug


def _sync_units(summary: DemoSummary) -> dict[str, Unit]:
    """The 37 handling units, by canonical name."""
    found, summary.directory["units"] = _sync(
        Unit.objects.filter(name__in=[u.name for u in sd.UNITS]),
        ("name",),
        (
            {
                "name": u.name,
                "short_name": u.short_name,
                "aliases": list(u.aliases),
                "kind": u.kind,
                "is_active": True,
            }
            for u in sd.UNITS
        ),
    )
    return {name: unit for (name,), unit in found.items()}


def _sync_proposers(summary: DemoSummary) -> dict[str, Proposer]:
    """Members and collectives of the CPPCC body, by name."""
    body = Body.objects.get(name=sd.CPPCC_BODY.name)
    rows = [
        {
            "body_id": body.pk,
            "name": m.name,
            "kind": Proposer.Kind.MEMBER,
            "full_name": "",
            "collective_kind": "",
            "sector": m.sector,
            "party": m.party or "",
            "is_illustrative": m.illustrative,
        }
        for m in sd.MEMBERS
    ] + [
        {
            "body_id": body.pk,
            "name": c.name,
            "kind": Proposer.Kind.COLLECTIVE,
            "full_name": c.full_name,
            "collective_kind": c.kind,
            "sector": "",
            "party": "",
            "is_illustrative": c.illustrative,
        }
        for c in sd.COLLECTIVES
    ]
    found, summary.directory["proposers"] = _sync(
        Proposer.objects.filter(body=body, name__in=[r["name"] for r in rows]),
        ("body_id", "name"),
        rows,
    )
    return {name: proposer for (_, name), proposer in found.items()}


def _sync_leaders(summary: DemoSummary) -> dict[str, Leader]:
    """The district and CPPCC leaders who lead and supervise key proposals, by name."""
    found, summary.directory["leaders"] = _sync(
        Leader.objects.filter(name__in=[x.name for x in sd.LEADERS]),
        ("name",),
        (
            {
                "name": x.name,
                "title": x.title,
                "organisation": x.organisation,
                "is_illustrative": x.illustrative,
            }
            for x in sd.LEADERS
        ),
    )
    return {name: leader for (name,), leader in found.items()}


def _sync_accounts(
    summary: DemoSummary,
    units: dict[str, Unit],
    proposers: dict[str, Proposer],
    leaders: dict[str, Leader],
) -> dict[str, User]:
    """The demo accounts with exactly their seed roles, the demo password and no lockout."""
    # One hash for all: hashing is deliberately slow and every account shares the password.
    password = make_password(sd.DEMO_PASSWORD)
    usernames = [str(a["username"]) for a in sd.ACCOUNTS]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    users: dict[str, User] = {}
    tally = Tally()
    for account in sd.ACCOUNTS:
        username = str(account["username"])
        unit = units[str(account["unit"])] if account["unit"] else None
        proposer = proposers[str(account["proposer"])] if account["proposer"] else None
        leader = leaders[str(account["leader"])] if account["leader"] else None
        user = existing.get(username) or User(username=username)
        if user.pk is None:
            tally.created += 1
        if leader is not None:
            User.objects.filter(leader=leader).exclude(username=username).update(leader=None)
        user.display_name = str(account["display_name"])
        user.proposer = proposer
        user.leader = leader
        user.is_active = True
        user.password = password
        # Marked so that the public demo password is never asked to change, and so that
        # load-demo can tell a demo installation from a real one.
        user.is_demo_account = True
        user.must_change_password = False
        user.save()
        roles: list[str] = list(account["roles"])  # type: ignore[call-overload]
        wanted = {(role, unit.pk if unit else None) for role in roles}
        have = {(ra.role, ra.unit_id): ra for ra in user.role_assignments.all()}
        for role, unit_id in wanted - set(have):
            RoleAssignment.objects.create(user=user, role=role, unit_id=unit_id)
        for pair in set(have) - wanted:
            have[pair].delete()
        sync_admin_access(user)
        reset_lockouts(username=username)
        users[username] = user
        summary.accounts.append(
            AccountRow(
                username=username,
                password=sd.DEMO_PASSWORD,
                display_name=user.display_name,
                roles="、".join(str(Role(r).label) for r in roles),
                attached_to=(unit.name if unit else "")
                or (proposer.name if proposer else "")
                or (str(leader) if leader else ""),
            )
        )
    summary.directory["accounts"] = tally
    return users


# ---------------------------------------------------------------------------
# The closed sessions: 2022 (158 proposals) and the two cross-year ones of 2021
# ---------------------------------------------------------------------------


def _day_between(rng: random.Random, span: tuple[date, date]) -> date:
    start, end = span
    return CALENDAR.on_or_after(start + timedelta(days=rng.randint(0, (end - start).days)))


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 16), rng.randrange(0, 60, 5)), tzinfo=TZ)


def _topic(title: str) -> str:
    topic = title.strip().removeprefix("关于")
    for suffix in ("的几点建议", "的相关建议", "的建议", "建议"):
        if topic.endswith(suffix):
            return topic[: -len(suffix)]
    return topic


def _texts(title: str) -> dict[str, str]:
    """Placeholder text for a proposal whose body the seed does not give, marked as such."""
    topic = _topic(title)
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
class _Dates:
    submitted_at: datetime
    filed_at: datetime
    assigned_on: date
    replied_on: date
    feedback_at: datetime
    result: str
    comments: str


def _dates(spec: sd.ProposalSpec, timeline: Timeline) -> _Dates:
    """Stable, plausible dates and verdict for one proposal (seeded by its number)."""
    rng = random.Random(f"{spec.session}/{spec.number}")  # nosec B311 # seeded, repeatable demo data, not a secret
    replied_on = _day_between(rng, timeline.replied)
    # 满意率和基本满意率 100%: never dissatisfied; invented proposers are sometimes 基本满意.
    basically = spec.illustrative and rng.random() < (0.25 if spec.grade == "B" else 0.08)
    return _Dates(
        submitted_at=_at(_day_between(rng, timeline.submitted), rng),
        filed_at=_at(_day_between(rng, timeline.filed), rng),
        assigned_on=timeline.assigned_on,
        replied_on=replied_on,
        feedback_at=_at(CALENDAR.on_or_after(replied_on + timedelta(days=rng.randint(7, 20))), rng),
        result=Verdict.BASICALLY if basically else Verdict.SATISFIED,
        comments="希望继续加快推进,尽早见到实效。" if basically else "",
    )


def _build_handled(
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
    _backdate(
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


# ---------------------------------------------------------------------------
# The key proposals' supervision: selection, activities, commitments and their progress
# ---------------------------------------------------------------------------

KEY_SELECTED_ON = date(2022, 2, 10)  # the CPPCC chairs' meeting (主席会议) that chose them

# Kinds of a key commitment: "done" (finished on time), "open" (a long-running measure, due
# after the day the demo is loaded) and "late" (past its due date, behind plan).
_KeyCommitment = tuple[str, date | None, str]
_KeyActivity = tuple[str, date, str, str]

# For each key proposal of 2022: why it was chosen, its supervision activities (between the
# assignment on 18 February and the reply) and, where its reply listed none, the measures of
# the seed's "下一步/下阶段" plans or its remaining work.
KEY_SUPERVISION: dict[int, tuple[str, tuple[_KeyActivity, ...], tuple[_KeyCommitment, ...]]] = {
    22: (
        "网格化服务管理是基层社会治理的基础,提案针对网格划分、平台整合和网格员队伍提出系统建议,"
        "涉及面广、群众关注度高。",
        (
            (
                "consultation",
                date(2022, 3, 16),
                "区政府第三会议室",
                "通报3月完成的新一轮网格调整:综合网格优化为713个、专属网格94个;"
                "提案者建议下一步把网格与管理单元联动,形成会议纪要交区委政法委落实。",
            ),
            (
                "inspection",
                date(2022, 4, 12),
                "区城市运行管理中心",
                "现场察看智能应用平台:已整合18个信息系统和6套视频会议系统,上连市城运中心、"
                "下连9个镇(街道)指挥中心、横向联通41个部门;督办领导要求补齐专职网格员缺员。",
            ),
        ),
        (
            (
                "细化“网格+管理单元”联动运行机制,推动网格治理与行业管理融合",
                date(2022, 9, 30),
                "done",
            ),
            ("建立线上实时监测体系,每个综合网格建立“网格微信群”", date(2022, 12, 31), "done"),
            (
                "迭代升级智能应用平台,推广智慧调解、智慧防疫、智慧安防、智慧法务等应用场景",
                None,
                "open",
            ),
        ),
    ),
    27: (
        "城市微更新关系老旧小区居民的切身利益,是年度民生实事的重点,需要住建、规划、"
        "城管等部门协同推进。",
        (
            (
                "research",
                date(2022, 3, 22),
                "东亭街道老旧小区改造项目现场",
                "调研老旧小区改造:全年63个项目中2个已完工、58个在建、3个在完善前期手续;"
                "提案者建议利用周边闲置土地增设停车场和口袋公园。",
            ),
            (
                "consultation",
                date(2022, 4, 14),
                "区政府第三会议室",
                "围绕《锡山区城市更新实施方案(试行)》协商片区化改造思路,"
                "明确配套充电桩、快递、垃圾分类和适老化设施的分工。",
            ),
        ),
        (
            ("完成58个在建老旧小区改造提升项目", date(2022, 12, 31), "done"),
            ("完善3个老旧小区改造项目的前期手续并开工建设", None, "late"),
            ("结合片区化改造增设公共停车场、适老设施和口袋公园", None, "open"),
        ),
    ),
    29: (
        "集成电路是我区“四新四强”产业集群的重点,提案对装备制造产业链和人才支撑的建议"
        "事关产业长远发展。",
        (
            (
                "research",
                date(2022, 3, 24),
                "锡山集成电路装备产业园",
                "调研产业园企业:集成电路集群规上企业比上年新增8家,松瓷单晶炉、核力创芯等项目已签约;"
                "企业反映高端人才和配套供应链不足。",
            ),
            (
                "consultation",
                date(2022, 4, 19),
                "区政府第三会议室",
                "协商《锡山区“十四五”集成电路产业发展规划》编制思路,"
                "依托江苏集萃集成电路应用技术创新中心建设培训实训一体的人才平台。",
            ),
        ),
        (),
    ),
    58: (
        "党建引领物业管理是破解小区治理难题的关键,列为2022年基层党建创新“一号工程”。",
        (
            (
                "forum",
                date(2022, 3, 29),
                "安镇街道社区党群服务中心",
                "与社区、业委会和物业企业座谈:56个小区成立业委会,其中党员组建的“红色业委会”24个;"
                "介绍“双向进入、交叉任职”和公证投票系统的做法。",
            ),
        ),
        (
            (
                "按信用档案和服务等级考核办法开展物业企业考评,实行“红黑榜”",
                date(2022, 12, 31),
                "done",
            ),
            ("推动更多商品房小区成立业主大会和业委会,扩大“红色业委会”覆盖面", None, "open"),
        ),
    ),
    63: (
        "镇(街道)综合行政执法承接赋权事项的能力亟需提升,提案对执法队伍、监督和赋权评估"
        "提出具体建议。",
        (
            (
                "research",
                date(2022, 3, 17),
                "东港镇综合行政执法局",
                "调研基层执法:全区近500人取得执法证,各镇(街道)按不低于1:3配齐执法辅助人员;"
                "基层反映部分赋权事项承接难度大。",
            ),
            (
                "consultation",
                date(2022, 4, 20),
                "区政府第三会议室",
                "协商镇(街道)行政权力事项清单动态管理办法,提出对赋权事项开展评估和调整试点。",
            ),
        ),
        (),
    ),
    80: (
        "数字经济是我区产业转型的关键增量,提案围绕产业数字化和数字产业化提出建议。",
        (
            (
                "inspection",
                date(2022, 3, 30),
                "锡山车联网产业园",
                "视察车联网产业园:今年新增投资1.79亿元,新增企业18家;"
                "察看红豆、新日“5G+工业互联网”平台建设情况。",
            ),
        ),
        (
            ("为企业开展数字化诊断,全年诊断企业不少于200家", date(2022, 12, 31), "done"),
            ("推进车联网、集成电路、数字信息等特色产业园建设,集聚数字经济核心企业", None, "open"),
        ),
    ),
    89: (
        "股权投资集聚是“产业+金融”融合发展的抓手,提案对基金招引和政府投资基金运作提出建议。",
        (
            (
                "consultation",
                date(2022, 3, 23),
                "区政府第三会议室",
                "通报政府投资基金管理暂行办法起草情况,全区已注册股权投资类企业115家;"
                "提案者建议为基金提供管家式服务和项目资源。",
            ),
            (
                "research",
                date(2022, 4, 13),
                "锡东新城商务区基金集聚区",
                "调研基金集聚区:母基金直投项目17个、8.9亿元,子基金投资项目219个;"
                "了解首支外资私募股权基金(QFLP)落地情况。",
            ),
        ),
        (
            ("出台政府投资基金管理流程,规范基金设立、投资和退出", date(2022, 9, 30), "done"),
            ("完善政府投资基金绩效评价,引导基金投资本地科创企业", None, "open"),
        ),
    ),
    93: (
        "民营企业对法律、税务、管理等专业服务需求迫切,提案建议组建服务民营企业专家团。",
        (
            (
                "forum",
                date(2022, 3, 31),
                "区工商联会议室",
                "与民营企业代表座谈:区工商联、税务、工信、应急等部门介绍法企服务平台、"
                "“阿福税通”云直播、“工信课堂”和安全生产专家库。",
            ),
        ),
        (
            ("邀请高质量发展讲师团优秀讲师为企业答疑解惑", date(2022, 9, 30), "done"),
            ("推动镇(街道)商会与基层执法单位建立联系协作机制", date(2022, 12, 31), "done"),
            ("锡山企业E键通平台新增企业供需对接功能,丰富线上课堂", None, "open"),
        ),
    ),
    116: (
        "居家养老是老龄化背景下群众最关心的民生问题,提案对养老服务圈、队伍和健康数据提出建议。",
        (
            (
                "inspection",
                date(2022, 3, 25),
                "东北塘综合养老服务中心",
                "视察东北塘综合养老服务中心试营业情况;全区享受助餐服务的老人占4.5%、"
                "居家援助服务的占21.73%。",
            ),
            (
                "consultation",
                date(2022, 4, 21),
                "区政府第三会议室",
                "协商“15分钟”养老服务圈和养老服务实训基地建设,提出到2023年建成至少2个实训基地。",
            ),
        ),
        (),
    ),
    130: (
        "文艺创作和文化印记品牌是彰显锡山文化软实力的重要载体,提案建议加大扶持力度。",
        (
            (
                "research",
                date(2022, 3, 18),
                "荡口古镇、倪瓒纪念馆",
                "调研文化印记项目:已确定30个锡山文化印记项目,倪瓒纪念馆焕新开放;"
                "了解群众文化团队获得市特色文化团队小额资助的情况。",
            ),
        ),
        (
            ("扶持历史题材锡剧《袁仁仪》等文艺精品打磨提升", date(2022, 12, 31), "done"),
            ("开展新一轮锡山文化印记项目征集评选和宣传推介", None, "open"),
        ),
    ),
}

_UPDATE_NOTES = (
    "制定推进方案,明确责任科室、时间节点,已启动实施。",
    "按节点推进,主要阶段性任务已完成,正在组织实施后续工作。",
    "持续推进中,已向提案者通报最新进展。",
)
_DONE_NOTE = "已全部完成,相关材料已归档,并向提案者通报了完成情况。"
_LATE_NOTE = "受前期审批和资金拨付影响,进度滞后于计划,正在协调有关部门加快推进。"


def _key_commitment_dates(kind: str, due: date | None, today: date) -> tuple[date, str, int]:
    """Due date, status and progress of a key commitment as the seed's plan suggests."""
    if kind == "done":
        return due or date(2022, 12, 31), Commitment.Status.DONE, 100
    if kind == "late":
        return today - timedelta(days=21), Commitment.Status.OPEN, 80
    return date(today.year + 1, 6, 30), Commitment.Status.OPEN, 65


def _update_plan(
    commitment: Commitment, rng: random.Random, today: date
) -> list[tuple[date, int, str]]:
    """Two or three dated reports rising to the commitment's progress, the last one when a
    finished measure was done, when an open one last moved, or a while ago for a late one."""
    start = commitment.start_on or date(2022, 5, 1)
    first = start + timedelta(days=rng.randint(30, 60))
    progress, due = commitment.progress, commitment.due_on
    late = False
    if commitment.status == Commitment.Status.DONE:
        last = min(due, today) - timedelta(days=rng.randint(0, 15))
    elif due >= today:
        last = today - timedelta(days=rng.randint(3, 20))
    elif due >= today - timedelta(days=60):
        last, late = today - timedelta(days=40), True
    else:
        last = due - timedelta(days=rng.randint(20, 60))
    last = max(last, first + timedelta(days=30))
    count = 3 if (last - first).days > 120 and progress >= 30 else 2
    days = [first + (last - first) * i // (count - 1) for i in range(count)]
    values = [max(5, round(progress * (i + 1) / count / 5) * 5) for i in range(count - 1)]
    values = [*sorted({v for v in values if v < progress}), progress]
    days = days[-len(values) :]
    plan = []
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        if value >= 100:
            note = _DONE_NOTE
        elif late and i == len(values) - 1:
            note = _LATE_NOTE
        else:
            note = _UPDATE_NOTES[min(i, len(_UPDATE_NOTES) - 1)]
        plan.append((day, value, note))
    return plan


def _load_key_supervision(session: Session, users: dict[str, User]) -> None:
    """The key proposals' selection, supervision activities and commitments, and dated
    progress reports on the session's commitments; only what is missing is added."""
    today = timezone.localdate()
    people = _people(users)
    clerk = users.get(CLERK)
    keys = list(
        KeyProposal.objects.filter(proposal__session=session)
        .select_related("proposal__lead_proposer", "lead_leader")
        .prefetch_related("supervisors")
    )
    replies = {
        r.proposal_id: r
        for r in Reply.objects.filter(
            proposal__session=session, status=Reply.Status.ACCEPTED
        ).select_related("unit")
    }
    co_units: dict[int, list[str]] = {}
    for a in Assignment.objects.filter(
        proposal__session=session, role=Assignment.Role.CO, status=Assignment.Status.ACTIVE
    ).select_related("unit"):
        co_units.setdefault(a.proposal_id, []).append(a.unit.name)
    with_activities = set(
        SupervisionActivity.objects.filter(key_proposal__in=keys).values_list(
            "key_proposal_id", flat=True
        )
    )
    with_commitments = set(
        Commitment.objects.filter(proposal__session=session).values_list("proposal_id", flat=True)
    )
    selected, activities, commitments, created = [], [], [], []
    for key in keys:
        plan = KEY_SUPERVISION.get(key.proposal.number or 0)
        reply = replies.get(key.proposal_id)
        if plan is None or reply is None:
            continue
        reason, acts, measures = plan
        if key.selected_at is None:
            key.selected_at = _moment(KEY_SELECTED_ON, 9, 30)
            key.reason = (
                f"{reason}经区政协主席会议研究,确定为重点提案,由区政府领导领办、区政协领导督办。"
            )
            selected.append(key)
        if key.pk not in with_activities:
            leader = key.lead_leader
            attendees = "、".join(
                [
                    *([f"{leader.title}{leader.name}(领办)"] if leader else []),
                    *(f"区政协{s.title}{s.name}(督办)" for s in key.supervisors.all()),
                    f"提案者{_who(key.proposal.lead_proposer)}",
                    f"{reply.unit.name}负责同志",
                    *(f"{u}负责同志" for u in co_units.get(key.proposal_id, [])),
                ]
            )
            for kind, held_on, place, summary in acts:
                activities.append(
                    SupervisionActivity(
                        key_proposal=key,
                        kind=kind,
                        held_on=held_on,
                        place=place,
                        attendees=attendees,
                        summary=summary,
                        created_by=clerk,
                    )
                )
                created.append(_moment(held_on, 17))
        if key.proposal_id not in with_commitments:
            for description, due, kind in measures:
                due_on, status, progress = _key_commitment_dates(kind, due, today)
                commitments.append(
                    Commitment(
                        proposal=key.proposal,
                        reply=reply,
                        description=description,
                        responsible_unit=reply.unit,
                        start_on=reply.replied_on,
                        due_on=due_on,
                        status=status,
                        progress=progress,
                    )
                )
    _update_rows(KeyProposal, selected, ["selected_at", "reason"])
    SupervisionActivity.objects.bulk_create(activities)
    _backdate(
        SupervisionActivity,
        "created_at",
        {a.pk: at for a, at in zip(activities, created, strict=True)},
    )
    Commitment.objects.bulk_create(commitments)
    _backdate(
        Commitment,
        "created_at",
        {c.pk: _moment(c.start_on or date(2022, 5, 18), 16) for c in commitments},
    )
    _add_progress_updates(session, {k.proposal_id for k in keys}, people, today)


def _add_progress_updates(
    session: Session, key_ids: set[int], people: _People, today: date
) -> None:
    """Dated reports for the commitments the demo made that have none: every key proposal's
    and most B replies' (the rest stay "reply-only", for the supervision list to flag)."""
    pending = list(
        Commitment.objects.filter(
            proposal__session=session,
            updates__isnull=True,
            children__isnull=True,
            created_at__lt=datetime(2024, 1, 1, tzinfo=TZ),
        )
        .exclude(status=Commitment.Status.CANCELLED)
        .select_related("proposal")
    )
    updates, when = [], []
    for commitment in pending:
        number = commitment.proposal.number or 0
        sampled = random.Random(f"{session.slug}/{number}/updates").random() < 0.7  # nosec B311 # seeded, repeatable demo data, not a secret
        if commitment.proposal_id not in key_ids and not sampled:
            continue
        rng = random.Random(f"{session.slug}/{number}/{commitment.description}")  # nosec B311 # seeded, repeatable demo data, not a secret
        for day, progress, note in _update_plan(commitment, rng, today):
            updates.append(
                ProgressUpdate(
                    commitment=commitment,
                    reported_on=day,
                    progress=progress,
                    note=note,
                    created_by=people.staff.get(commitment.responsible_unit_id),
                )
            )
            when.append(_moment(day, 10, rng.randrange(0, 60, 5)))
    ProgressUpdate.objects.bulk_create(updates)
    _backdate(ProgressUpdate, "created_at", {u.pk: at for u, at in zip(updates, when, strict=True)})


def _history(
    specs: Sequence[sd.ProposalSpec],
    by_number: dict[int, Proposal],
    plans: dict[int, _Dates],
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


def _backdate(model: type[models.Model], name: str, when: dict[Any, datetime]) -> None:
    """Set an auto_now_add field to when things really happened."""
    rows = []
    for pk, at in when.items():
        row = model(pk=pk)
        setattr(row, name, at)
        rows.append(row)
    _update_rows(model, rows, [name])


def _update_rows(
    model: type[models.Model], rows: Sequence[models.Model], names: Sequence[str]
) -> None:
    """Write `names` of each row, one prepared UPDATE run for all rows.

    Much faster than `bulk_update` (whose CASE expressions grow with rows times fields) and,
    like it, free of `save()`: auto_now_add fields keep the value given.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    sets = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(model._meta.pk.column)} = %s"  # nosec B608 # quoted identifiers, values bound
    )
    params = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# ---------------------------------------------------------------------------
# The closed sessions' handling records: contacts, co-unit opinions, signed letters, verdicts
# ---------------------------------------------------------------------------

# One stand-in letter for every closed-session reply (the seed has no letters to show).
LETTER_NAME = "replies/demo/reply-letter-demo.pdf"
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


def _letter_pdf(title: str = "") -> bytes:
    return demo_pdf(
        "Tian demo: signed and stamped reply letter",
        "(illustrative stand-in for the scanned letter)",
        *([f"Ref. {title}"] if title else []),
    )


def _shared_letter() -> str:
    """The closed sessions' one letter file, saved into MEDIA_ROOT the first time it is needed."""
    storage = Reply._meta.get_field("letter").storage
    if storage.exists(LETTER_NAME):
        return LETTER_NAME
    return storage.save(LETTER_NAME, ContentFile(_letter_pdf()))


@dataclass(frozen=True)
class _People:
    """The demo accounts who act for the office, each unit and each proposer."""

    office: User | None
    staff: dict[int, User]  # unit id -> the unit's demo 联络员
    leaders: dict[int, User]  # unit id -> the unit's demo 负责人
    members: dict[int, User]  # proposer id -> the proposer's demo account


def _people(users: dict[str, User]) -> _People:
    by_pk = {u.pk: u for u in users.values()}
    staff: dict[int, User] = {}
    leaders: dict[int, User] = {}
    rows = RoleAssignment.objects.filter(
        user_id__in=list(by_pk), role__in=[Role.UNIT_STAFF, Role.UNIT_LEADER], unit__isnull=False
    ).order_by("id")
    for user_id, role, unit_id in rows.values_list("user_id", "role", "unit_id"):
        (staff if role == Role.UNIT_STAFF else leaders).setdefault(unit_id, by_pk[user_id])
    return _People(
        office=users.get(OFFICE),
        staff=staff,
        leaders=leaders,
        members={u.proposer_id: u for u in users.values() if u.proposer_id},
    )


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


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


def _who(proposer: Proposer) -> str:
    return proposer.name if proposer.kind == Proposer.Kind.COLLECTIVE else f"{proposer.name}委员"


def _contact_summary(method: str, who: str) -> str:
    return {
        Contact.Method.PHONE: f"电话联系{who},了解提案背景和具体诉求,介绍办理思路和初步打算。",
        Contact.Method.VISIT: f"登门走访{who},当面听取对办理工作的意见和建议。",
        Contact.Method.MEETING: f"邀请{who}座谈面商,通报办理进展,共同研究推进措施。",
        Contact.Method.SITE: f"陪同{who}现场调研,实地查看有关情况,听取意见。",
    }[Contact.Method(method)]


def _complete_handled(
    session: Session, specs: Sequence[sd.ProposalSpec], users: dict[str, User]
) -> None:
    """Give a closed session's handling what it lacks; a complete session costs a few queries.

    Every proposal gets active assignments with their deadline start, a reply accepted in
    round 1 with its texts, signed letter, signer and disclosure, contacts with the proposer,
    every co-unit's opinion, commitments for B replies and a complete verdict — and the history
    of each step, dated when it happened.
    """
    spec_of = {spec.number: spec for spec in specs}
    people = _people(users)
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
    who = _who(reply.proposal.lead_proposer)
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
    people: _People,
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
        reply.signed_at = _moment(signed_on, rng.randint(9, 15), rng.randrange(0, 60, 5))
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
                _moment(assigned_on, 9, 30),
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
                _moment(accepted_on, 10, rng.randrange(0, 60, 5)),
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
                _moment(replied_on, 15, rng.randrange(0, 60, 5)),
            ),
        ]
    _update_rows(
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
    people: _People,
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
        who = _who(proposal.lead_proposer)
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
            second = _day_between(
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
                    summary=_contact_summary(method, who),
                    created_by=staff,
                )
            )
            when.append(_moment(day, rng.randint(9, 16), rng.randrange(0, 60, 5)))
    Contact.objects.bulk_create(contacts)
    _backdate(Contact, "created_at", {c.pk: at for c, at in zip(contacts, when, strict=True)})
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
    session: Session, assignments: Sequence[Assignment], people: _People
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
        day = _day_between(rng, (assigned_on + timedelta(days=20), replied_on - timedelta(days=14)))
        lead = lead_of.get(proposal.pk)
        opinions.append(
            CoOpinion(
                proposal=proposal,
                unit=assignment.unit,
                text=(
                    f"{assignment.unit.display_name}结合本单位职能研究了“{_topic(proposal.title)}”,"
                    "同意主办单位的办理思路。本单位将在职责范围内提供政策和数据支持,"
                    f"配合{lead.display_name if lead else '主办单位'}推进落实。"
                ),
                created_by=people.staff.get(assignment.unit_id),
            )
        )
        when.append(_moment(day, rng.randint(9, 16), rng.randrange(0, 60, 5)))
    CoOpinion.objects.bulk_create(opinions)
    _backdate(CoOpinion, "submitted_at", {o.pk: at for o, at in zip(opinions, when, strict=True)})
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
            "open",
            60,
        ),
        ("继续推进托育机构备案,推动已登记的照护机构全部完成备案", date(2023, 6, 30), "open", 45),
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
            "open",
            30,
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
        ("支持各镇(街道)单独或联合设立创新飞地,实现错位发展", date(2022, 12, 31), "open", 50),
    ),
}


def _generic_commitments(
    rng: random.Random, title: str, year: int
) -> list[tuple[str, date, str, int]]:
    """One to three measures for an illustrative B reply, due from year end to mid next year."""
    topic = _topic(title)
    late_done = rng.random() < 0.4
    candidates = [
        (f"围绕“{topic}”制定工作方案,明确责任分工和时间节点", date(year, 12, 31), "done", 100),
        (
            f"将“{topic}”相关项目列入{year + 1}年度工作计划并落实资金",
            date(year + 1, 3, 31),
            "done" if late_done else "open",
            100 if late_done else rng.randrange(50, 95, 5),
        ),
        (
            f"推进“{topic}”相关项目实施,并向提案者通报进展",
            date(year + 1, 6, 30),
            "open",
            rng.randrange(10, 75, 5),
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
            when.append(reply.submitted_at or _moment(reply.replied_on or due_on, 9))
    Commitment.objects.bulk_create(commitments)
    _backdate(Commitment, "created_at", {c.pk: at for c, at in zip(commitments, when, strict=True)})


def _complete_verdicts(session: Session, people: _People) -> list[tuple[AuditEvent, datetime]]:
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
    _update_rows(
        Feedback,
        feedbacks,
        ["round", "contact_made", "contact_method", "attitude", "result", "on_target"],
    )
    return events


# ---------------------------------------------------------------------------
# The open session: intake examples for every intake worklist
# ---------------------------------------------------------------------------


def _build_intake(session: Session, proposers: dict[str, Proposer], users: dict[str, User]) -> int:
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


def _keep_invitations_live(session: Session) -> None:
    """Move the demo's unanswered invitations' deadlines forward, so re-runs keep them live."""
    now = timezone.now()
    CoSignature.objects.filter(
        proposal__session=session,
        proposal__is_illustrative=True,
        proposal__status__in=[Status.DRAFT, Status.SUBMITTED],
        status=CoSignature.Status.INVITED,
        deadline__lt=now + timedelta(days=1),
    ).update(deadline=now + timedelta(days=session.cosign_days))


# ---------------------------------------------------------------------------
# The open session: handling examples for every handling worklist
# ---------------------------------------------------------------------------


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
        background=_DEMO_NOTE + "平台灵活就业人员大多未参加工伤保险,发生职业伤害后保障不足。",
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
        background=_DEMO_NOTE + "直播电商从业人员以灵活就业为主,技能培训和社会保障跟不上。",
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
        background=_DEMO_NOTE + "部分社区卫生服务中心全科医生不足,常用药品配备不全。",
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
        background=_DEMO_NOTE + "中小企业开展学徒制培训积极性不高,补贴申领手续繁琐。",
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
        background=_DEMO_NOTE + "部分老字号企业经营困难,品牌影响力下降。",
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
        background=_DEMO_NOTE + "部分学校周边小餐饮、小食杂店证照不全,食品来源不明。",
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
        background=_DEMO_NOTE + "马路劳务市场秩序乱,零工权益缺乏保障。",
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
        background=_DEMO_NOTE + "小微企业对稳岗返还政策知晓率不高,申领比例偏低。",
        suggestions="一、推行免申即享;二、加强政策宣传;三、简化申领流程。",
    ),
)
LIVE_TITLES: tuple[str, ...] = tuple(spec.title for spec in LIVE_PROPOSALS)


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
        _backdate(Notification, "created_at", self.notes)


def _build_live(
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
        people = _people(users)
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
        created_on = CALENDAR.on_or_before(self.assigned_on - timedelta(days=14))
        submitted_on = CALENDAR.on_or_after(created_on + timedelta(days=1))
        filed_on = CALENDAR.on_or_after(submitted_on + timedelta(days=3))
        times = {
            "created_at": _moment(created_on, 9, 20),
            "submitted_at": _moment(submitted_on, 10, 45),
            "decided_at": _moment(filed_on, 15, 30),
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
            times["submitted_at"], lambda: intake.submit_proposal(member, p, version=p.version)
        )
        p = self.fresh()
        self.clock.at(
            times["decided_at"],
            lambda: intake.file_proposal(self.clerk, p, version=p.version, category=category),
        )
        p = self.fresh()
        self.clock.at(
            _moment(self.assigned_on, 9, 30),
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
                _moment(self.day(spec.signed_for_days_ago), 10, 10),
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
            _moment(CALENDAR.on_or_after(self.assigned_on + timedelta(days=1)), 14, 20)
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
        who = _who(self.member.proposer)
        for method, stage, days_ago in contacts:
            day = self.day(days_ago)
            p = self.fresh()
            contact = self.clock.at(
                _moment(day, 16, 30),
                lambda p=p, day=day, method=method, stage=stage: handling.log_contact(
                    staff,
                    p,
                    unit=self.lead,
                    method=method,
                    stage=stage,
                    contacted_on=day,
                    summary=_contact_summary(method, who),
                    participants=f"{self.lead.display_name}分管负责人、经办人;{who}",
                ),
            )
            Contact.objects.filter(pk=contact.pk).update(
                created_at=self.clock.clamp(_moment(day, 16, 30))
            )

    def co_opinion(self, unit_name: str, text: str, days_ago: int) -> None:
        unit = next(u for u in self.co if u.name == unit_name)
        staff = self.staff[unit.pk]
        when = self.clock.clamp(_moment(self.day(days_ago), 11, 0))
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
        letter = ContentFile(_letter_pdf(), name="答复函.pdf")
        p = self.fresh()
        reply = self.clock.at(
            _moment(drafted_on, 15, 0),
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
            created_at=self.clock.clamp(_moment(drafted_on, 15, 0))
        )
        dates: dict[str, Any] = {}
        if spec.signed_days_ago is not None:
            leader = self.leaders[self.lead.pk]
            dates["signed_at"] = self.clock.clamp(_moment(self.day(spec.signed_days_ago), 9, 40))
            reply = self.clock.at(
                dates["signed_at"],
                lambda: handling.sign_reply(leader, reply, version=reply.version),
            )
        if spec.submitted_days_ago is not None:
            dates["submitted_at"] = self.clock.clamp(
                _moment(self.day(spec.submitted_days_ago), 10, 30)
            )
            reply = self.clock.at(
                dates["submitted_at"],
                lambda: handling.submit_reply(staff, reply, version=reply.version),
            )
        if replied_on is not None:
            dates["replied_on"] = replied_on
            reply = self.clock.at(
                _moment(replied_on, 16, 0),
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
        when = self.clock.clamp(_moment(verdict_on, 20, 15))
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


def _keep_live_items_current(session: Session) -> dict[str, str]:
    """Keep the handling examples nobody touched since the last run dated for today.

    The last run's DEMO_LOADED event lists the examples it left untouched and the day they
    were dated for; one with no history since that run and dated for an earlier day is
    deleted, and `_build_live` builds it again for today, so its deadlines again read "due
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
        _delete_proposals(Proposal.objects.filter(pk__in=stale))
    return kept


def _load_tracking(session: Session) -> None:
    """The cross-year proposals tracked in `session`, with the year's progress and verdicts."""
    from tian.handling.models import Verdict
    from tian.supervision.models import Tracking
    from tian.supervision.tracking.actions import join_tracking

    join_tracking(None, session)  # what the hourly sweep would have done
    for spec in sd.CROSS_YEAR_PROPOSALS:
        if spec.tracked_in != session.slug:
            continue
        # The seed: 委员对2件跨年度提案办理情况均表示满意 (autumn 2022).
        Tracking.objects.filter(
            session=session, proposal__session__slug=spec.session, proposal__number=spec.number
        ).filter(progress_report="").update(
            progress_report=spec.followup_summary,
            reported_at=_moment(date(session.year, 9, 15), 10),
            verdict=Verdict.SATISFIED,
            verdict_at=_moment(date(session.year, 10, 20), 15),
        )


# ---------------------------------------------------------------------------
# Figures for the console
# ---------------------------------------------------------------------------


def _figures(session: Session, created: int) -> SessionFigures:
    proposals = Proposal.objects.filter(session=session)
    counts = dict(proposals.values_list("status").annotate(n=Count("id")).order_by("status"))
    by_status = {status: counts[status] for status in Status.values if status in counts}
    grades = dict(
        Reply.objects.filter(
            proposal__session=session, grade__isnull=False, status=Reply.Status.ACCEPTED
        )
        .values_list("grade__code")
        .annotate(n=Count("proposal", distinct=True))
        .order_by("grade__code")
    )
    return SessionFigures(
        slug=session.slug,
        label=f"{session.body.name}{session.name}",
        total=proposals.count(),
        created=created,
        by_status=by_status,
        by_grade={f"{code}类": n for code, n in grades.items()},
        key_proposals=KeyProposal.objects.filter(proposal__session=session).count(),
    )
