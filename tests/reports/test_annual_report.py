"""The annual report is written from the records: its lists, examples, proposers and wording
follow the session's grades, flags and body; the office's text and flags are actions."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.directory.models import Body, Collective, Member, Session, Term, Unit
from tian.handling.models import Feedback, Grade, Reply, StatClass, Verdict
from tian.lib.errors import ActionError
from tian.proposals.models import Category, CoSignature, Proposal, Status
from tian.reports import actions
from tian.reports.annual import DRAFT_MARK, build_report
from tian.reports.models import ReportFile
from tian.reports.tasks import render_report_file
from tian.supervision.models import Tracking

pytestmark = pytest.mark.django_db


def make(session, proposer, number, code, summary="", *, example=False):
    """A closed proposal whose final reply has grade `code` and handling summary `summary`."""
    proposal = Proposal.objects.create(
        session=session,
        number=number,
        title=f"关于第{number}件事的建议",
        lead_proposer=proposer,
        category=Category.objects.filter(session=session).first(),
        status=Status.CLOSED,
        is_report_example=example,
    )
    Reply.objects.create(
        proposal=proposal,
        unit=Unit.objects.get_or_create(name="区测试局")[0],
        status=Reply.Status.ACCEPTED,
        grade=Grade.objects.get(session=session, code=code),
        summary=summary or f"第{number}件已办理。",
    )
    return proposal


@pytest.fixture
def member(session: Session) -> Member:
    return Member.objects.create(body=session.body, name="陈立")


def section_text(session: Session, heading: str) -> str:
    report = build_report(session)
    found = next(s for s in report.sections if heading in s.heading)
    return "\n".join(p.plain for p in found.paragraphs)


def test_the_tail_names_the_first_three_of_the_rest_and_counts_them(session, member) -> None:
    for number in range(1, 7):
        make(session, member, number, "A", example=number == 4)
    text = section_text(session, "提案办理情况")
    assert "如：第4号陈立委员提出的“关于第4件事的建议”，第4件已办理。" in text
    assert "其余第1、2、3号等5件提案所反映的问题也得到解决或基本解决。" in text


def test_flagged_examples_replace_the_default_choice(session, member) -> None:
    make(session, member, 1, "A", "很长的办理情况摘要，写得最详细。" * 5)
    make(session, member, 2, "A", "短。", example=True)
    text = section_text(session, "提案办理情况")
    assert "如：第2号" in text
    assert "其余第1号1件提案" in text


def test_without_flags_the_two_longest_summaries_are_the_examples(session, member) -> None:
    make(session, member, 1, "A", "短。")
    make(session, member, 2, "A", "较长的一段办理情况。" * 3)
    make(session, member, 3, "A", "最长的一段办理情况摘要。" * 6)
    text = section_text(session, "提案办理情况")
    assert text.index("第3号陈立") < text.index("第2号陈立")
    assert "其余第1号1件提案" in text


def test_a_class_without_proposals_is_left_out(session, member) -> None:
    make(session, member, 1, "A")
    text = section_text(session, "提案办理情况")
    assert "（一）1件提案所提问题得到解决或基本解决。" in text
    assert "（二）" not in text


def test_joint_and_collective_proposers_are_named_as_the_report_names_them(session, member) -> None:
    joint = make(session, member, 1, "A", example=True)
    other = Member.objects.create(body=session.body, name="李红")
    CoSignature.objects.create(proposal=joint, proposer=other, status="confirmed")
    party = Collective.objects.create(body=session.body, name="民盟")
    make(session, party, 2, "A", example=True)
    text = section_text(session, "提案办理情况")
    assert "第1号陈立等委员提出的" in text
    assert "第2号民盟提出的" in text


def test_a_session_with_four_grades_reads_its_own_labels_and_words() -> None:
    body = Body.objects.create(name="测试市人大", kind=Body.Kind.NPC)
    term = Term.objects.create(body=body, name="第十六届", ordinal=16)
    session = Session.objects.create(
        body=body, term=term, name="十六届二次会议", slug="npc-2023", year=2023
    )
    Category.objects.create(session=session, name="城建类")
    labels = [
        ("A", "所提问题已经解决或者基本解决", StatClass.RESOLVED),
        ("B", "正在解决或者列入规划逐步解决", StatClass.IN_PROGRESS),
        ("C", "因条件限制待以后解决", StatClass.NOT_NOW),
        ("D", "留作参考", StatClass.REFERENCE),
    ]
    for order, (code, label, stat) in enumerate(labels):
        Grade.objects.create(session=session, code=code, label=label, stat_class=stat, order=order)
    deputy = Member.objects.create(body=body, name="赵刚")
    for number, code in enumerate("ABCD", start=1):
        make(session, deputy, number, code)
    report = build_report(session)
    text = report.plain_text()
    assert "今年市政府共收到市人大十六届二次会议交办的代表建议4件" in text
    assert "所提问题已经解决或者基本解决的建议1件，占总数的25%" in text
    assert "（一）1件建议所提问题得到解决或者基本解决。" in text
    assert "（二）1件建议所提问题正在解决或者列入规划逐步解决。" in text
    assert "（三）1件建议所提问题因条件限制待以后解决。" in text
    assert "（四）1件建议所提问题留作参考。" in text
    assert "第1号赵刚代表提出的" in text


def test_cross_year_verdicts_are_counted_when_not_all_satisfied(session, member) -> None:
    earlier = Session.objects.create(
        body=session.body, term=session.term, name="四届五次会议", slug="t-2021", year=2021
    )
    Grade.objects.create(session=earlier, code="B", label="正在解决", stat_class="in_progress")
    for number, verdict in ((1, Verdict.SATISFIED), (2, Verdict.DISSATISFIED), (3, "")):
        old = make(earlier, member, number, "B")
        Tracking.objects.create(
            proposal=old, session=session, verdict=verdict, progress_report=f"第{number}件进展"
        )
    text = section_text(session, "跨年度")
    assert text.startswith("3件跨年度跟踪督办提案")
    assert "第2号“关于第2件事的建议”：第2件进展。" in text
    assert text.endswith("1件表示满意、1件表示不满意、1件尚未评价。")


def test_without_the_offices_text_part_four_is_a_marked_draft(session, member) -> None:
    make(session, member, 1, "A")
    report = build_report(session)
    assert report.is_draft
    assert report.sections[-1].heading == "二、存在问题及下阶段工作打算"
    assert report.sections[-1].paragraphs[0].text.startswith(DRAFT_MARK)


def test_the_offices_text_and_header_replace_the_defaults(session, member, personas) -> None:
    make(session, member, 1, "A")
    actions.save_report_text(
        personas.office,
        session,
        problems="一是问题。\n二是打算。",
        publisher="测试区人民政府办公室",
        title="测试报告",
    )
    report = build_report(session)
    assert not report.is_draft
    assert report.title == "测试报告"
    assert [p.text for p in report.sections[-1].paragraphs] == ["一是问题。", "二是打算。"]
    assert ("发布机构", "测试区人民政府办公室") in report.header
    event = AuditEvent.objects.get(event_type=EventType.REPORT_TEXT_EDITED)
    assert event.data["fields"] == ["problems", "publisher", "title"]


def test_the_publisher_defaults_to_the_setting(session, member, settings) -> None:
    settings.TIAN_REPORT_PUBLISHER = "默认发布机构"
    make(session, member, 1, "A")
    assert ("发布机构", "默认发布机构") in build_report(session).header


def test_a_unit_clerk_may_not_edit_the_report(session, personas) -> None:
    with pytest.raises(PermissionDenied):
        actions.save_report_text(personas.unit_clerk, session, problems="x")


def test_staff_flag_a_filed_proposal_as_an_example(session, member, personas) -> None:
    proposal = make(session, member, 1, "A")
    actions.set_report_example(personas.clerk, proposal, True)
    proposal.refresh_from_db()
    assert proposal.is_report_example
    assert AuditEvent.objects.filter(
        event_type=EventType.REPORT_EXAMPLE_SET, proposal=proposal
    ).exists()


def test_a_proposal_not_filed_cannot_be_an_example(session, member, personas) -> None:
    draft = Proposal.objects.create(session=session, title="草稿", lead_proposer=member)
    with pytest.raises(ActionError):
        actions.set_report_example(personas.clerk, draft, True)


def test_the_example_button_toggles_the_flag(client, session, member, personas) -> None:
    proposal = make(session, member, 1, "A")
    client.force_login(personas.office)
    url = reverse("proposal-report-example", kwargs={"pk": proposal.pk})
    page = client.get(reverse("proposal-detail", kwargs={"pk": proposal.pk})).content.decode()
    assert f'action="{url}"' in page
    client.post(url, {"flag": "1"})
    proposal.refresh_from_db()
    assert proposal.is_report_example
    client.post(url, {"flag": "0"})
    proposal.refresh_from_db()
    assert not proposal.is_report_example


def test_the_markdown_download_is_an_attachment(client, session, member, personas) -> None:
    make(session, member, 1, "A")
    client.force_login(personas.leader)
    response = client.get(reverse("report-download", args=[session.slug, "md"]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "交办的委员提案1件" in response.content.decode()


def test_asking_for_a_pdf_queues_a_file_that_the_worker_renders(
    client, session, member, personas, django_capture_on_commit_callbacks, settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    make(session, member, 1, "A")
    client.force_login(personas.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report-download", args=[session.slug, "pdf"]))
    job = ReportFile.objects.get()
    assert response["Location"] == reverse("report-status", args=[job.pk])
    assert job.status == ReportFile.Status.QUEUED
    render_report_file.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress) == (ReportFile.Status.DONE, 100)
    assert job.file.read().startswith(b"%PDF")
    page = client.get(reverse("report-status", args=[job.pk])).content.decode()
    assert reverse("report-file", args=[job.pk]) in page


def test_a_job_already_claimed_is_not_rendered_twice(session) -> None:
    job = ReportFile.objects.create(session=session, format="md", status="running")
    assert render_report_file.call(job.pk) == "skipped"


def test_the_command_writes_the_report(session, member, tmp_path) -> None:
    make(session, member, 1, "A")
    out = tmp_path / "r.md"
    call_command(
        "report", "--session", session.slug, "--format", "md", "-o", str(out), stdout=StringIO()
    )
    assert "交办的委员提案1件" in out.read_text()


def test_the_command_names_an_unknown_session(session, tmp_path) -> None:
    with pytest.raises(CommandError, match="没有代号为“nope”的会议"):
        call_command("report", "--session", "nope", "--format", "md", "-o", str(tmp_path / "r"))


def test_the_command_names_an_unknown_format(session, tmp_path: Any) -> None:
    with pytest.raises(CommandError, match="不支持的格式“rtf”"):
        call_command(
            "report", "--session", session.slug, "--format", "rtf", "-o", str(tmp_path / "r")
        )


def test_an_invented_proposer_is_not_named_as_fact(session, member) -> None:
    member.is_illustrative = True
    member.save()
    make(session, member, 12, "A", "社区托育服务场地已落实。", example=True)
    text = section_text(session, "提案办理情况")
    assert "如：第12号“关于第12件事的建议”，社区托育服务场地已落实。" in text
    assert "陈立" not in text


def test_a_whole_share_is_written_without_a_decimal_as_the_seed_writes_it(session, member) -> None:
    proposal = make(session, member, 1, "A", example=True)
    Feedback.objects.create(
        proposal=proposal,
        proposer=member,
        round=1,
        responded=True,
        attitude=Verdict.SATISFIED,
        result=Verdict.SATISFIED,
    )
    report = build_report(session)
    text = "".join(p.plain for p in report.opening) + "".join(
        p.plain for s in report.sections for p in s.paragraphs
    )
    assert "满意率和基本满意率为100%" in text
    assert "占总数的100%" in text
    assert "100.0%" not in text
