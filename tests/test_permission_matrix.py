"""Every URL of the project, for every role: who may open it and who is turned away.

The URL list is read from the URL configuration, so a new view without an entry in
EXPECTED (or in the admin rules) fails this test until someone decides who may see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.sites import site as admin_site
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import login
from tian.directory.admin_roles import ADMIN_GROUPS
from tian.directory.models import Role, Session, User
from tian.handling.models import (
    Assignment,
    CalendarDay,
    Grade,
    ReassignmentRequest,
    Reply,
    StatClass,
)
from tian.proposals import actions
from tian.proposals.models import Category, Proposal
from tian.supervision.models import (
    Commitment,
    KeyProposal,
    ProgressUpdate,
    SupervisionActivity,
    SupervisionNotice,
    Tracking,
)

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ALL_PERSONAS = [
    ANONYMOUS,
    "clerk",
    "office",
    "unit_clerk",
    "unit_head",
    "member",
    "cosigner",
    "collective",
    "leader",
    "sysadmin",
    "secadmin",
    "auditadmin",
]
WORKERS = {
    "clerk",
    "office",
    "unit_clerk",
    "unit_head",
    "co_clerk",
    "member",
    "cosigner",
    "collective",
    "leader",
}
LEAD_UNIT = {"unit_clerk", "unit_head"}
PERSONA_ROLE = {
    "sysadmin": Role.SYSTEM_ADMIN,
    "secadmin": Role.SECURITY_ADMIN,
    "auditadmin": Role.AUDIT_ADMIN,
}


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


TRACKING_HIDDEN = frozenset(
    {"cosigner", "collective", "leader", "sysadmin", "secadmin", "auditadmin"}
)
HANDLED_VIEWERS = {"clerk", "office", "unit_clerk", "unit_head", "co_clerk", "member", "leader"}

EXPECTED: dict[str, Expect] = {
    # Home sends each person to their own page; signed-in people skip the login form.
    "home": allow(set(ALL_PERSONAS), allowed_status=302),
    "login": allow(set(ALL_PERSONAS), allowed_status=302, anonymous_status=200),
    "logout": allow(set(ALL_PERSONAS), method="POST"),
    "account": allow(set(ALL_PERSONAS)),
    "password-change": allow(set(ALL_PERSONAS)),
    "otp-setup": allow(set(ALL_PERSONAS)),
    "otp-verify": allow(set(ALL_PERSONAS)),
    "worklist": allow(WORKERS),
    "proposal-list": allow(WORKERS),
    "proposal-create": allow("clerk", "member", "cosigner", "collective"),
    "proposal-detail": allow(HANDLED_VIEWERS, kwargs="handled"),
    "proposal-edit": allow("member", kwargs="draft"),
    "proposal-submit": allow("member", method="POST", kwargs="draft"),
    "proposal-cosign": allow("cosigner", method="POST", kwargs="draft"),
    "proposal-review": allow("clerk", kwargs="submitted"),
    "attachment-download": allow(HANDLED_VIEWERS, kwargs="attachment"),
    "ledger-import": allow("clerk", "office"),
    "ledger-confirm": allow("clerk", "office", method="POST"),
    "ledger-export": allow("clerk", "office", kwargs="session"),
    "audit-log": allow("auditadmin"),
    "proposal-assign": allow("office", "clerk", kwargs="filed"),
    "proposal-accept": allow(LEAD_UNIT, method="POST", kwargs="handled"),
    "proposal-contact": allow(LEAD_UNIT, "co_clerk", kwargs="handled"),
    "proposal-co-opinion": allow("co_clerk", kwargs="handled"),
    "proposal-reply": allow(LEAD_UNIT, kwargs="handled"),
    "proposal-verdict": allow("member", kwargs="replied"),
    "proposal-extend": allow("office", kwargs="handled"),
    "proposal-close-without-verdict": allow("office", method="POST", kwargs="replied"),
    "assignment-object": allow(LEAD_UNIT, kwargs="assignment"),
    "objection-decide": allow("office", kwargs="objection"),
    "reply-sign": allow("unit_head", method="POST", kwargs="reply"),
    "reply-submit": allow(LEAD_UNIT, method="POST", kwargs="reply"),
    "reply-review": allow("office", kwargs="reply"),
    "reply-letter": allow(LEAD_UNIT, kwargs="reply"),
    "key-list": allow("clerk", "office", "leader"),
    "key-select": allow("clerk", "office", kwargs="filed"),
    "key-detail": allow("clerk", "office", "leader", kwargs="key"),
    "key-activity": allow(
        "clerk", "office", "leader", method="POST", kwargs="key", allowed_status=200
    ),
    "key-activity-photo": allow("clerk", "office", "leader", kwargs="activity"),
    # Posted without a reason: refused with the form shown again.
    "key-unselect": allow("clerk", "office", method="POST", kwargs="key", allowed_status=400),
    "commitment-list": allow("clerk", "office", "leader", "co_clerk", LEAD_UNIT),
    "commitment-import": allow("office"),
    "commitment-detail": allow(HANDLED_VIEWERS, kwargs="commitment"),
    "commitment-progress": allow(LEAD_UNIT, method="POST", kwargs="commitment", allowed_status=400),
    "commitment-substep": allow(
        LEAD_UNIT, "office", method="POST", kwargs="commitment", allowed_status=400
    ),
    "progress-evidence": allow(HANDLED_VIEWERS, kwargs="update"),
    "tracking-list": allow(
        "clerk", "office", LEAD_UNIT, "co_clerk", "member", "cosigner", "collective"
    ),
    "tracking-report": allow(LEAD_UNIT, method="POST", kwargs="tracking", hidden=TRACKING_HIDDEN),
    "tracking-verdict": allow("member", method="POST", kwargs="tracking", hidden=TRACKING_HIDDEN),
    "tracking-close": allow("office", method="POST", kwargs="tracking", hidden=TRACKING_HIDDEN),
    "oversight": allow("clerk", "office"),
    "notice-issue": allow("office", kwargs="handled"),
    "notice-list": allow("office", LEAD_UNIT, "co_clerk"),
    "notice-detail": allow("office", LEAD_UNIT, kwargs="notice"),
    "notice-acknowledge": allow(LEAD_UNIT, method="POST", kwargs="notice", allowed_status=400),
    # Unit evaluation: the ranking is circulated to units and leaders; staff export it.
    "evaluation-home": allow("clerk", "office", LEAD_UNIT, "leader", allowed_status=302),
    "evaluation-table": allow("clerk", "office", LEAD_UNIT, "leader", kwargs="session"),
    "evaluation-scheme": allow("clerk", "office", LEAD_UNIT, "leader", kwargs="session"),
    "evaluation-export": allow("clerk", "office", kwargs="session"),
    "reply-quality": allow("office", kwargs="accepted_reply"),
    "inbox": allow(set(ALL_PERSONAS) - {ANONYMOUS}),
    "inbox-read": allow(set(ALL_PERSONAS) - {ANONYMOUS}, method="POST"),
    "report-home": allow("clerk", "office", "leader"),
    "report-download": allow("clerk", "office", "leader", kwargs="report"),
    "report-edit": allow("clerk", "office", kwargs="session"),
    "report-status": allow("clerk", "office", "leader", kwargs="report_file"),
    "report-file": allow("clerk", "office", "leader", kwargs="report_file"),
    "proposal-report-example": allow("clerk", "office", method="POST", kwargs="handled"),
    "dashboard": allow("clerk", "office", "leader"),
    "dashboard-unit": allow(LEAD_UNIT, "co_clerk"),
}


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


@pytest.fixture
def world(personas, session, unit):
    """One proposal in each state a URL needs, owned and shared as the personas expect."""
    category = Category.objects.filter(session=session).first()
    member = personas.member
    draft = actions.create_proposal(
        member, session=session, lead_proposer=member.proposer, title="草稿", suggestions="建议"
    )
    actions.invite_cosigners(member, draft, [personas.cosigner.proposer])
    submitted = actions.create_proposal(
        member, session=session, lead_proposer=member.proposer, title="待审", suggestions="建议"
    )
    actions.submit_proposal(member, submitted, version=submitted.version)
    handled = actions.create_proposal(
        member, session=session, lead_proposer=member.proposer, title="已交办", suggestions="建议"
    )
    pdf = SimpleUploadedFile("附件.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    attachment = actions.add_attachment(member, handled, pdf)
    handled.refresh_from_db()
    actions.submit_proposal(member, handled, version=handled.version)
    handled.refresh_from_db()
    actions.file_proposal(personas.clerk, handled, version=handled.version, category=category)
    handled.refresh_from_db()
    handled.status = "assigned"
    handled.save()
    lead = Assignment.objects.create(proposal=handled, unit=unit, role=Assignment.Role.LEAD)
    co_unit = personas.co_clerk.role_assignments.get().unit
    Assignment.objects.create(proposal=handled, unit=co_unit, role=Assignment.Role.CO)
    key = KeyProposal.objects.create(proposal=handled, lead_leader=personas.leader.leader)
    activity = SupervisionActivity.objects.create(
        key_proposal=key, kind="forum", held_on=timezone.localdate(), summary="座谈"
    )
    commitment = Commitment.objects.create(
        proposal=handled, responsible_unit=unit, description="措施", due_on=date(2099, 1, 1)
    )
    update = ProgressUpdate.objects.create(
        commitment=commitment,
        reported_on=timezone.localdate(),
        progress=10,
        note="启动",
        evidence_type="application/pdf",
    )
    update.evidence.save("e.pdf", ContentFile(b"%PDF-1.4\n"))
    activity.photo.save("photo.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 16))
    objection = ReassignmentRequest.objects.create(assignment=lead, reason="不属本单位职能")
    reply = Reply.objects.create(
        proposal=handled,
        unit=unit,
        status=Reply.Status.DRAFT,
        round=1,
        letter_type="application/pdf",
    )
    reply.letter.save("letter.pdf", ContentFile(b"%PDF-1.4\n"))
    filed = actions.create_proposal(
        member, session=session, lead_proposer=member.proposer, title="已立案", suggestions="建议"
    )
    filed.status, filed.number = "filed", 90
    filed.save()
    replied = actions.create_proposal(
        member, session=session, lead_proposer=member.proposer, title="已答复", suggestions="建议"
    )
    replied.status, replied.number = "replied", 91
    replied.save()
    accepted_reply = Reply.objects.create(
        proposal=replied, unit=unit, status=Reply.Status.ACCEPTED, replied_on=timezone.localdate()
    )
    CalendarDay.objects.create(date=timezone.localdate(), is_workday=False, note="示例")
    # One row for each admin page that shows a single object of the libraries' models.
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
    tracking = _tracked_from_last_year(personas, session, unit, co_unit)
    notice = SupervisionNotice.objects.create(
        proposal=handled,
        unit=unit,
        year=2023,
        number=1,
        content="督办",
        respond_by=timezone.localdate(),
        issued_by=personas.office,
        issued_at=timezone.now(),
    )
    return {
        "notice": {"pk": notice.pk},
        "tracking": {"pk": tracking.pk},
        "draft": {"pk": draft.pk},
        "submitted": {"pk": submitted.pk},
        "handled": {"pk": handled.pk},
        "attachment": {"pk": attachment.pk},
        "session": {"slug": session.slug},
        "filed": {"pk": filed.pk},
        "replied": {"pk": replied.pk},
        "assignment": {"pk": lead.pk},
        "objection": {"pk": objection.pk},
        "reply": {"pk": reply.pk},
        "key": {"pk": key.pk},
        "activity": {"pk": activity.pk},
        "commitment": {"pk": commitment.pk},
        "update": {"pk": update.pk},
        "accepted_reply": {"pk": accepted_reply.pk},
        "report": {"slug": session.slug, "fmt": "md"},
        "report_file": {"pk": _rendered_report(session).pk},
    }


def _rendered_report(session):
    """A report file the worker has finished, for its status page and download."""
    from tian.reports.models import ReportFile

    done = ReportFile.objects.create(session=session, format="md", status="done", progress=100)
    done.file.save("report.md", ContentFile(b"# report\n"))
    return done


def _tracked_from_last_year(personas, session, unit, co_unit):
    """A proposal of an earlier session, graded in progress, tracked in this one."""
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
    Assignment.objects.create(proposal=old, unit=co_unit, role=Assignment.Role.CO)
    Reply.objects.create(
        proposal=old,
        unit=unit,
        grade=grade,
        status=Reply.Status.ACCEPTED,
        replied_on=date(2021, 6, 1),
    )
    return Tracking.objects.create(proposal=old, session=session)


def request(client, persona: str, personas, name: str, expect: Expect, kwargs: dict) -> int:
    client.logout()
    if persona != ANONYMOUS:
        login(client, getattr(personas, persona))
    url = reverse(name, kwargs=kwargs)
    response = client.post(url) if expect.method == "POST" else client.get(url)
    return response.status_code


def test_every_project_url_has_an_expectation():
    assert sorted(set(PROJECT_URLS) - set(EXPECTED)) == []


@pytest.mark.parametrize("name", PROJECT_URLS)
def test_project_url_allows_exactly_the_expected_roles(name, client, personas, world):
    expect = EXPECTED[name]
    kwargs = world[expect.kwargs] if expect.kwargs else {}
    wrong = []
    # Denied personas first: an allowed POST may change the object for those after it.
    order = sorted(ALL_PERSONAS, key=lambda p: p in expect.allowed)
    for persona in order:
        status = request(client, persona, personas, name, expect, kwargs)
        if status != expect.status_for(persona):
            wrong.append(f"{persona}: {status}, expected {expect.status_for(persona)}")
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
def test_admin_url_admits_only_the_admin_whose_domain_it_is(name, client, personas, world):
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
            client.logout()
            if persona != ANONYMOUS:
                login(client, getattr(personas, persona))
            status = (client.post(url) if method == "POST" else client.get(url)).status_code
            if status != statuses[persona]:
                wrong.append(f"{url} {persona}: {status}, expected {statuses[persona]}")
    assert wrong == []
