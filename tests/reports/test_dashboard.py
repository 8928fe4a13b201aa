"""The dashboard shows the figures module's numbers, every chart element opens exactly the
proposals it counts, a unit sees only its own figures, and queries do not grow with data."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tian.directory.models import Collective, Session
from tian.handling.models import Assignment, Feedback, Grade, Reply
from tian.proposals.models import Category, CoSignature, Proposal, Status
from tian.reports import figures
from tian.supervision.models import Commitment

pytestmark = pytest.mark.django_db

TODAY = datetime(2022, 12, 1, 10, 0)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def build(session, personas, unit, other_unit, count, start=1):
    """`count` proposals of every kind: filed and not, graded A or B (one re-handled),
    individual, joint and collective, led by `unit` or `other_unit`, some with commitments."""
    categories = list(Category.objects.filter(session=session).order_by("order"))
    grades = {g.code: g for g in Grade.objects.filter(session=session)}
    collective = Collective.objects.get_or_create(
        body=session.body, name="民盟", defaults={"collective_kind": "party"}
    )[0]
    member, cosigner = personas.member.proposer, personas.cosigner.proposer
    made = []
    for number in range(start, start + count):
        status = Status.SUBMITTED if number % 5 == 0 else Status.CLOSED
        proposal = Proposal.objects.create(
            session=session,
            number=number,
            title=f"关于第{number}项事项的建议",
            lead_proposer=collective if number % 3 == 0 else member,
            category=categories[number % len(categories)],
            status=status,
        )
        made.append(proposal)
        if number % 3 == 1:
            CoSignature.objects.create(proposal=proposal, proposer=cosigner, status="confirmed")
        if status != Status.CLOSED:
            continue
        lead = unit if number % 2 else other_unit
        Assignment.objects.create(
            proposal=proposal, unit=lead, role="lead", deadline_from=date(2022, 3, 1)
        )
        if number % 4 == 0:
            Assignment.objects.create(proposal=proposal, unit=unit, role="co")
        rounds = ["B", "A"] if number == 1 else ["A" if number % 3 else "B"]
        for round_, code in enumerate(rounds, start=1):
            Reply.objects.create(
                proposal=proposal,
                unit=lead,
                round=round_,
                status=Reply.Status.ACCEPTED,
                grade=grades[code],
                replied_on=date(2022, 5, 1) if number % 7 else date(2022, 7, 1),
            )
        Feedback.objects.create(
            proposal=proposal,
            proposer=proposal.lead_proposer,
            attitude="satisfied",
            result="satisfied" if number % 4 else "dissatisfied",
            responded=True,
        )
        if number % 2:
            Commitment.objects.create(
                proposal=proposal,
                responsible_unit=lead,
                description="措施",
                due_on=date(2022, 10, 1) if number % 3 else date(2023, 6, 1),
                status="done" if number % 9 == 1 else "open",
            )
    return made


@pytest.fixture
def world(session, personas, unit, other_unit):
    return build(session, personas, unit, other_unit, 30)


def _chart(response, chart_id):
    return next(c for c in response.context["charts"] if c["id"] == chart_id)


def _items(response, chart_id):
    return _chart(response, chart_id)["series"][0]["items"]


def _listed(client, url):
    """The ids on every page of the proposal list at `url`."""
    ids, page = set(), 1
    while True:
        response = client.get(f"{url}&page={page}")
        assert response.status_code == 200
        ids |= {p.pk for p in response.context["page"]}
        if not response.context["page"].has_next():
            return ids
        page += 1


def test_the_dashboard_shows_the_figures_of_the_session(client, personas, session, world):
    client.force_login(personas.office)
    response = client.get(reverse("dashboard"), {"session": session.slug})
    found = figures.session_figures(session)
    cards = {c["label"]: c["value"] for c in response.context["cards"]}
    assert cards["收到提案"] == str(found["intake"]["received"])
    assert cards["立案"] == str(found["intake"]["filed"])
    assert cards["按时答复率"] == found["on_time_rate"]
    assert cards["满意率"] == found["satisfaction"]["result"]
    assert cards["办成率"] == found["commitments"]["done_rate"]
    by_category = {i["name"]: i["value"] for i in _items(response, "chart-category")}
    assert by_category == found["by_category"]
    by_grade = {i["name"]: i["value"] for i in _items(response, "chart-grade")}
    assert by_grade == {label: share["count"] for label, share in found["by_grade"].items()}
    assert response.context["units"][0]["lead"] == figures.unit_table(session)[0]["lead"]


def test_the_dashboard_opens_the_newest_session_with_proposals(client, personas, session, world):
    Session.objects.create(
        body=session.body, term=session.term, name="五届二次会议", slug="empty-2023", year=2023
    )
    client.force_login(personas.office)
    response = client.get(reverse("dashboard"))
    assert response.context["session"] == session


def test_a_category_bar_lists_exactly_the_filed_proposals_of_that_category(
    client, personas, session, world
):
    client.force_login(personas.office)
    response = client.get(reverse("dashboard"), {"session": session.slug})
    item = _items(response, "chart-category")[0]
    category = Category.objects.get(session=session, name=item["name"])
    expected = {p.pk for p in world if p.category_id == category.pk and p.status == Status.CLOSED}
    assert _listed(client, item["url"]) == expected
    assert len(expected) == item["value"]


def test_a_grade_sector_lists_the_proposals_by_their_final_grade(client, personas, session, world):
    client.force_login(personas.office)
    response = client.get(reverse("dashboard"), {"session": session.slug})
    resolved = next(i for i in _items(response, "chart-grade") if i["name"] == "已解决或基本解决")
    listed = _listed(client, resolved["url"])
    # Proposal 1 was graded B, then A after re-handling: it counts under A only.
    assert world[0].pk in listed
    assert len(listed) == resolved["value"]
    in_progress = next(i for i in _items(response, "chart-grade") if i["name"] != resolved["name"])
    assert world[0].pk not in _listed(client, in_progress["url"])


def test_every_proposal_chart_element_lists_as_many_proposals_as_it_counts(
    client, personas, session, world
):
    client.force_login(personas.office)
    response = client.get(reverse("dashboard"), {"session": session.slug})
    checked = 0
    for chart in response.context["charts"]:
        if chart["id"] in ("chart-commitments", "chart-trend"):
            continue
        for item in chart["series"][0]["items"]:
            assert len(_listed(client, item["url"])) == item["value"], (chart["id"], item)
            checked += 1
    assert checked >= 10


def test_a_proposer_type_lists_joint_proposals_only(client, personas, session, world):
    client.force_login(personas.office)
    response = client.get(reverse("dashboard"), {"session": session.slug})
    joint = next(i for i in _items(response, "chart-proposer") if i["name"] == "联名提案")
    expected = {p.pk for p in world if p.number % 3 == 1 and p.status == Status.CLOSED}
    assert _listed(client, joint["url"]) == expected


def test_a_units_co_handled_count_lists_the_proposals_it_co_handles(
    client, personas, session, unit, world
):
    client.force_login(personas.office)
    response = client.get(reverse("dashboard"), {"session": session.slug})
    row = next(r for r in response.context["units"] if r["unit_id"] == unit.pk)
    expected = {p.pk for p in world if p.number % 4 == 0 and p.status == Status.CLOSED}
    assert _listed(client, row["co_url"]) == expected
    assert row["co"] == len(expected)


def test_the_overdue_bar_opens_the_sessions_overdue_commitments(client, personas, session, world):
    client.force_login(personas.office)
    response = client.get(reverse("dashboard"), {"session": session.slug})
    overdue = next(i for i in _items(response, "chart-commitments") if i["name"] == "已逾期")
    query = parse_qs(urlsplit(overdue["url"]).query)
    assert query == {"session": [session.slug], "overdue": ["1"]}
    listed = client.get(overdue["url"]).context["page"].paginator.count
    assert listed == overdue["value"] == figures.commitment_figures(session)["overdue"]


def test_the_trend_compares_the_bodys_sessions_oldest_first(
    client, personas, session, unit, other_unit, world
):
    earlier = Session.objects.create(
        body=session.body, term=session.term, name="四届五次会议", slug="test-2021", year=2021
    )
    Category.objects.create(session=earlier, name="经济发展类")
    for code in "AB":
        Grade.objects.create(session=earlier, code=code, label=code, stat_class="resolved")
    build(earlier, personas, unit, other_unit, 4)
    client.force_login(personas.office)
    response = client.get(reverse("dashboard"), {"session": session.slug})
    totals = _chart(response, "chart-trend")["series"][0]["items"]
    assert [(t["name"], t["value"]) for t in totals] == [
        ("2021年", figures.filed_proposals(earlier).count()),
        ("2022年", figures.filed_proposals(session).count()),
    ]


def test_a_unit_sees_only_its_own_figures(client, personas, session, unit, other_unit, world):
    client.force_login(personas.unit_clerk)
    response = client.get(reverse("dashboard-unit"), {"unit": other_unit.pk})
    assert response.context["unit"] == unit
    own = next(r for r in figures.unit_table(session) if r["unit_id"] == unit.pk)
    assert response.context["row"] == own
    led_by_grade = sum(i["value"] for i in _items(response, "chart-grade"))
    assert led_by_grade == own["lead"]
    assert other_unit.name not in response.content.decode()


def test_a_units_grade_sector_lists_only_proposals_it_leads(client, personas, session, unit, world):
    client.force_login(personas.unit_clerk)
    response = client.get(reverse("dashboard-unit"))
    led = {p.pk for p in world if p.status == Status.CLOSED and p.number % 2 and p.number % 3}
    resolved = next(i for i in _items(response, "chart-grade") if i["name"] == "已解决或基本解决")
    assert _listed(client, resolved["url"]) == led


def test_a_unit_without_a_measurable_rate_shows_a_dash(client, personas, session, unit):
    proposal = Proposal.objects.create(
        session=session,
        number=1,
        title="只协办的提案",
        lead_proposer=personas.member.proposer,
        status=Status.HANDLING,
    )
    Assignment.objects.create(proposal=proposal, unit=unit, role="co")
    client.force_login(personas.office)
    response = client.get(reverse("dashboard"), {"session": session.slug})
    row = response.context["units"][0]
    assert (row["on_time_shown"], row["satisfaction_shown"], row["done_rate_shown"]) == (
        "—",
        "—",
        "—",
    )


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured.captured_queries)


def test_the_dashboard_makes_as_many_queries_for_many_proposals_as_for_few(
    client, personas, session, unit, other_unit
):
    build(session, personas, unit, other_unit, 6)
    client.force_login(personas.office)
    few = _queries(client, reverse("dashboard"), {"session": session.slug})
    build(session, personas, unit, other_unit, 60, start=7)
    assert _queries(client, reverse("dashboard"), {"session": session.slug}) == few


def test_a_drilled_down_list_makes_as_many_queries_for_many_proposals_as_for_few(
    client, personas, session, unit, other_unit
):
    build(session, personas, unit, other_unit, 6)
    grade = Grade.objects.get(session=session, code="A")
    params = {"session": session.slug, "grade": grade.pk, "unit": unit.pk, "unit_role": "lead"}
    client.force_login(personas.office)
    few = _queries(client, reverse("proposal-list"), params)
    build(session, personas, unit, other_unit, 60, start=7)
    assert _queries(client, reverse("proposal-list"), params) == few


def test_the_list_shows_its_drill_down_filters_with_links_that_clear_them(
    client, personas, session, unit, world
):
    grade = Grade.objects.get(session=session, code="A")
    client.force_login(personas.office)
    response = client.get(
        reverse("proposal-list"),
        {"session": session.slug, "grade": grade.pk, "unit": unit.pk, "unit_role": "lead"},
    )
    filters = {f.label: f.clear_url for f in response.context["filters"]}
    assert f"办理结果:{grade.label}" in filters
    unit_filter = filters[f"承办单位:{unit.name}(主办)"]
    assert parse_qs(unit_filter.lstrip("?")) == {
        "session": [session.slug],
        "grade": [str(grade.pk)],
    }
    assert "清除全部" in response.content.decode()


def test_a_rate_with_nothing_to_measure_shows_a_dash_not_zero(client, personas, session):
    Proposal.objects.create(
        session=session,
        number=1,
        title="关于完善社区养老服务的建议",
        lead_proposer=personas.member.proposer,
        category=Category.objects.filter(session=session).first(),
        status=Status.FILED,
    )
    client.force_login(personas.office)
    response = client.get(reverse("dashboard"), {"session": session.slug})
    cards = {c["label"]: (c["value"], c["suffix"]) for c in response.context["cards"]}
    for label in ("按时答复率", "满意率", "办成率"):
        assert cards[label] == ("—", "")
    html = response.content.decode()
    assert "0.0<small>%</small>" not in html
    assert html.count("<b>—<small></small></b>") == 3
