"""A ledger import never goes around the workflow.

A session is live once any of its proposals has been through Tian's workflow (drafted,
submitted, filed, assigned, replied to or answered in Tian). In a live session a ledger adds
proposals and fills a missing category; it never gives a verdict for a member, never changes a
proposer, a unit, a reply or a status. Each change it makes is recorded on its proposal with
what was there before and after.
"""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.handling.conftest import letter
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.handling import actions as handling
from tian.handling.models import Feedback, Reply
from tian.ledgers.export import export_ledger
from tian.ledgers.write import import_ledger
from tian.lib.sheets import LedgerError
from tian.proposals import actions as intake
from tian.proposals.models import Category, Proposal, Status
from tian.workflow import intake as workflow

from .test_ledger_import import MESSY_ROWS, TITLE_ROWS

pytestmark = pytest.mark.django_db

HEADER = ["编号", "题目", "提案人", "联名人", "类别", "主办单位", "办理结果", "满意度", "答复日期"]
TITLE = "关于缓解企业用工难的建议"


@pytest.fixture
def in_handling(personas, session, unit):
    """A proposal the member wrote in Tian, filed, assigned and signed for by its unit."""
    member = personas.member
    proposal = intake.create_proposal(
        member, session=session, lead_proposer=member.proposer, title=TITLE, suggestions="稳岗。"
    )
    workflow.submit_proposal(member, proposal, version=proposal.version)
    proposal.refresh_from_db()
    category = Category.objects.get(session=session, name="经济发展类")
    proposal = workflow.file_proposal(
        personas.clerk, proposal, version=proposal.version, category=category
    )
    with time_machine.travel(date(2022, 3, 1)):
        proposal = handling.assign_proposal(
            personas.office, proposal, version=proposal.version, lead=unit
        )
    proposal = handling.accept_assignment(personas.unit_clerk, proposal, version=proposal.version)
    assert proposal.status == Status.HANDLING
    return proposal


def row(proposal, **cells):
    values = {
        "编号": proposal.number,
        "题目": TITLE,
        "提案人": "王晓明",
        "类别": "经济发展类",
        "主办单位": "区人力资源和社会保障局",
    }
    values.update(cells)
    return [values.get(header) for header in HEADER]


def upload(client, user, session, path, name):
    client.force_login(user)
    file = SimpleUploadedFile(name, path.read_bytes())
    return client.post(reverse("ledger-import"), {"session": session.slug, "file": file})


def test_a_ledger_cannot_give_a_verdict_the_member_never_gave(
    client, personas, session, in_handling, write_ledger
):
    ledger = write_ledger([HEADER, row(in_handling, 满意度="满意")])

    response = upload(client, personas.office, session, ledger, "台账.xlsx")

    assert response.status_code == 400  # refused, as every import answers a refusal
    text = response.content.decode()
    assert "第2行「满意度」" in text and "提案人本人" in text
    assert response.context.get("report") is None  # nothing to confirm
    assert not Feedback.objects.exists()
    in_handling.refresh_from_db()
    assert in_handling.status == Status.HANDLING


def test_a_ledger_cannot_change_who_proposed_a_live_proposal(
    personas, session, in_handling, write_ledger
):
    ledger = write_ledger([HEADER, row(in_handling, 提案人="张三")])

    with pytest.raises(LedgerError) as caught:
        import_ledger(session, ledger, actor=personas.clerk)

    assert [str(e).split(":")[0] for e in caught.value.errors] == ["第2行「提案人」"]
    assert "王晓明" in str(caught.value.errors[0])
    in_handling.refresh_from_db()
    assert in_handling.lead_proposer == personas.member.proposer


def test_a_ledger_cannot_move_a_proposal_in_handling_to_replied(
    personas, session, in_handling, write_ledger
):
    ledger = write_ledger([HEADER, row(in_handling, 办理结果="A", 答复日期="2022-05-20")])

    with pytest.raises(LedgerError) as caught:
        import_ledger(session, ledger, actor=personas.office)

    columns = [e.column for e in caught.value.errors]
    assert columns == ["办理结果", "答复日期"]
    in_handling.refresh_from_db()
    assert in_handling.status == Status.HANDLING
    assert not Reply.objects.exists()


def test_a_ledger_cannot_change_the_units_title_or_category_of_a_live_proposal(
    personas, session, in_handling, write_ledger
):
    changed = row(
        in_handling, 主办单位="区财政局", 题目="关于别的事的建议", 类别="社会事业类", 联名人="李红"
    )
    ledger = write_ledger([HEADER, changed])

    with pytest.raises(LedgerError) as caught:
        import_ledger(session, ledger, actor=personas.office)

    assert sorted(e.column for e in caught.value.errors) == ["主办单位", "类别", "联名人", "题目"]
    in_handling.refresh_from_db()
    assert in_handling.title == TITLE and in_handling.category.name == "经济发展类"


def test_a_row_stating_what_tian_holds_is_no_change(personas, session, in_handling, tmp_path):
    path = tmp_path / "导出.xlsx"
    export_ledger(session, path)
    version = in_handling.version

    report = import_ledger(session, path, actor=personas.clerk)

    assert report.unchanged == [in_handling.number] and not report.updated
    in_handling.refresh_from_db()
    assert (in_handling.status, in_handling.version) == (Status.HANDLING, version)
    assert not AuditEvent.objects.filter(event_type__startswith="ledger.").exists()


def test_a_live_session_takes_new_proposals_and_fills_a_missing_category(
    personas, session, in_handling, write_ledger
):
    Proposal.objects.filter(pk=in_handling.pk).update(category=None)
    new = [70, "关于增设公交站的建议", "李红", None, "城乡建设管理类"]
    ledger = write_ledger([HEADER, row(in_handling), new])

    report = import_ledger(session, ledger, actor=personas.clerk)

    assert report.created == [70] and report.updated == [in_handling.number]
    created = Proposal.objects.get(session=session, number=70)
    assert created.status == Status.FILED and created.lead_proposer.name == "李红"
    in_handling.refresh_from_db()
    assert in_handling.category.name == "经济发展类"
    assert in_handling.status == Status.HANDLING


def test_a_new_proposal_in_a_live_session_cannot_arrive_assigned_replied_or_judged(
    personas, session, in_handling, write_ledger
):
    new = [70, "关于增设公交站的建议", "李红", None, None, "区财政局", "A", "满意", "2022-05-01"]
    ledger = write_ledger([HEADER, new])

    with pytest.raises(LedgerError) as caught:
        import_ledger(session, ledger, actor=personas.clerk)

    assert [e.column for e in caught.value.errors] == ["主办单位", "办理结果", "满意度", "答复日期"]
    assert not Proposal.objects.filter(number=70).exists()


def test_one_proposal_in_the_workflow_protects_the_imported_ones_of_its_session(
    session, units, personas, write_ledger
):
    import_ledger(session, write_ledger(MESSY_ROWS, above=TITLE_ROWS))
    member = personas.member
    intake.create_proposal(member, session=session, lead_proposer=member.proposer, title="草稿")
    rows = [list(r) for r in MESSY_ROWS]
    rows[4][9] = "满意"  # number 3 has no verdict yet

    with pytest.raises(LedgerError) as caught:
        import_ledger(session, write_ledger(rows, above=TITLE_ROWS, name="补填.xlsx"))

    assert [str(e).split(":")[0] for e in caught.value.errors] == ["第7行「满意度」"]


def test_each_imported_change_is_recorded_on_its_proposal_with_before_and_after(
    session, units, personas, write_ledger
):
    import_ledger(session, write_ledger(MESSY_ROWS, above=TITLE_ROWS), actor=personas.clerk)
    created = AuditEvent.objects.filter(event_type=EventType.LEDGER_PROPOSAL_CREATED)
    assert created.count() == 5
    first = created.get(proposal__number=1)
    assert first.actor == personas.clerk and first.data["before"] == {}
    assert first.data["after"]["title"] == "关于加快老旧小区改造的建议"
    assert first.data["after"]["verdict"] == "满意" and first.data["after"]["status"] == "closed"
    rows = [list(r) for r in MESSY_ROWS]
    rows[1][2] = "关于加快老旧小区改造和加装电梯的建议"
    rows[2][8] = "A"

    import_ledger(session, write_ledger(rows, above=TITLE_ROWS, name="更正.xlsx"))

    updated = AuditEvent.objects.filter(event_type=EventType.LEDGER_PROPOSAL_UPDATED)
    assert sorted(updated.values_list("proposal__number", flat=True)) == [1, 12]
    one = updated.get(proposal__number=1)
    assert one.data["before"] == {"title": "关于加快老旧小区改造的建议"}
    assert one.data["after"] == {"title": "关于加快老旧小区改造和加装电梯的建议"}
    assert one.data["row"] == 4 and one.data["file"] == "更正.xlsx"
    twelve = updated.get(proposal__number=12)
    assert twelve.data["before"] == {"grade": "B"} and twelve.data["after"] == {"grade": "A"}


def test_an_imports_events_join_the_audit_chain_unbroken(session, units, personas, write_ledger):
    import_ledger(session, write_ledger(MESSY_ROWS, above=TITLE_ROWS), actor=personas.clerk)
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert AuditEvent.objects.filter(event_type=EventType.LEDGER_PROPOSAL_CREATED).count() == 5
    assert "审计日志完整" in out.getvalue()


def test_the_session_event_names_the_uploaded_file_not_the_temporary_one(
    client, session, units, personas, write_ledger
):
    ledger = write_ledger(MESSY_ROWS, above=TITLE_ROWS)
    preview = upload(client, personas.clerk, session, ledger, "2022年提案台账.xlsx")
    token = preview.context["token"]

    response = client.post(reverse("ledger-import"), {"session": session.slug, "token": token})

    assert response.status_code == 302
    event = AuditEvent.objects.get(event_type=EventType.LEDGER_IMPORTED)
    assert event.data["file"] == "2022年提案台账.xlsx"
    assert event.message.startswith("2022年提案台账.xlsx ") and token not in event.message
    rows = AuditEvent.objects.filter(event_type=EventType.LEDGER_PROPOSAL_CREATED)
    assert {e.data["file"] for e in rows} == {"2022年提案台账.xlsx"}


def test_an_export_of_a_proposal_answered_in_tian_reimports_as_no_change(
    personas, session, unit, in_handling, tmp_path
):
    handling.log_contact(
        personas.unit_clerk,
        in_handling,
        unit=unit,
        method="visit",
        stage="during",
        contacted_on=date(2022, 4, 1),
        summary="登门面商",
    )
    reply = handling.save_reply(
        personas.unit_clerk,
        in_handling,
        reply_version=None,
        unit=unit,
        grade=session.grades.get(code="A"),
        situation="已座谈。",
        measures="稳岗返还。",
        plan="再办招聘会。",
        disclosure="publish",
        letter=letter(),
    )
    reply = handling.sign_reply(personas.unit_head, reply, version=reply.version)
    reply = handling.submit_reply(personas.unit_clerk, reply, version=reply.version)
    handling.review_reply(personas.office, reply, version=reply.version, accept=True)
    in_handling.refresh_from_db()
    handling.submit_verdict(
        personas.member,
        in_handling,
        version=in_handling.version,
        contact_made=True,
        contact_method="visit",
        attitude="satisfied",
        on_target="yes",
        result="basically",
    )
    in_handling.refresh_from_db()
    assert in_handling.status == Status.CLOSED
    path = tmp_path / "导出.xlsx"
    export_ledger(session, path)

    report = import_ledger(session, path, actor=personas.clerk)

    assert report.unchanged == [in_handling.number] and not report.updated
    assert Feedback.objects.get().result == "basically"
