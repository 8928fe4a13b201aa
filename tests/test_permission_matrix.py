"""Every URL of the project, for every persona, and — for the URLs about a proposal — for
every state a proposal passes through: who may open it and who is turned away.

The URL list is read from the URL configuration, so a new view without an entry in
EXPECTED or BY_STATE (or in the admin rules) fails this test until someone decides who may
see it. The eight proposals, one per state, are built once for the module by the real
actions (drafting, submitting, filing, assigning, accepting, replying, the verdict); every
request runs in a savepoint that is rolled back, so each cell sees the same world.

Two checks per cell: the status the tables below expect, and that it agrees with the
policy — a page answers 200 only where its rule in `tian.policy` allows, 403 only where
the rule denies — and a refused POST changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from unittest.mock import patch

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import build_personas, build_session, login
from tian import policy
from tian.audit.models import AuditEvent
from tian.directory.admin_roles import ADMIN_GROUPS
from tian.directory.models import Body, Leader, Role, Session, Unit, User
from tian.handling import actions as handling
from tian.handling.actions import CommitmentInput
from tian.handling.models import Assignment, CalendarDay, Grade, Reply, StatClass
from tian.proposals import actions as intake
from tian.proposals.models import Category, Proposal
from tian.supervision.commitments.actions import report_progress
from tian.supervision.key import actions as supervision
from tian.supervision.models import Commitment
from tian.supervision.tracking.actions import join_tracking
from tian.workflow import intake as workflow
from tian.workflow.models import Transition

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ALL_PERSONAS = [
    ANONYMOUS,
    "clerk",
    "office",
    "unit_clerk",
    "unit_head",
    "co_clerk",
    "co_head",
    "member",
    "cosigner",
    "collective",
    "leader",
    "sysadmin",
    "secadmin",
    "auditadmin",
]
STATES = [
    "draft",
    "submitted",
    "filed",
    "assigned",
    "handling",
    "replied",
    "rehandling",
    "closed",
]
STAFF = {"clerk", "office"}
LEAD_UNIT = {"unit_clerk", "unit_head"}
CO_UNIT = {"co_clerk", "co_head"}
UNITS = LEAD_UNIT | CO_UNIT
PROPOSERS = {"member", "cosigner"}  # the lead proposer and a co-signer who confirmed
WORKERS = STAFF | UNITS | {"member", "cosigner", "collective", "leader"}
ADMINS = {"sysadmin", "secadmin", "auditadmin"}
PERSONA_ROLE = {
    "sysadmin": Role.SYSTEM_ADMIN,
    "secadmin": Role.SECURITY_ADMIN,
    "auditadmin": Role.AUDIT_ADMIN,
}
ASSIGNED_STATES = ["assigned", "handling", "replied", "rehandling", "closed"]


# --------------------------------------------------------------------------- the world


def pdf(name: str = "附件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")


def png(name: str = "照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\0" * 16, content_type="image/png")


def fresh(proposal: Proposal) -> Proposal:
    return Proposal.objects.get(pk=proposal.pk)


@dataclass
class World:
    personas: Any
    session: Session
    proposals: dict[str, Proposal]
    kwargs: dict[str, dict[str, Any]] = field(default_factory=dict)
    session_keys: dict[str, str] = field(default_factory=dict)

    def user(self, persona: str) -> User | None:
        return None if persona == ANONYMOUS else getattr(self.personas, persona)

    def sign_in_everyone(self) -> None:
        """Sign each persona in once; the sessions last the whole module."""
        for persona in ALL_PERSONAS:
            user = self.user(persona)
            if user is not None:
                client = Client()
                login(client, user)
                self.session_keys[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def client(self, persona: str) -> Client:
        """A browser signed in as `persona` (a fresh one: a request may change its cookies)."""
        client = Client(raise_request_exception=False)
        if persona in self.session_keys:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.session_keys[persona]
        return client


def drive_to(state: str, personas: Any, session: Session, unit: Unit, co_unit: Unit) -> Proposal:
    """A proposal of the member's, co-signed by the cosigner, taken to `state` by the actions
    each person would take on their pages."""
    member, category = personas.member, Category.objects.filter(session=session).first()
    proposal = intake.create_proposal(
        member, session=session, lead_proposer=member.proposer, title=f"{state}的提案"
    )
    intake.update_draft(member, proposal, version=fresh(proposal).version, suggestions="建议")
    intake.add_attachment(member, proposal, pdf(f"{state}.pdf"))
    intake.invite_cosigners(member, proposal, [personas.cosigner.proposer])
    if state == "draft":
        return fresh(proposal)
    intake.respond_to_invitation(personas.cosigner, proposal, accept=True)
    proposal = workflow.submit_proposal(member, proposal, version=fresh(proposal).version)
    if state == "submitted":
        return fresh(proposal)
    proposal = workflow.file_proposal(
        personas.clerk, proposal, version=fresh(proposal).version, category=category
    )
    if state == "filed":
        return fresh(proposal)
    version = fresh(proposal).version
    handling.assign_proposal(personas.office, proposal, version=version, lead=unit, co=[co_unit])
    if state == "assigned":
        return fresh(proposal)
    handling.accept_assignment(personas.unit_clerk, proposal, version=fresh(proposal).version)
    if state == "handling":
        return fresh(proposal)
    handling.log_contact(
        personas.unit_clerk,
        proposal,
        unit=unit,
        method="phone",
        stage="before",
        contacted_on=timezone.localdate(),
        summary="电话听取意见",
    )
    handling.submit_co_opinion(personas.co_clerk, proposal, unit=co_unit, text="已列入预算。")
    reply = handling.save_reply(
        personas.unit_clerk,
        proposal,
        reply_version=None,
        unit=unit,
        grade=Grade.objects.get(session=session, code="B"),
        situation="已座谈。",
        measures="分步实施。",
        plan="年内完成。",
        disclosure="publish",
        commitments=[CommitmentInput("建设零工市场", unit, timezone.localdate() + timedelta(90))],
        letter=pdf("答复函.pdf"),
    )
    reply = handling.sign_reply(personas.unit_head, reply, version=reply.version)
    reply = handling.submit_reply(personas.unit_clerk, reply, version=reply.version)
    handling.review_reply(personas.office, reply, version=reply.version, accept=True)
    if state == "replied":
        return fresh(proposal)
    handling.submit_verdict(
        member,
        proposal,
        version=fresh(proposal).version,
        contact_made=True,
        contact_method="电话",
        attitude="satisfied",
        on_target="yes",
        result="dissatisfied" if state == "rehandling" else "satisfied",
    )
    return fresh(proposal)


def build_world() -> World:
    body = Body.objects.create(
        name="测试区政协", full_name="政协测试区委员会", kind=Body.Kind.CPPCC
    )
    session = build_session(body)
    session.is_open_for_submission = True
    session.save()
    unit = Unit.objects.create(name="区人力资源和社会保障局", short_name="人社局")
    personas = build_personas(session, unit)
    co_unit = personas.co_clerk.role_assignments.get().unit
    proposals = {s: drive_to(s, personas, session, unit, co_unit) for s in STATES}
    assert {s: p.status for s, p in proposals.items()} == {s: s for s in STATES}
    world = World(personas, session, proposals)

    # The objects the other URLs are about, each made by its action where there is one.
    assigned, handled, replied = (proposals[s] for s in ("assigned", "handling", "replied"))
    lead = assigned.assignments.get(unit=unit)
    objection = handling.object_to_assignment(personas.unit_clerk, lead, reason="不属本单位职能")
    draft_reply = handling.save_reply(
        personas.unit_clerk,
        handled,
        reply_version=None,
        unit=unit,
        grade=Grade.objects.get(session=session, code="A"),
        situation="已座谈。",
        measures="已落实。",
        plan="",
        disclosure="publish",
        letter=pdf("答复函.pdf"),
    )
    chair = Leader.objects.create(name="钱主席", title="政协主席", organisation="cppcc")
    key = supervision.select_key_proposal(
        personas.clerk,
        handled,
        reason="群众关注",
        lead_leader=personas.leader.leader,
        supervisors=[chair],
    )
    activity = supervision.record_activity(
        personas.clerk,
        key,
        kind="forum",
        held_on=timezone.localdate(),
        summary="座谈",
        photo=png(),
    )
    commitment = Commitment.objects.get(proposal=replied)
    update = report_progress(
        personas.unit_clerk,
        commitment,
        reported_on=timezone.localdate(),
        progress=10,
        note="启动",
        evidence=pdf("进展.pdf"),
    )
    from tian.supervision.reminders.notices import issue_notice

    notice = issue_notice(
        personas.office,
        handled,
        unit=unit,
        content="请加快办理。",
        respond_by=timezone.localdate() + timedelta(10),
    )
    tracking = _tracked_from_last_year(personas, session, unit)
    _admin_rows()
    world.kwargs = {
        "session": {"slug": session.slug},
        "assignment": {"pk": lead.pk},
        "objection": {"pk": objection.pk},
        "reply": {"pk": draft_reply.pk},
        "accepted_reply": {"pk": replied.replies.get().pk},
        "key": {"pk": key.pk},
        "activity": {"pk": activity.pk},
        "commitment": {"pk": commitment.pk},
        "update": {"pk": update.pk},
        "notice": {"pk": notice.pk},
        "tracking": {"pk": tracking.pk},
        "report": {"slug": session.slug, "fmt": "md"},
        "report_file": {"pk": _rendered_report(session).pk},
    }
    world.sign_in_everyone()
    return world


def _tracked_from_last_year(personas: Any, session: Session, unit: Unit) -> Any:
    """A proposal of an earlier session, graded in progress, on this year's tracking list."""
    earlier = Session.objects.create(
        body=session.body, term=session.term, name="四届五次会议", slug="test-2021", year=2021
    )
    grade = Grade.objects.create(
        session=earlier, code="B", label="正在解决", stat_class=StatClass.IN_PROGRESS
    )
    old = Proposal.objects.create(
        session=earlier,
        number=1,
        title="去年的提案",
        lead_proposer=personas.member.proposer,
        status="closed",
    )
    Assignment.objects.create(proposal=old, unit=unit, role=Assignment.Role.LEAD)
    co_unit = personas.co_clerk.role_assignments.get().unit
    Assignment.objects.create(proposal=old, unit=co_unit, role=Assignment.Role.CO)
    Reply.objects.create(
        proposal=old,
        unit=unit,
        grade=grade,
        status=Reply.Status.ACCEPTED,
        replied_on=date(2021, 6, 1),
    )
    (tracking,) = join_tracking(None, session)
    return tracking


def _rendered_report(session: Session) -> Any:
    """A report file the worker has finished, for its status page and download."""
    from tian.reports.models import ReportFile

    done = ReportFile.objects.create(session=session, format="md", status="done", progress=100)
    done.file.save("report.md", ContentFile(b"# report\n"))
    return done


def _admin_rows() -> None:
    """One row for each admin page that shows a single object of the libraries' models."""
    CalendarDay.objects.create(date=timezone.localdate(), is_workday=False, note="示例")
    now = timezone.now()
    trace = {
        "user_agent": "t",
        "ip_address": "127.0.0.1",
        "username": "intruder",
        "http_accept": "*/*",
        "path_info": "/accounts/login/",
        "attempt_time": now,
    }
    AccessAttempt.objects.create(get_data="", post_data="", failures_since_start=1, **trace)
    AccessLog.objects.create(**trace)
    AccessFailureLog.objects.create(**trace)
    DBTaskResult.objects.create(
        enqueued_at=now,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tian.example",
        backend_name="default",
        run_after=now,
        exception_class_path="",
        traceback="",
    )


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, media: Any) -> Any:
    """The world, built once for the module inside a transaction rolled back at its end
    (each test's own transaction nests inside it, as with setUpTestData)."""
    from django.test import override_settings

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Thousands of expected refusals: logging a traceback for each is most of the time.
    quiet = patch.object(logging.getLogger("django.request"), "level", logging.ERROR)
    with (
        quiet,
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _same_media(_test_settings: Any, settings: Any, media: Any) -> None:
    # The world's files live in the module's media folder, not each test's.
    settings.MEDIA_ROOT = media


# --------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Expect:
    """Who may use a URL; `method` POST for actions; `kwargs` names the sample object."""

    allowed: frozenset[str]
    method: str = "GET"
    kwargs: str = ""
    allowed_status: int | None = None
    anonymous_status: int = 302
    # Records a persona may not even see answer 404, as if they did not exist.
    hidden: frozenset[str] = frozenset()

    def status_for(self, persona: str) -> int:
        if persona == ANONYMOUS:
            return self.anonymous_status
        if persona in self.allowed:
            return self.allowed_status or (302 if self.method == "POST" else 200)
        return 404 if persona in self.hidden else 403


def allow(*who: str | set[str] | frozenset[str], **kw: Any) -> Expect:
    names: set[str] = set()
    for item in who:
        names |= {item} if isinstance(item, str) else set(item)
    if "hidden" in kw:
        kw["hidden"] = frozenset(kw["hidden"])
    return Expect(frozenset(names), **kw)


Rule = Callable[[User, Proposal], bool]


@dataclass(frozen=True)
class ByState:
    """Who may use a proposal's URL in each of its states, and the policy rule that decides
    it. A POST a persona may make answers 302 even when the state refuses the action (the
    reason is shown on the proposal's page); one they may not make answers 403."""

    allowed: dict[str, frozenset[str]]
    rule: Rule
    method: str = "GET"
    target: str = "proposal"  # or "attachment": the proposal's attachment

    def status_for(self, persona: str, state: str) -> int:
        if persona == ANONYMOUS:
            return 302
        if persona in self.allowed.get(state, frozenset()):
            return 302 if self.method == "POST" else 200
        return 403


def in_states(states: list[str], *who: str | set[str]) -> dict[str, frozenset[str]]:
    names: set[str] = set()
    for item in who:
        names |= {item} if isinstance(item, str) else set(item)
    return {state: frozenset(names) for state in states}


def merged(*tables: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    result: dict[str, frozenset[str]] = {}
    for table in tables:
        for state, names in table.items():
            result[state] = result.get(state, frozenset()) | names
    return result


NOT_DRAFT = STATES[1:]
# Who reads a proposal in each state (DESIGN §4): a draft is its author's (and the invited
# co-signer's) alone; staff from submission on; its units once assigned; the leader who
# leads it as a key proposal (here the one in handling).
READERS = merged(
    in_states(STATES, PROPOSERS),
    in_states(NOT_DRAFT, STAFF),
    in_states(ASSIGNED_STATES, UNITS),
    in_states(["handling"], "leader"),
)


def can(permission: str) -> Rule:
    return lambda user, proposal: policy.can(user, permission, proposal)


def readable_and(rule: Rule) -> Rule:
    return lambda user, proposal: (
        policy.can(user, "proposal.view", proposal) and rule(user, proposal)
    )


def for_a_unit(permission: str) -> Rule:
    """A handling rule about (proposal, unit), for any unit the person works for."""

    def rule(user: User, proposal: Proposal) -> bool:
        units = Unit.objects.filter(pk__in=user.unit_ids)
        return any(policy.can(user, permission, (proposal, unit)) for unit in units)

    return readable_and(rule)


def may_fire(code: str) -> Rule:
    """Whether the person may fire transition `code` of the proposal's workflow at all."""

    def rule(user: User, proposal: Proposal) -> bool:
        transitions = Transition.objects.filter(code=code)
        return any(policy.can(user, "transition", (proposal, t)) for t in transitions)

    return readable_and(rule)


BY_STATE: dict[str, ByState] = {
    "proposal-detail": ByState(READERS, can("proposal.view")),
    "attachment-download": ByState(READERS, can("attachment.view"), target="attachment"),
    "proposal-edit": ByState(in_states(["draft"], "member"), can("proposal.edit")),
    "proposal-submit": ByState(
        in_states(["draft"], "member"), can("proposal.submit"), method="POST"
    ),
    # Only an invitation still open lets one co-sign; the others were confirmed before.
    "proposal-cosign": ByState(
        in_states(["draft"], "cosigner"), can("proposal.cosign"), method="POST"
    ),
    "proposal-review": ByState(in_states(["submitted"], "clerk"), can("proposal.review")),
    # The committee proposes units for a filed proposal; the office assigns (its page opens
    # in any state it may read; the action refuses where the workflow has no assignment).
    "proposal-assign": ByState(
        merged(in_states(NOT_DRAFT, "office"), in_states(["filed"], "clerk")),
        readable_and(
            lambda user, proposal: (
                policy.can(user, "assignment.assign")
                or policy.can(user, "assignment.propose", proposal)
            )
        ),
    ),
    "proposal-accept": ByState(
        in_states(ASSIGNED_STATES, LEAD_UNIT), may_fire("accept_assignment"), method="POST"
    ),
    "proposal-contact": ByState(in_states(ASSIGNED_STATES, UNITS), for_a_unit("handling.contact")),
    # The co-unit's page: its clerk and its leader, never the lead unit.
    "proposal-co-opinion": ByState(
        in_states(ASSIGNED_STATES, CO_UNIT), for_a_unit("handling.co_opinion")
    ),
    "proposal-reply": ByState(in_states(ASSIGNED_STATES, LEAD_UNIT), for_a_unit("handling.reply")),
    "proposal-verdict": ByState(in_states(["replied"], "member"), can("feedback.give")),
    "proposal-extend": ByState(
        in_states(NOT_DRAFT, "office"), readable_and(can("handling.extend"))
    ),
    "proposal-close-without-verdict": ByState(
        in_states(NOT_DRAFT, "office"), may_fire("close_without_verdict"), method="POST"
    ),
    "key-select": ByState(in_states(NOT_DRAFT, STAFF), readable_and(can("key.select"))),
    "notice-issue": ByState(in_states(NOT_DRAFT, "office"), readable_and(can("notice.issue"))),
    "proposal-report-example": ByState(
        in_states(NOT_DRAFT, STAFF), readable_and(can("report.flag_example")), method="POST"
    ),
}

TRACKING_HIDDEN = {"cosigner", "collective", "leader"} | ADMINS
# The commitment and its progress belong to the replied proposal.
REPLIED_READERS = READERS["replied"]

EXPECTED: dict[str, Expect] = {
    # Home sends each person to their own page; signed-in people skip the login form.
    "home": allow(set(ALL_PERSONAS), allowed_status=302),
    "login": allow(set(ALL_PERSONAS), allowed_status=302, anonymous_status=200),
    "logout": allow(set(ALL_PERSONAS), method="POST"),
    # The health check answers a monitor, signed in or not, and tells nobody anything private.
    "healthz": allow(set(ALL_PERSONAS), anonymous_status=200),
    "account": allow(set(ALL_PERSONAS)),
    "password-change": allow(set(ALL_PERSONAS)),
    "otp-setup": allow(set(ALL_PERSONAS)),
    "otp-verify": allow(set(ALL_PERSONAS)),
    "worklist": allow(WORKERS),
    "proposal-list": allow(WORKERS),
    "proposal-export": allow(STAFF, UNITS, "leader"),
    "proposal-create": allow("clerk", "member", "cosigner", "collective"),
    "ledger-import": allow(STAFF),
    "ledger-export": allow(STAFF, kwargs="session"),
    "audit-log": allow("auditadmin"),
    # Batch assignment (批量交办) is the office's, as single assignment is.
    "assign-batch": allow("office"),
    "audit-export": allow("auditadmin"),
    "assignment-object": allow(LEAD_UNIT, kwargs="assignment"),
    "objection-decide": allow("office", kwargs="objection"),
    "reply-sign": allow("unit_head", method="POST", kwargs="reply"),
    "reply-submit": allow(LEAD_UNIT, method="POST", kwargs="reply"),
    # Posted without a file: refused with the reason on the proposal page.
    "reply-attach-letter": allow(LEAD_UNIT, method="POST", kwargs="reply"),
    "reply-review": allow("office", kwargs="reply"),
    "reply-letter": allow(LEAD_UNIT, kwargs="reply"),
    "reply-letter-draft": allow(LEAD_UNIT, "office", kwargs="reply"),
    "key-list": allow(STAFF, "leader"),
    "key-detail": allow(STAFF, "leader", kwargs="key"),
    "key-activity": allow(STAFF, "leader", method="POST", kwargs="key", allowed_status=200),
    "key-activity-photo": allow(STAFF, "leader", kwargs="activity"),
    # Posted without a reason: refused with the form shown again.
    "key-unselect": allow(STAFF, method="POST", kwargs="key", allowed_status=400),
    "commitment-list": allow(STAFF, "leader", UNITS),
    "commitment-import": allow("office"),
    "commitment-detail": allow(REPLIED_READERS, kwargs="commitment"),
    "commitment-progress": allow(LEAD_UNIT, method="POST", kwargs="commitment", allowed_status=400),
    "commitment-substep": allow(
        LEAD_UNIT, "office", method="POST", kwargs="commitment", allowed_status=400
    ),
    "progress-evidence": allow(REPLIED_READERS, kwargs="update"),
    "tracking-list": allow(STAFF, UNITS, "member", "cosigner", "collective"),
    "tracking-sync": allow("office", method="POST"),
    "tracking-report": allow(LEAD_UNIT, method="POST", kwargs="tracking", hidden=TRACKING_HIDDEN),
    "tracking-verdict": allow("member", method="POST", kwargs="tracking", hidden=TRACKING_HIDDEN),
    "tracking-close": allow("office", method="POST", kwargs="tracking", hidden=TRACKING_HIDDEN),
    "oversight": allow(STAFF),
    "notice-list": allow("office", UNITS),
    "notice-detail": allow("office", LEAD_UNIT, kwargs="notice"),
    "notice-acknowledge": allow(LEAD_UNIT, method="POST", kwargs="notice", allowed_status=400),
    # Unit evaluation: the ranking is circulated to units and leaders; staff export it.
    "evaluation-home": allow(STAFF, UNITS, "leader", allowed_status=302),
    "evaluation-table": allow(STAFF, UNITS, "leader", kwargs="session"),
    "evaluation-scheme": allow(STAFF, UNITS, "leader", kwargs="session"),
    "evaluation-export": allow(STAFF, kwargs="session"),
    "reply-quality": allow("office", kwargs="accepted_reply"),
    "inbox": allow(set(ALL_PERSONAS) - {ANONYMOUS}),
    "inbox-read": allow(set(ALL_PERSONAS) - {ANONYMOUS}, method="POST"),
    "report-home": allow(STAFF, "leader"),
    "report-download": allow(STAFF, "leader", kwargs="report"),
    "report-edit": allow(STAFF, kwargs="session"),
    "report-status": allow(STAFF, "leader", kwargs="report_file"),
    "report-file": allow(STAFF, "leader", kwargs="report_file"),
    "dashboard": allow(STAFF, "leader"),
    "dashboard-unit": allow(UNITS),
}


# --------------------------------------------------------------------------- requests


def walk(patterns: list, prefix: str = "") -> list[tuple[str, Any]]:
    """(name, pattern) for every named URL, namespaced like reverse() wants them."""
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found += walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{prefix}{entry.name}", entry))
    return found


ALL_URLS = sorted({name for name, _ in walk(get_resolver().url_patterns)})
PROJECT_URLS = [n for n in ALL_URLS if not n.startswith("admin:")]
ADMIN_URLS = [n for n in ALL_URLS if n.startswith("admin:")]
STATE_URLS = [n for n in PROJECT_URLS if n in BY_STATE]
OTHER_URLS = [n for n in PROJECT_URLS if n not in BY_STATE]


def signed_in(world: World, persona: str) -> Client:
    return world.client(persona)


def snapshot(proposal: Proposal | None) -> tuple[Any, ...]:
    """What a refused POST must leave as it was: the audit log and the proposal's state."""
    row = (
        ()
        if proposal is None
        else tuple(Proposal.objects.filter(pk=proposal.pk).values_list("status", "version").get())
    )
    return (AuditEvent.objects.count(), *row)


def answer(client: Client, method: str, url: str, proposal: Proposal | None = None) -> Any:
    """The status of one request, and whether it changed anything; the changes are rolled
    back, so every cell of the matrix sees the same world."""
    with transaction.atomic():
        before = snapshot(proposal)
        response = client.post(url) if method == "POST" else client.get(url)
        changed = snapshot(proposal) != before
        transaction.set_rollback(True)
    return response.status_code, changed


# --------------------------------------------------------------------------- tests


def test_every_project_url_has_an_expectation():
    assert sorted(set(PROJECT_URLS) - set(EXPECTED) - set(BY_STATE)) == []
    assert set(EXPECTED) & set(BY_STATE) == set()


def test_the_world_has_a_proposal_in_every_state_and_every_persona(world):
    assert [p.status for p in world.proposals.values()] == STATES
    assert {name for name, _ in world.personas.items()} == set(ALL_PERSONAS) - {ANONYMOUS}


@pytest.mark.parametrize("name", STATE_URLS)
def test_proposal_url_answers_each_persona_in_each_state_as_its_policy_says(name, world):
    expect = BY_STATE[name]
    wrong = []
    for persona in ALL_PERSONAS:
        client = signed_in(world, persona)
        user = world.user(persona)
        for state in STATES:
            proposal = world.proposals[state]
            pk = proposal.pk if expect.target == "proposal" else proposal.attachments.get().pk
            status, changed = answer(client, expect.method, reverse(name, args=[pk]), proposal)
            cell = f"{persona} × {state}"
            if status == 500:
                wrong.append(f"{cell}: 500")
            elif status != expect.status_for(persona, state):
                wrong.append(f"{cell}: {status}, expected {expect.status_for(persona, state)}")
            if user is not None and status in (200, 403):
                allowed = expect.rule(user, proposal)
                if (status == 200) != allowed:
                    wrong.append(f"{cell}: {status}, but the policy says allowed={allowed}")
            if status in (302, 403) and persona not in expect.allowed.get(state, ()) and changed:
                wrong.append(f"{cell}: refused, yet something changed")
    assert wrong == [], f"{name}: {wrong}"


@pytest.mark.parametrize("name", OTHER_URLS)
def test_project_url_allows_exactly_the_expected_roles(name, world):
    expect = EXPECTED[name]
    kwargs = world.kwargs[expect.kwargs] if expect.kwargs else {}
    url = reverse(name, kwargs=kwargs)
    wrong = []
    for persona in ALL_PERSONAS:
        status, changed = answer(signed_in(world, persona), expect.method, url)
        if status != expect.status_for(persona):
            wrong.append(f"{persona}: {status}, expected {expect.status_for(persona)}")
        elif status in (403, 404) and changed:
            wrong.append(f"{persona}: refused, yet something changed")
    assert wrong == [], f"{name}: {wrong}"


ADMIN_PERSONAS = set(PERSONA_ROLE)
NOT_ADMIN = set(ALL_PERSONAS) - ADMIN_PERSONAS
ADMIN_VERB = {
    "changelist": "view",
    "add": "add",
    "change": "view",
    "history": "view",
    "delete": "delete",
}


def admin_model_url(name: str) -> tuple[Any, str] | None:
    """(model, verb) for a model's admin URL such as admin:directory_unit_change."""
    for model in admin_site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model, ADMIN_VERB[name.removeprefix(prefix)]
    return None


def admins_allowed(label: str, verb: str) -> set[str]:
    allowed = set()
    for persona, role in PERSONA_ROLE.items():
        verbs = ADMIN_GROUPS[role].get(label, ())
        if verb in verbs or (verb == "view" and "change" in verbs):
            allowed.add(persona)
    return allowed


def site_wide_expectations(name: str) -> list[tuple[str, dict, dict[str, int]]]:
    """(method, kwargs, status per persona) for the admin site's own pages."""
    staff = {p: 200 for p in ADMIN_PERSONAS}
    others = {p: 302 for p in NOT_ADMIN}
    if name == "admin:index" or name.startswith("admin:password_change") or name == "admin:jsi18n":
        return [("GET", {}, staff | others)]
    if name == "admin:login":
        # Signed-in non-staff see the form with a "not authorised" note; staff go to the index.
        return [("GET", {}, {p: 200 for p in NOT_ADMIN} | {p: 302 for p in ADMIN_PERSONAS})]
    if name == "admin:logout":
        # LOGOUT_REDIRECT_URL sends everyone back to the login page.
        return [("POST", {}, {p: 302 for p in ALL_PERSONAS})]
    if name == "admin:autocomplete":
        return [("GET", {}, {p: 403 for p in ADMIN_PERSONAS} | others)]
    if name == "admin:view_on_site":
        kwargs = {"content_type_id": 1, "object_id": "1"}
        return [("GET", kwargs, {p: 404 for p in ADMIN_PERSONAS} | others)]
    if name == "admin:auth_user_password_change":
        # Setting someone's password is changing the user: the system admin's job alone.
        user_id = str(User.objects.order_by("pk").first().pk)
        statuses = others | {"sysadmin": 200, "secadmin": 403, "auditadmin": 403}
        return [("GET", {"id": user_id}, statuses)]
    if name == "admin:app_list":
        cases = []
        for app_label in sorted({m._meta.app_label for m in admin_site._registry}):
            statuses = dict(others)
            for persona, role in PERSONA_ROLE.items():
                apps = {label.split(".")[0] for label in ADMIN_GROUPS[role]}
                statuses[persona] = 200 if app_label in apps else 404
            cases.append(("GET", {"app_label": app_label}, statuses))
        return cases
    raise AssertionError(f"{name}: no expectation for this admin page; add one")


@pytest.mark.parametrize("name", ADMIN_URLS)
def test_admin_url_admits_only_the_admin_whose_domain_it_is(name, world):
    found = admin_model_url(name)
    if found is None:
        cases = site_wide_expectations(name)
    else:
        model, verb = found
        allowed = admins_allowed(model._meta.label_lower, verb)
        statuses = {p: 302 for p in NOT_ADMIN}
        statuses |= {p: 200 if p in allowed else 403 for p in ADMIN_PERSONAS}
        kwargs = {}
        if verb != "add" and not name.endswith("_changelist"):
            obj = model._default_manager.order_by("pk").first()
            assert obj is not None, f"{name}: the fixture world has no {model.__name__}"
            kwargs = {"object_id": str(obj.pk)}
        cases = [("GET", kwargs, statuses)]
    wrong = []
    for method, kwargs, statuses in cases:
        url = reverse(name, kwargs=kwargs)
        for persona in ALL_PERSONAS:
            status, _ = answer(signed_in(world, persona), method, url)
            if status != statuses[persona]:
                wrong.append(f"{url} {persona}: {status}, expected {statuses[persona]}")
    assert wrong == []
