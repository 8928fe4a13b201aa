"""The Markdown report shows record text as text: markup in a title never becomes HTML, a
link, emphasis or a table cell of its own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tian.directory.models import Member, Unit
from tian.handling.models import Grade, Reply
from tian.proposals.models import Category, Proposal, Status
from tian.reports.annual import build_report
from tian.reports.render import render

pytestmark = pytest.mark.django_db

TITLE = '关于<script>alert("x")</script>&nbsp;**[点此](http://evil.example)**的建议'


@pytest.fixture
def example(session):
    member = Member.objects.create(body=session.body, name="陈立")
    proposal = Proposal.objects.create(
        session=session,
        number=1,
        title=TITLE,
        lead_proposer=member,
        category=Category.objects.filter(session=session).first(),
        status=Status.CLOSED,
        is_report_example=True,
    )
    Reply.objects.create(
        proposal=proposal,
        unit=Unit.objects.create(name="区测试局"),
        status=Reply.Status.ACCEPTED,
        grade=Grade.objects.get(session=session, code="A"),
        summary="已办理 | 共<b>3</b>项_措施_。",
    )
    return proposal


def test_a_title_with_markup_is_escaped_in_the_markdown_download(
    client, session, personas, example
):
    client.force_login(personas.leader)

    text = client.get(reverse("report-download", args=[session.slug, "md"])).content.decode()

    assert "<script>" not in text and "<b>" not in text
    assert '&lt;script&gt;alert("x")&lt;/script&gt;&amp;nbsp;' in text
    assert "\\*\\*\\[点此\\](http://evil.example)\\*\\*" in text
    assert "已办理 \\| 共&lt;b&gt;3&lt;/b&gt;项\\_措施\\_。" in text


def test_the_markdown_of_plain_text_is_unchanged(session, example):
    Proposal.objects.filter(pk=example.pk).update(title="关于加快老旧小区改造的建议")
    Reply.objects.filter(proposal=example).update(summary="第1件已办理,完成率100%。")

    text = render(build_report(session), "md").decode()

    assert "“关于加快老旧小区改造的建议”" in text and "完成率100%。" in text
