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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import chinese_calendar
from axes.utils import reset as reset_lockouts
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Case, Count, F, Max, Value, When
from django.db.models.functions import Least
from django.utils import timezone

from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.demo import seed_data as sd
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
from tian.handling.deadlines import add_months
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
from tian.supervision.models import Commitment, KeyProposal

TZ = ZoneInfo("Asia/Shanghai")
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
        lines += ["", f"打开 http://127.0.0.1:{port}/ ,用以上任一账号登录。"]
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
        open_session = sessions[INTAKE_SESSION.slug]
        created[INTAKE_SESSION.slug] = _build_intake(open_session, proposers, users)
        _keep_invitations_live(open_session)
        live = _keep_live_items_current(open_session)
        built = _build_live(open_session, units, proposers, users)
        created[INTAKE_SESSION.slug] += len(built)
        live.update(built)
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
    proposals.exclude(merged_into=None).update(merged_into=None)
    # A re-handling protects the verdict that started it; the messages would lead nowhere.
    Rehandling.objects.filter(proposal__in=proposals).delete()
    Notification.objects.filter(proposal__in=proposals).delete()
    count = proposals.count()
    proposals.delete()
    return count


# ---------------------------------------------------------------------------
# The directory
# ---------------------------------------------------------------------------

M = TypeVar("M", bound=models.Model)


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


def _workday(day: date) -> date:
    """The first working day on or after `day` (statutory holidays and adjusted workdays)."""
    while True:
        try:
            if chinese_calendar.is_workday(day):
                return day
        except NotImplementedError:
            if day.weekday() < 5:
                return day
        day += timedelta(days=1)


def _day_between(rng: random.Random, span: tuple[date, date]) -> date:
    start, end = span
    return _workday(start + timedelta(days=rng.randint(0, (end - start).days)))


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
    rng = random.Random(f"{spec.session}/{spec.number}")
    replied_on = _day_between(rng, timeline.replied)
    # 满意率和基本满意率 100%: never dissatisfied; invented proposers are sometimes 基本满意.
    basically = spec.illustrative and rng.random() < (0.25 if spec.grade == "B" else 0.08)
    return _Dates(
        submitted_at=_at(_day_between(rng, timeline.submitted), rng),
        filed_at=_at(_day_between(rng, timeline.filed), rng),
        assigned_on=timeline.assigned_on,
        replied_on=replied_on,
        feedback_at=_at(_workday(replied_on + timedelta(days=rng.randint(7, 20))), rng),
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
    AuditEvent.objects.bulk_create(events)
    _backdate(AuditEvent, "created_at", {e.pk: at for e, at in zip(events, when, strict=True)})


def _backdate(model: type[models.Model], name: str, when: dict[Any, datetime]) -> None:
    """Set an auto_now_add field to when things really happened (one UPDATE per 200 rows)."""
    items = list(when.items())
    output_field = model._meta.get_field(name)
    for start in range(0, len(items), 200):
        chunk = items[start : start + 200]
        model._default_manager.filter(pk__in=[pk for pk, _ in chunk]).update(
            **{
                name: Case(
                    *[When(pk=pk, then=Value(at)) for pk, at in chunk],
                    output_field=output_field,
                )
            }
        )


# ---------------------------------------------------------------------------
# The open session: intake examples for every intake worklist
# ---------------------------------------------------------------------------


def _build_intake(
    session: Session, proposers: dict[str, Proposer], users: dict[str, User]
) -> int:
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
        events: list[tuple[AuditEvent, datetime]] = [
            (
                record_event(
                    author, EventType.PROPOSAL_CREATED, proposal=proposal, target=proposal
                ),
                created_at,
            )
        ]
        events += _intake_cosignatures(proposal, spec, proposers, author, created_at, now)
        if submitted_at is not None:
            event = record_event(
                author, EventType.PROPOSAL_SUBMITTED, proposal=proposal, target=proposal
            )
            events.append((event, submitted_at))
        if decided_at is not None:
            events += [(e, decided_at) for e in _decision_events(proposal, spec, clerk)]
        _backdate(AuditEvent, "created_at", {e.pk: at for e, at in events})
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
) -> list[tuple[AuditEvent, datetime]]:
    """Invitations to co-sign: live ones end in the future, confirmed ones were answered."""
    events: list[tuple[AuditEvent, datetime]] = []
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
            event = record_event(
                author, EventType.COSIGN_INVITED, proposal=proposal, target=signature, message=name
            )
            events.append((event, invited_at))
            if confirmed:
                event = record_event(
                    None,
                    EventType.COSIGN_CONFIRMED,
                    proposal=proposal,
                    target=signature,
                    message=name,
                )
                events.append((event, invited_at + timedelta(hours=23)))
    return events


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
