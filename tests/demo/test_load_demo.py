"""`tian load-demo` builds the seed's sessions, people and accounts, and can run again."""

from __future__ import annotations

import re
import subprocess  # nosec B404 # pdftotext reads the letter back
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import RequestFactory, override_settings
from django.utils import timezone

from tian import policy
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.demo import seed_data as sd
from tian.demo.common import LETTER_NAME, open_session
from tian.demo.intake import INTAKE_PROPOSALS
from tian.demo.live import LIVE_PROPOSALS
from tian.demo.loader import load_demo
from tian.demo.records import demo_pdf, letter_pdf
from tian.demo.summary import DemoSummary
from tian.directory.models import (
    Body,
    Leader,
    Proposer,
    Role,
    RoleAssignment,
    Session,
    Unit,
    User,
)
from tian.handling import actions as handling
from tian.handling.deadlines import proposal_deadlines
from tian.handling.models import (
    Assignment,
    Contact,
    CoOpinion,
    Feedback,
    ReassignmentRequest,
    Rehandling,
    Reply,
    StatClass,
    Verdict,
)
from tian.handling.queries import handling_context
from tian.notifications.models import Notification
from tian.proposals.models import CoSignature, Proposal, Status
from tian.proposals.queries import worklist
from tian.reports.figures import satisfaction
from tian.supervision.models import (
    Commitment,
    KeyProposal,
    ProgressUpdate,
    SupervisionActivity,
)

pytestmark = pytest.mark.django_db

OPEN = open_session(timezone.localdate()).slug  # the open session of the year of loading

KEY_PROPOSERS = {
    22: "民进",
    27: "殷洁",
    29: "陆知纬",
    58: "张琳",
    63: "农工党",
    80: "经科农委",
    89: "九三学社",
    93: "提案委",
    116: "鹅湖镇工委会",
    130: "民盟",
}


@pytest.fixture(scope="module")
def media(tmp_path_factory: Any) -> Path:
    """Where the module's demo saves its letters."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _demo_media(media: Path, settings: Any) -> None:
    # Read the letters where the module's demo saved them, not in each test's own folder.
    settings.MEDIA_ROOT = media


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, media: Path) -> Iterator[DemoSummary]:
    """The demo, loaded once for this module; each test's changes roll back after it."""
    # The real hasher takes ~0.5 s per password; what is tested is that the credentials work.
    with (
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=media,
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


def proposals_of(slug: str) -> Any:
    return Proposal.objects.filter(session__slug=slug)


def record_counts() -> dict[str, int]:
    models = (
        Body,
        Session,
        Unit,
        Proposer,
        Leader,
        User,
        RoleAssignment,
        Proposal,
        CoSignature,
        Assignment,
        Reply,
        Feedback,
        KeyProposal,
        Contact,
        CoOpinion,
        Commitment,
        ProgressUpdate,
        SupervisionActivity,
        ReassignmentRequest,
        Rehandling,
        Notification,
    )
    return {model.__name__: model.objects.count() for model in models}


def account(username: str) -> User:
    return User.objects.get(username=username)


def live(title: str) -> Proposal:
    return proposals_of(OPEN).get(title=title)


def spec_for(status: str, lead_unit: str) -> Any:
    (spec,) = [s for s in LIVE_PROPOSALS if s.status == status and s.lead_unit == lead_unit]
    return spec


def in_worklist(user: User, key: str, proposal: Proposal) -> bool:
    """Whether `proposal` is listed in the `key` box of `user`'s worklist (待办)."""
    sections = {section.key: section for section in worklist(user)}
    return proposal in sections[key].items


def days_left(proposal: Proposal, name: str) -> int:
    return proposal_deadlines(proposal)[name].days_left(timezone.localdate())


RENSHE = "区人力资源和社会保障局"
SHANGWU = "区商务局"
WEIJIAN = "区卫生健康委员会"


def test_the_2022_session_holds_158_proposals_numbered_1_to_158(demo: DemoSummary) -> None:
    numbers = list(proposals_of("xishan-2022").values_list("number", flat=True))
    assert sorted(numbers) == list(range(1, 159))


def test_the_2022_proposals_split_by_category_as_the_report_says(demo: DemoSummary) -> None:
    counts = dict(proposals_of("xishan-2022").values_list("category__name").annotate(n=Count("id")))
    assert counts == {
        "经济发展类": 53,
        "城乡建设管理类": 39,
        "社会事业类": 41,
        "社会治理及其他类": 25,
    }


def test_replies_grade_122_proposals_a_and_36_b(demo: DemoSummary) -> None:
    replies = Reply.objects.filter(proposal__session__slug="xishan-2022")
    counts = dict(replies.values_list("grade__code").annotate(n=Count("proposal", distinct=True)))
    assert counts == {"A": 122, "B": 36}
    assert replies.count() == 158


def test_every_2022_proposal_is_closed_and_no_proposer_is_dissatisfied(demo: DemoSummary) -> None:
    assert set(proposals_of("xishan-2022").values_list("status", flat=True)) == {Status.CLOSED}
    feedbacks = Feedback.objects.filter(proposal__session__slug="xishan-2022")
    assert feedbacks.count() == 158
    assert not feedbacks.filter(attitude=Verdict.DISSATISFIED).exists()
    assert not feedbacks.filter(result=Verdict.DISSATISFIED).exists()


def test_the_report_examples_keep_their_seed_numbers_and_titles(demo: DemoSummary) -> None:
    examples = proposals_of("xishan-2022").filter(is_report_example=True)
    assert dict(examples.values_list("number", "title")) == {
        69: "关于缓解企业用工荒用工难的建议",
        18: "关于加快打造特色商业街区的建议",
        12: "关于鼓励0-3岁托育服务进入社区的建议",
        53: "关于加强无锡市运东大包围北兴塘北部区域畅水活流方案研究的建议",
    }


def test_the_ten_key_proposals_are_led_by_gov_and_supervised_by_cppcc(demo: DemoSummary) -> None:
    keys = KeyProposal.objects.filter(proposal__session__slug="xishan-2022").select_related(
        "proposal__lead_proposer", "lead_leader"
    )
    assert {k.proposal.number: k.proposal.lead_proposer.name for k in keys} == KEY_PROPOSERS
    for key in keys:
        assert key.lead_leader.organisation == Leader.Organisation.GOVERNMENT
        supervisors = list(key.supervisors.all())
        assert supervisors
        assert {s.organisation for s in supervisors} == {Leader.Organisation.CPPCC}


def test_the_2021_session_holds_the_two_cross_year_proposals(demo: DemoSummary) -> None:
    proposals = proposals_of("xishan-2021")
    assert sorted(proposals.values_list("number", flat=True)) == [1, 20]
    assert set(proposals.values_list("status", flat=True)) == {Status.CLOSED}
    grades = Reply.objects.filter(proposal__in=proposals).values_list("grade__code", flat=True)
    assert sorted(grades) == ["B", "B"]
    assert set(
        Feedback.objects.filter(proposal__in=proposals).values_list("result", flat=True)
    ) == {Verdict.SATISFIED}


def test_every_role_has_an_account_that_logs_in_with_the_demo_password(demo: DemoSummary) -> None:
    request = RequestFactory().post("/accounts/login/")
    for role in Role:
        account = User.objects.filter(role_assignments__role=role).first()
        assert account is not None, role
        user = authenticate(request, username=account.username, password=sd.DEMO_PASSWORD)
        assert user == account, role


def test_admin_roles_give_admin_site_access_and_working_roles_do_not(demo: DemoSummary) -> None:
    assert User.objects.get(username="sysadmin").is_staff
    assert User.objects.get(username="auditadmin").is_staff
    assert not User.objects.get(username="tiwei").is_staff
    assert not User.objects.filter(is_superuser=True).exists()


def test_demo_accounts_are_marked_and_their_password_passes_the_rules(demo: DemoSummary) -> None:
    from django.contrib.auth.password_validation import validate_password

    validate_password(sd.DEMO_PASSWORD)
    usernames = [str(a["username"]) for a in sd.ACCOUNTS]
    accounts = User.objects.filter(username__in=usernames)
    assert accounts.count() == len(usernames)
    assert all(a.is_demo_account and not a.must_change_password for a in accounts)


def test_the_demo_admins_sign_in_with_the_demo_password_and_must_enrol_a_second_factor(
    demo: DemoSummary,
) -> None:
    from django.test import Client
    from django.urls import reverse

    for username in ("sysadmin", "secadmin", "auditadmin"):
        client = Client()
        signed_in = client.post(
            reverse("login"), {"username": username, "password": sd.DEMO_PASSWORD}
        )
        admin = client.get(reverse("admin:index"))
        assert signed_in.status_code == 302, username
        assert admin.status_code == 302 and admin.url.startswith(reverse("otp-setup")), username
        assert client.get(reverse("otp-setup")).status_code == 200


def test_load_demo_runs_again_on_its_own_database(demo: DemoSummary) -> None:
    from tian.demo.management.commands.load_demo import demo_refusal

    assert demo_refusal(force=False) == ""


def test_loading_again_creates_nothing_new(demo: DemoSummary) -> None:
    before = record_counts()

    again = load_demo()

    assert record_counts() == before
    assert sum(s.created for s in again.sessions) == 0


def test_loading_again_keeps_what_a_demo_user_changed(demo: DemoSummary) -> None:
    draft = proposals_of(OPEN).get(status=Status.DRAFT, lead_proposer__name="殷洁")
    draft.title = "关于完善社区公共空间适老化改造的建议(修改稿)"
    draft.save()

    load_demo()

    mine = proposals_of(OPEN).filter(lead_proposer__name="殷洁")
    handling_examples = [s.title for s in LIVE_PROPOSALS if s.author == "yinjie"]
    assert mine.exclude(title__in=handling_examples).get() == draft
    assert mine.filter(title__in=handling_examples).count() == len(handling_examples)


def test_loading_again_resets_a_changed_password(demo: DemoSummary) -> None:
    user = User.objects.get(username="jiangjiaxing")
    user.set_password("something-else")
    user.save()

    load_demo()

    assert User.objects.get(username="jiangjiaxing").check_password(sd.DEMO_PASSWORD)


def test_reset_rebuilds_the_demo_proposals(demo: DemoSummary) -> None:
    proposals_of("xishan-2022").filter(number=69).update(title="改过的题目")

    summary = load_demo(reset=True)

    assert summary.deleted == 160 + len(INTAKE_PROPOSALS) + len(LIVE_PROPOSALS)
    assert proposals_of("xishan-2022").count() == 158
    assert proposals_of("xishan-2022").get(number=69).title == "关于缓解企业用工荒用工难的建议"


def test_the_open_session_has_live_intake_work(demo: DemoSummary) -> None:
    session = Session.objects.get(slug=OPEN)
    assert session.is_open_for_submission
    proposals = proposals_of(OPEN)
    assert {p.is_illustrative for p in proposals} == {True}
    invitation = CoSignature.objects.get(
        proposal__session=session, status=CoSignature.Status.INVITED
    )
    assert invitation.proposer.name == "胡艳峰"
    assert invitation.proposal.lead_proposer.name == "蒋加星"
    assert invitation.deadline > timezone.now()
    assert proposals.filter(status=Status.SUBMITTED).count() >= 2
    filed = proposals.get(status=Status.FILED)
    assert filed.number == 1
    assert proposals.get(status=Status.MERGED).merged_into == filed
    assert proposals.get(status=Status.REJECTED).decision_reason


def test_intake_examples_carry_their_history(demo: DemoSummary) -> None:
    filed = proposals_of(OPEN).get(status=Status.FILED)
    events = list(filed.events.order_by("created_at", "id").values_list("event_type", flat=True))
    assert events[:3] == [
        EventType.PROPOSAL_CREATED,
        EventType.PROPOSAL_SUBMITTED,
        EventType.PROPOSAL_FILED,
    ]
    assert filed.events.latest("created_at").created_at < timezone.now()


def test_intake_examples_have_one_lead_proposer_each() -> None:
    # A re-run recognises an example by its proposer, whatever a demo user did to its title.
    names = [spec.lead_proposer for spec in INTAKE_PROPOSALS]
    assert len(names) == len(set(names))


def test_the_command_prints_the_accounts_and_the_address(
    demo: DemoSummary, monkeypatch: Any
) -> None:
    monkeypatch.setenv("PORT", "8123")
    out = StringIO()

    call_command("load_demo", stdout=out)

    text = out.getvalue()
    assert "演示数据已载入" in text
    assert "xishan-2022):提案 158 件" in text
    for account in sd.ACCOUNTS:
        assert str(account["username"]) in text
    assert sd.DEMO_PASSWORD in text
    assert "http://127.0.0.1:8123/" in text


# ---------------------------------------------------------------------------
# The closed 2022 session: complete handling records
# ---------------------------------------------------------------------------


def replies_2022() -> Any:
    return Reply.objects.filter(proposal__session__slug="xishan-2022").select_related(
        "unit", "grade", "signer"
    )


def test_the_demo_letter_is_a_well_formed_pdf() -> None:
    data = demo_pdf("Reply (demo)", "line two")

    assert data.startswith(b"%PDF-1.")
    assert data.rstrip().endswith(b"%%EOF")
    xref_at = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[xref_at:].startswith(b"xref")
    offsets = re.findall(rb"(\d{10}) 00000 n", data)
    assert len(offsets) == 5
    for number, offset in enumerate(offsets, 1):
        assert data[int(offset) :].startswith(b"%d 0 obj" % number)


def test_the_demo_letter_reads_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter_pdf("关于建设零工市场促进灵活就业的建议"))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "已签发并加盖公章的答复函" in text
    assert "关于建设零工市场促进灵活就业的建议" in text
    assert not re.search(r"[A-Za-z]", text)


def test_every_2022_reply_is_accepted_in_round_one_with_its_texts_and_a_pdf_letter(
    demo: DemoSummary, media: Path
) -> None:
    replies = list(replies_2022())

    assert len(replies) == 158
    for reply in replies:
        assert (reply.status, reply.round, reply.disclosure) == ("accepted", 1, "publish")
        assert reply.situation and reply.measures and reply.plan, reply.proposal_id
        assert reply.letter.name == LETTER_NAME
        assert reply.letter_type == "application/pdf"
    assert (media / LETTER_NAME).read_bytes().startswith(b"%PDF-")


def test_2022_replies_were_signed_and_sent_before_the_office_accepted_them(
    demo: DemoSummary,
) -> None:
    for reply in replies_2022():
        assert reply.signed_at < reply.submitted_at
        assert timezone.localtime(reply.submitted_at).date() < reply.replied_on


def test_2022_replies_are_signed_by_the_lead_units_demo_leader_where_it_has_one(
    demo: DemoSummary,
) -> None:
    leaders = dict(
        RoleAssignment.objects.filter(role=Role.UNIT_LEADER).values_list("unit_id", "user_id")
    )
    signed = 0
    for reply in replies_2022():
        assert reply.signer_id == leaders.get(reply.unit_id), reply.proposal_id
        signed += reply.signer_id is not None
    assert signed > 0


def test_2022_assignments_are_active_and_count_their_deadline_from_the_assignment(
    demo: DemoSummary,
) -> None:
    assignments = Assignment.objects.filter(proposal__session__slug="xishan-2022")

    assert set(assignments.values_list("status", flat=True)) == {Assignment.Status.ACTIVE}
    for assigned_on, deadline_from in assignments.values_list("assigned_on", "deadline_from"):
        assert assigned_on is not None and deadline_from == assigned_on


def test_every_2022_proposal_has_a_contact_by_its_lead_unit_between_assignment_and_reply(
    demo: DemoSummary,
) -> None:
    proposals = proposals_of("xishan-2022").prefetch_related("assignments", "contacts", "replies")
    for proposal in proposals:
        (lead,) = [a for a in proposal.assignments.all() if a.role == Assignment.Role.LEAD]
        (reply,) = proposal.replies.all()
        contacts = [c for c in proposal.contacts.all() if c.unit_id == lead.unit_id]
        assert contacts, proposal.number
        for contact in contacts:
            assert lead.assigned_on < contact.contacted_on < reply.replied_on
    methods = Contact.objects.filter(proposal__session__slug="xishan-2022").values("method")
    assert methods.distinct().count() >= 3


def test_every_2022_co_unit_sent_its_opinion_before_the_reply(demo: DemoSummary) -> None:
    co = Assignment.objects.filter(proposal__session__slug="xishan-2022", role=Assignment.Role.CO)
    replied = dict(replies_2022().values_list("proposal_id", "replied_on"))
    opinions = {
        (o.proposal_id, o.unit_id): o
        for o in CoOpinion.objects.filter(proposal__session__slug="xishan-2022")
    }

    assert co.exists()
    assert len(opinions) == co.count()
    for assignment in co:
        opinion = opinions[(assignment.proposal_id, assignment.unit_id)]
        assert opinion.text
        assert timezone.localtime(opinion.submitted_at).date() < replied[assignment.proposal_id]


def test_every_2022_verdict_is_complete_and_satisfaction_is_100_percent(
    demo: DemoSummary,
) -> None:
    content = {Verdict.SATISFIED, Verdict.BASICALLY}
    feedbacks = Feedback.objects.filter(proposal__session__slug="xishan-2022")

    assert feedbacks.count() == 158
    for feedback in feedbacks:
        assert (feedback.round, feedback.responded, feedback.contact_made) == (1, True, True)
        assert feedback.contact_method
        assert feedback.attitude in content and feedback.result in content
        assert feedback.on_target in ("yes", "mostly")
    assert satisfaction(Session.objects.get(slug="xishan-2022")) == {
        "attitude": "100.0",
        "result": "100.0",
        "responses": 158,
        "no_response": 0,
    }


def test_every_2022_b_reply_lists_one_to_three_commitments_of_its_lead_unit(
    demo: DemoSummary,
) -> None:
    b_replies = replies_2022().filter(grade__code="B").prefetch_related("commitments")

    assert b_replies.count() == 36
    for reply in b_replies:
        commitments = list(reply.commitments.all())
        assert 1 <= len(commitments) <= 3, reply.proposal_id
        for commitment in commitments:
            assert commitment.responsible_unit_id == reply.unit_id
            assert commitment.start_on == reply.replied_on
            assert "2022-12-01" <= commitment.due_on.isoformat() <= "2023-06-30"
            assert commitment.status in ("open", "done")
            assert 0 <= commitment.progress <= 100
    # Of the A replies, only the key proposals' carry commitments (their further plans).
    a_replies = replies_2022().filter(grade__code="A").exclude(proposal__key__isnull=False)
    assert not Commitment.objects.filter(reply__in=a_replies).exists()


def test_the_report_examples_12_and_53_carry_the_seeds_plans_as_commitments(
    demo: DemoSummary,
) -> None:
    def measures(number: int) -> str:
        rows = Commitment.objects.filter(
            proposal__session__slug="xishan-2022", proposal__number=number
        )
        return " ".join(rows.values_list("description", flat=True))

    assert "工作清单" in measures(12) and "托育" in measures(12) and "备案" in measures(12)
    assert "畅流活水" in measures(53) and "政府投资项目三年计划" in measures(53)


def test_a_2022_proposal_reads_from_submission_to_closing_in_its_history(
    demo: DemoSummary,
) -> None:
    proposal = proposals_of("xishan-2022").get(number=69)
    events = list(proposal.events.order_by("created_at", "id").values_list("event_type", flat=True))

    steps = [
        e for e in events if e not in (EventType.CONTACT_LOGGED, EventType.CO_OPINION_SUBMITTED)
    ]
    assert steps == [
        EventType.PROPOSAL_SUBMITTED,
        EventType.PROPOSAL_FILED,
        EventType.PROPOSAL_ASSIGNED,
        EventType.ASSIGNMENT_ACCEPTED,
        EventType.REPLY_SAVED,
        EventType.REPLY_SIGNED,
        EventType.REPLY_SUBMITTED,
        EventType.REPLY_ACCEPTED,
        EventType.PROPOSAL_CLOSED,
    ]
    first_contact = events.index(EventType.CONTACT_LOGGED)
    assert events.index(EventType.ASSIGNMENT_ACCEPTED) < first_contact
    assert first_contact < events.index(EventType.REPLY_SAVED)
    closings = AuditEvent.objects.filter(
        proposal__session__slug="xishan-2022", event_type=EventType.PROPOSAL_CLOSED
    )
    assert closings.count() == 158


# ---------------------------------------------------------------------------
# The open 2023 session: a handling example for every handling worklist
# ---------------------------------------------------------------------------


def example(test: Any) -> Proposal:
    (spec,) = [spec for spec in LIVE_PROPOSALS if test(spec)]
    return live(spec.title)


def assigned_today() -> Proposal:
    return example(lambda s: s.status == Status.ASSIGNED and not s.objection)


def due_soon() -> Proposal:
    return example(lambda s: s.reply_due_in_days is not None)


def overdue() -> Proposal:
    return example(lambda s: s.lead_unit == WEIJIAN)


def test_each_handling_example_is_in_its_state_led_by_a_demo_member(demo: DemoSummary) -> None:
    for spec in LIVE_PROPOSALS:
        proposal = live(spec.title)
        member = account(spec.author)
        assert proposal.status == spec.status, spec.title
        assert proposal.is_illustrative
        assert proposal.lead_proposer_id == member.proposer_id
        lead = proposal.assignments.get(role=Assignment.Role.LEAD)
        assert (lead.unit.name, lead.status) == (spec.lead_unit, Assignment.Status.ACTIVE)
        mine = {section.key: section for section in worklist(member)}["mine"]
        assert proposal in mine.items, spec.title


def test_renshe_has_a_proposal_assigned_today_to_sign_for_within_the_objection_window(
    demo: DemoSummary,
) -> None:
    proposal = assigned_today()
    today = timezone.localdate()
    roles = {a.unit.name: a for a in proposal.assignments.select_related("unit")}
    renshe = account("renshe")

    assert {name: a.role for name, a in roles.items()} == {RENSHE: "lead", SHANGWU: "co"}
    assert {(a.assigned_on, a.deadline_from) for a in roles.values()} == {(today, today)}
    assert not proposal_deadlines(proposal)["objection"].is_overdue(today)
    assert in_worklist(renshe, "to-accept", proposal)
    assert in_worklist(account("shangwu"), "co-opinions", proposal)
    assert "accept_assignment" in handling_context(renshe, proposal)["transitions"]
    assert Notification.objects.filter(recipient=renshe, proposal=proposal).exists()


def test_renshe_has_a_reply_due_soon_that_still_waits_for_shangwus_co_opinion(
    demo: DemoSummary,
) -> None:
    proposal = due_soon()
    shangwu = account("shangwu")

    assert proposal.status == Status.HANDLING
    assert 0 < days_left(proposal, "reply") <= 14
    assert proposal.contacts.filter(unit__name=RENSHE).exists()
    assert proposal.assignments.get(unit__name=SHANGWU).role == Assignment.Role.CO
    assert not proposal.co_opinions.exists()
    assert in_worklist(account("renshe"), "due-soon", proposal)
    assert in_worklist(shangwu, "co-opinions", proposal)
    assert handling_context(shangwu, proposal)["may_co_opinion"]


def test_weijian_has_a_proposal_assigned_four_months_ago_and_overdue(demo: DemoSummary) -> None:
    proposal = overdue()
    assignment = proposal.assignments.get()

    assert proposal.status == Status.HANDLING
    assert not proposal.replies.exists()
    assert (timezone.localdate() - assignment.deadline_from).days >= 110
    assert days_left(proposal, "reply") < 0
    assert in_worklist(account("weijian"), "overdue-unit", proposal)
    assert in_worklist(account("ducha"), "overdue", proposal)


def test_renshes_leader_has_a_drafted_reply_to_sign(demo: DemoSummary) -> None:
    proposal = example(lambda s: s.grade is not None and s.signed_days_ago is None)
    reply = proposal.replies.get()

    assert proposal.status == Status.HANDLING
    assert (reply.status, reply.unit.name, reply.signer) == (Reply.Status.DRAFT, RENSHE, None)
    with reply.letter.open("rb") as letter:
        assert letter.read(5) == b"%PDF-"
    assert handling_context(account("renshe_lead"), proposal)["signable"] == [reply]
    assert in_worklist(account("renshe_lead"), "to-sign", proposal)


def test_the_office_has_a_signed_reply_from_shangwu_to_review(demo: DemoSummary) -> None:
    proposal = example(lambda s: s.submitted_days_ago is not None and s.replied_days_ago is None)
    reply = proposal.replies.get()

    assert (reply.status, reply.unit.name) == (Reply.Status.SUBMITTED, SHANGWU)
    assert reply.signer == account("shangwu_lead")
    assert reply.signed_at < reply.submitted_at < timezone.now()
    assert handling_context(account("ducha"), proposal)["reviewable"] == [reply]
    assert in_worklist(account("ducha"), "review-replies", proposal)


def test_the_office_has_shangwus_objection_to_decide(demo: DemoSummary) -> None:
    proposal = example(lambda s: bool(s.objection))
    request = ReassignmentRequest.objects.get(assignment__proposal=proposal)
    due = proposal_deadlines(proposal)["objection"]

    assert proposal.status == Status.ASSIGNED
    assert request.status == ReassignmentRequest.Status.PENDING
    assert request.assignment.unit.name == SHANGWU
    assert request.created_by == account("shangwu")
    assert request.suggested_unit == "区市场监督管理局"
    assert timezone.localtime(request.created_at).date() <= due.due
    assert policy.can(account("ducha"), "assignment.decide_objection", request)
    assert in_worklist(account("ducha"), "objections", proposal)


def test_jiangjiaxing_is_asked_for_a_verdict_on_a_b_reply_with_commitments(
    demo: DemoSummary,
) -> None:
    proposal = example(lambda s: s.status == Status.REPLIED)
    jiang = account("jiangjiaxing")
    reply = proposal.replies.get()

    assert proposal.lead_proposer_id == jiang.proposer_id
    assert (reply.status, reply.grade.code) == (Reply.Status.ACCEPTED, "B")
    assert reply.grade.stat_class == StatClass.IN_PROGRESS
    assert reply.commitments.exists()
    assert reply.signer == account("renshe_lead")
    assert proposal.co_opinions.filter(unit__name=SHANGWU).exists()
    assert not proposal.feedbacks.exists()
    assert days_left(proposal, "verdict") >= 0
    assert handling_context(jiang, proposal)["may_verdict"]
    assert in_worklist(jiang, "verdict", proposal)


def test_huyanfengs_dissatisfied_verdict_sent_a_proposal_back_to_renshe_for_round_two(
    demo: DemoSummary,
) -> None:
    proposal = example(lambda s: s.status == Status.REHANDLING)
    rehandling = proposal.rehandlings.get()
    renshe = account("renshe")

    assert rehandling.round == 2
    assert rehandling.feedback.result == Verdict.DISSATISFIED
    assert rehandling.feedback.proposer.name == "胡艳峰"
    assert proposal.assignments.get(role=Assignment.Role.LEAD).unit.name == RENSHE
    assert days_left(proposal, "rehandling") >= 0
    assert in_worklist(renshe, "handling", proposal)
    assert handling_context(renshe, proposal)["may_reply"]


def test_handling_examples_carry_their_history_in_the_past(demo: DemoSummary) -> None:
    now = timezone.now()
    for spec in LIVE_PROPOSALS:
        events = list(live(spec.title).events.order_by("created_at", "id"))
        assert [e.event_type for e in events][:4] == [
            EventType.PROPOSAL_CREATED,
            EventType.PROPOSAL_SUBMITTED,
            EventType.PROPOSAL_FILED,
            EventType.PROPOSAL_ASSIGNED,
        ]
        assert all(e.created_at < now for e in events), spec.title
    replied = [e.event_type for e in example(lambda s: s.status == Status.REPLIED).events.all()]
    assert EventType.REPLY_ACCEPTED in replied


def test_a_later_run_moves_untouched_handling_examples_forward_to_today(
    demo: DemoSummary,
) -> None:
    before = {
        spec.title: live(spec.title).assignments.get(role="lead").assigned_on
        for spec in LIVE_PROPOSALS
    }

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        load_demo()

        # Rebuilt for the new day (the audit log keeps the old example's history as written).
        for spec in LIVE_PROPOSALS:
            after = live(spec.title).assignments.get(role="lead").assigned_on
            assert after >= before[spec.title], spec.title
        assert assigned_today().assignments.get(role="lead").assigned_on == timezone.localdate()
        assert 0 < days_left(due_soon(), "reply") <= 14
        assert days_left(overdue(), "reply") < 0


def test_a_later_run_leaves_alone_a_handling_example_a_demo_user_acted_on(
    demo: DemoSummary,
) -> None:
    proposal = assigned_today()
    handling.accept_assignment(account("renshe"), proposal, version=proposal.version)

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        load_demo()

    assert assigned_today().status == Status.HANDLING
    lead = assigned_today().assignments.get(role="lead")
    assert lead.assigned_on == timezone.localdate()


def test_each_key_proposal_was_selected_with_a_reason_and_supervised(demo: DemoSummary) -> None:
    keys = KeyProposal.objects.filter(proposal__session__slug="xishan-2022").select_related(
        "proposal", "lead_leader"
    )
    assert keys.count() == 10
    for key in keys:
        number = key.proposal.number
        assert key.selected_at is not None, number
        assert key.selected_at.year == 2022 and key.selected_at.month <= 2, number
        assert "重点提案" in key.reason and len(key.reason) > 40, number
        reply = key.proposal.replies.get(status=Reply.Status.ACCEPTED)
        assigned_on = key.proposal.assignments.get(role="lead").assigned_on
        activities = list(key.activities.all())
        assert 1 <= len(activities) <= 2, number
        for activity in activities:
            assert assigned_on <= activity.held_on <= reply.replied_on, number
            assert activity.place and activity.summary, number
            assert key.lead_leader.name in activity.attendees, number
            assert key.proposal.lead_proposer.name in activity.attendees, number
            assert reply.unit.name in activity.attendees, number
        commitments = list(key.proposal.commitments.all())
        assert 1 <= len(commitments) <= 3, number
        assert {c.responsible_unit_id for c in commitments} == {reply.unit_id}, number


def test_the_key_proposals_commitments_are_all_done_in_their_closed_session(
    demo: DemoSummary,
) -> None:
    commitments = Commitment.objects.filter(proposal__key__isnull=False).filter(
        proposal__session__slug="xishan-2022"
    )
    assert commitments.count() >= 15
    assert set(commitments.values_list("status", flat=True)) == {"done"}
    assert max(commitments.values_list("due_on", flat=True)).year == 2023
    assert commitments.filter(description__contains="智能应用平台").exists()  # 第22号's plan
    for commitment in commitments:
        assert commitment.updates.count() >= 2, commitment


def test_2022_commitments_progress_is_that_of_their_latest_update(demo: DemoSummary) -> None:
    today = timezone.localdate()
    commitments = Commitment.objects.filter(proposal__session__slug="xishan-2022")
    assert not commitments.filter(updates__isnull=True).exists()
    for commitment in commitments:
        updates = list(commitment.updates.order_by("reported_on", "id"))
        progress = [u.progress for u in updates]
        assert progress == sorted(set(progress)), commitment
        assert all(u.note and u.reported_on <= today for u in updates), commitment
        assert updates[0].reported_on >= commitment.start_on, commitment
        assert commitment.progress == updates[-1].progress, commitment
        assert (commitment.status == "done") == (commitment.progress == 100), commitment


def test_loading_again_adds_no_activities_commitments_or_updates(demo: DemoSummary) -> None:
    before = (
        SupervisionActivity.objects.count(),
        Commitment.objects.count(),
        ProgressUpdate.objects.count(),
    )
    assert all(before)

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        load_demo()

    after = (
        SupervisionActivity.objects.count(),
        Commitment.objects.count(),
        ProgressUpdate.objects.count(),
    )
    assert after == before
