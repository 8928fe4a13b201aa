"""Commitment pages: who may open each, a unit moves its bar, evidence stays with viewers."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.supervision.commitment_helpers import measure, pdf, replied_proposal, sheet
from tian.supervision.commitments.actions import report_progress
from tian.supervision.models import ProgressUpdate

pytestmark = [
    pytest.mark.django_db,
]


@pytest.fixture(autouse=True)
def _summer_2022():
    with time_machine.travel(date(2022, 8, 1), tick=False):
        yield


@pytest.fixture
def commitment(personas, session, unit):
    return measure(replied_proposal(personas, session, unit), unit)


def test_the_office_sees_every_commitment_and_a_unit_its_own(
    client, personas, commitment, other_unit
):
    measure(commitment.proposal, other_unit, "商务局的措施")
    client.force_login(personas.office)
    page = client.get(reverse("commitment-list")).content.decode()
    assert "建设零工市场" in page and "商务局的措施" in page
    client.force_login(personas.unit_clerk)
    page = client.get(reverse("commitment-list")).content.decode()
    assert "建设零工市场" in page and "商务局的措施" not in page
    client.force_login(personas.co_clerk)
    page = client.get(reverse("commitment-list")).content.decode()
    assert "没有符合条件的措施" in page


def test_the_list_filters_overdue_and_draws_a_timeline(client, personas, commitment, unit):
    measure(commitment.proposal, unit, "早该完成", due_on=date(2022, 6, 30))
    client.force_login(personas.office)
    page = client.get(reverse("commitment-list"), {"overdue": "1"}).content.decode()
    assert "早该完成" in page and "建设零工市场" not in page
    page = client.get(reverse("commitment-list"), {"view": "timeline"}).content.decode()
    assert 'class="tl-row tl-overdue' in page and "tl-today" in page


@pytest.mark.parametrize("who", ["member", "sysadmin", "auditadmin"])
def test_others_may_not_open_the_list(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("commitment-list")).status_code == 403


def test_a_unit_reports_progress_and_the_bar_moves(client, personas, commitment):
    client.force_login(personas.unit_clerk)
    detail = reverse("commitment-detail", args=[commitment.pk])
    assert "报告进展" in client.get(detail).content.decode()
    response = client.post(
        reverse("commitment-progress", args=[commitment.pk]),
        {"reported_on": "2022-07-30", "progress": "60", "note": "装修完成", "evidence": pdf()},
    )
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert 'class="tl-fill" style="width:60%"' in page
    assert "装修完成" in page and "佐证材料" in page


def test_a_refused_report_keeps_what_was_typed(client, personas, commitment):
    client.force_login(personas.unit_clerk)
    response = client.post(
        reverse("commitment-progress", args=[commitment.pk]),
        {"reported_on": "2022-07-30", "progress": "120", "note": "写了很多字"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "进度应在 0 到 100 之间" in page and "写了很多字" in page


def test_another_unit_may_neither_open_nor_report(client, personas, commitment):
    client.force_login(personas.co_clerk)
    assert client.get(reverse("commitment-detail", args=[commitment.pk])).status_code == 403
    url = reverse("commitment-progress", args=[commitment.pk])
    assert client.post(url, {"progress": "50"}).status_code == 403


def test_the_office_sees_the_detail_without_the_report_form(client, personas, commitment):
    client.force_login(personas.office)
    page = client.get(reverse("commitment-detail", args=[commitment.pk])).content.decode()
    assert "建设零工市场" in page and "提交进展" not in page


def test_evidence_goes_to_those_who_may_read_the_proposal(client, personas, commitment):
    update = report_progress(
        personas.unit_clerk,
        commitment,
        reported_on=date(2022, 7, 1),
        progress=30,
        note="选址完成",
        evidence=pdf(),
    )
    url = reverse("progress-evidence", args=[update.pk])
    for who, status in [("member", 200), ("office", 200), ("co_clerk", 403), ("sysadmin", 403)]:
        client.force_login(getattr(personas, who))
        assert client.get(url).status_code == status, who


def test_a_unit_adds_a_sub_step(client, personas, commitment):
    client.force_login(personas.unit_clerk)
    response = client.post(
        reverse("commitment-substep", args=[commitment.pk]),
        {"description": "完成选址", "due_on": "2022-08-31"},
    )
    assert response.status_code == 302
    assert commitment.children.get().description == "完成选址"


def test_the_office_imports_a_sheet_after_a_preview(client, personas, session, commitment):
    client.force_login(personas.office)
    url = reverse("commitment-import")
    assert client.get(url).status_code == 200
    upload = sheet([["编号", "事项", "进度", "说明"], [69, "建设零工市场", "40%", "已选址"]])
    upload.name = "进展.xlsx"
    preview = client.post(url, {"session": session.slug, "file": upload})
    assert preview.status_code == 200
    assert not ProgressUpdate.objects.exists()
    token = preview.context["token"]
    done = client.post(url, {"session": session.slug, "token": token})
    assert done.status_code == 302
    commitment.refresh_from_db()
    assert commitment.progress == 40


def test_a_unit_may_not_import(client, personas):
    client.force_login(personas.unit_clerk)
    assert client.get(reverse("commitment-import")).status_code == 403


def test_the_proposal_page_partial_draws_commitments_with_their_steps(
    personas, commitment, unit, django_assert_num_queries
):
    from django.template.loader import render_to_string

    from tian.supervision.commitments.queries import proposal_timeline

    measure(commitment.proposal, unit, "完成选址", parent=commitment, due_on=date(2022, 5, 31))
    with django_assert_num_queries(2):
        timeline = proposal_timeline(commitment.proposal)
    assert [(r.commitment.description, r.level, r.css) for r in timeline.rows] == [
        ("建设零工市场", 0, "open"),
        ("完成选址", 1, "overdue"),
    ]
    html = render_to_string(
        "supervision/commitments/_proposal_commitments.html", {"commitment_timeline": timeline}
    )
    assert 'id="commitments"' in html and "tl-today" in html and "逾期62天" in html
