"""`tian load-demo` builds the seed's sessions, people and accounts, and can run again."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import RequestFactory, override_settings
from django.utils import timezone

from tian.audit.events import EventType
from tian.demo import seed_data as sd
from tian.demo.loader import INTAKE_PROPOSALS, DemoSummary, load_demo
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
from tian.handling.models import Assignment, Feedback, Reply, Verdict
from tian.proposals.models import CoSignature, Proposal, Status
from tian.supervision.models import KeyProposal

pytestmark = pytest.mark.django_db

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
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoSummary]:
    """The demo, loaded once for this module; each test's changes roll back after it."""
    # The real hasher takes ~0.5 s per password; what is tested is that the credentials work.
    with (
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
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
    )
    return {model.__name__: model.objects.count() for model in models}


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


def test_loading_again_creates_nothing_new(demo: DemoSummary) -> None:
    before = record_counts()

    again = load_demo()

    assert record_counts() == before
    assert sum(s.created for s in again.sessions) == 0


def test_loading_again_keeps_what_a_demo_user_changed(demo: DemoSummary) -> None:
    draft = proposals_of("xishan-2023").get(status=Status.DRAFT, lead_proposer__name="殷洁")
    draft.title = "关于完善社区公共空间适老化改造的建议(修改稿)"
    draft.save()

    load_demo()

    assert proposals_of("xishan-2023").filter(lead_proposer__name="殷洁").count() == 1


def test_loading_again_resets_a_changed_password(demo: DemoSummary) -> None:
    user = User.objects.get(username="jiangjiaxing")
    user.set_password("something-else")
    user.save()

    load_demo()

    assert User.objects.get(username="jiangjiaxing").check_password(sd.DEMO_PASSWORD)


def test_reset_rebuilds_the_demo_proposals(demo: DemoSummary) -> None:
    proposals_of("xishan-2022").filter(number=69).update(title="改过的题目")

    summary = load_demo(reset=True)

    assert summary.deleted == 170
    assert proposals_of("xishan-2022").count() == 158
    assert proposals_of("xishan-2022").get(number=69).title == "关于缓解企业用工荒用工难的建议"


def test_the_open_session_has_live_intake_work(demo: DemoSummary) -> None:
    session = Session.objects.get(slug="xishan-2023")
    assert session.is_open_for_submission
    proposals = proposals_of("xishan-2023")
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
    filed = proposals_of("xishan-2023").get(status=Status.FILED)
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
