"""Batch assignment (批量交办): the office assigns a season's filed proposals from one table,
all ticked rows at once or none of them, through the page's own form."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from tests.conftest import login
from tian.audit.models import AuditEvent
from tian.directory.models import Unit
from tian.handling import actions
from tian.handling.models import Assignment
from tian.notifications.models import Notification
from tian.proposals import actions as intake
from tian.proposals.models import Category, Proposal, Status
from tian.workflow import intake as workflow

pytestmark = pytest.mark.django_db

URL = reverse("assign-batch")


def file_proposal(personas: Any, session: Any, title: str, category: Category) -> Proposal:
    """A member's proposal, submitted and filed by the committee (numbered in turn)."""
    member = personas.member
    proposal = intake.create_proposal(
        member, session=session, lead_proposer=member.proposer, title=title, suggestions="建议"
    )
    workflow.submit_proposal(member, proposal, version=proposal.version)
    proposal.refresh_from_db()
    return workflow.file_proposal(
        personas.clerk, proposal, version=proposal.version, category=category
    )


@pytest.fixture
def categories(session: Any) -> list[Category]:
    return list(Category.objects.filter(session=session).order_by("order"))


@pytest.fixture
def season(personas: Any, session: Any, unit: Unit, co_unit: Unit, categories: Any) -> Any:
    """Three filed proposals: two on the economy (the first with the committee's proposed
    units), one on town planning."""
    first = file_proposal(personas, session, "关于稳岗就业的建议", categories[0])
    actions.propose_units(personas.clerk, first, lead=unit, co=[co_unit])
    second = file_proposal(personas, session, "关于扶持小微企业的建议", categories[0])
    third = file_proposal(personas, session, "关于老旧小区改造的建议", categories[1])
    return [Proposal.objects.get(pk=p.pk) for p in (first, second, third)]


def row(proposal: Proposal, *, lead: Unit | None, co: list[Unit] = (), pick: bool = True) -> dict:
    prefix = f"p{proposal.pk}"
    data: dict[str, Any] = {f"{prefix}-version": proposal.version}
    if pick:
        data[f"{prefix}-pick"] = "on"
    if lead is not None:
        data[f"{prefix}-lead"] = lead.pk
    data[f"{prefix}-co"] = [u.pk for u in co]
    return data


def post(client: Any, *rows: tuple[Proposal, dict], url: str = URL) -> Any:
    data: dict[str, Any] = {"rows": [p.pk for p, _ in rows]}
    for _, fields in rows:
        data |= fields
    return client.post(url, data)


def row_html(content: str, proposal: Proposal) -> str:
    found = re.search(rf'<tr id="row-{proposal.pk}".*?</tr>', content, re.S)
    assert found, f"no row for {proposal}"
    return found.group(0)


def chosen(html: str, unit: Unit) -> bool:
    """Whether `unit` is a chosen option somewhere in `html`."""
    return bool(re.search(rf'<option value="{unit.pk}"[^>]*\bselected\b[^>]*>{unit.name}<', html))


def assign_events() -> int:
    return AuditEvent.objects.filter(event_type="transition.assign").count()


def test_the_office_sees_the_session_s_filed_proposals_with_the_committee_s_units_chosen(
    client, personas, season, unit, co_unit
):
    login(client, personas.office)
    content = client.get(URL).content.decode()
    first = row_html(content, season[0])
    assert "第1号" in first and "关于稳岗就业的建议" in first and "王晓明" in first
    assert "经济发展类" in first
    # The committee's units are shown and filled in, in their own group first.
    assert chosen(first, unit) and chosen(first, co_unit)
    assert re.findall(r'<optgroup label="([^"]+)"', first)[0] == "提案委建议"
    # A proposal the committee proposed no units for starts with nothing chosen.
    assert not re.search(r"<option value=\"\d+\"[^>]*\bselected", row_html(content, season[1]))


def test_the_table_is_filtered_by_category_and_keeps_the_filter_on_its_pages(
    client, personas, season, categories, session
):
    login(client, personas.office)
    content = client.get(URL, {"session": session.slug, "category": categories[1].pk})
    content = content.content.decode()
    assert "关于老旧小区改造的建议" in content
    assert "关于稳岗就业的建议" not in content and "关于扶持小微企业的建议" not in content


def test_the_table_shows_fifty_proposals_a_page(client, personas, session, categories, monkeypatch):
    from tian.handling import batch_views

    for n in range(3):
        file_proposal(personas, session, f"第{n}件建议", categories[0])
    monkeypatch.setattr(batch_views, "PER_PAGE", 2)
    login(client, personas.office)
    first = client.get(URL, {"category": categories[0].pk}).content.decode()
    assert first.count('name="rows"') == 2
    assert f"category={categories[0].pk}&amp;page=2" in first
    second = client.get(URL, {"category": categories[0].pk, "page": 2}).content.decode()
    assert second.count('name="rows"') == 1


def test_confirming_assigns_every_ticked_row_with_one_audit_event_each(
    client, personas, season, unit, co_unit, other_unit
):
    login(client, personas.office)
    first, second, third = season
    before = assign_events()
    response = post(
        client,
        (first, row(first, lead=unit, co=[co_unit])),
        (second, row(second, lead=other_unit, co=[unit])),
        (third, row(third, lead=other_unit, pick=False)),
    )
    assert response.status_code == 302
    assert response.url == URL
    first, second, third = (Proposal.objects.get(pk=p.pk) for p in season)
    assert (first.status, second.status, third.status) == (
        Status.ASSIGNED,
        Status.ASSIGNED,
        Status.FILED,
    )
    assert set(first.assignments.active().values_list("unit", "role")) == {
        (unit.pk, Assignment.Role.LEAD),
        (co_unit.pk, Assignment.Role.CO),
    }
    assert set(second.assignments.active().values_list("unit", "role")) == {
        (other_unit.pk, Assignment.Role.LEAD),
        (unit.pk, Assignment.Role.CO),
    }
    assert assign_events() - before == 2
    events = AuditEvent.objects.filter(event_type="transition.assign").order_by("-id")[:2]
    assert sorted(e.proposal_id for e in events) == [first.pk, second.pk]
    # Each lead unit hears of its own proposal.
    assert Notification.objects.filter(proposal=first, recipient=personas.unit_clerk).exists()
    followed = client.get(response.url).content.decode()
    assert "已交办2件提案" in followed
    assert "关于稳岗就业的建议" not in followed and "关于老旧小区改造的建议" in followed


def test_a_row_without_a_lead_unit_refuses_the_whole_batch_and_names_the_row(
    client, personas, season, unit, co_unit
):
    login(client, personas.office)
    first, second, _ = season
    before = (assign_events(), Notification.objects.count())
    response = post(
        client,
        (first, row(first, lead=unit, co=[co_unit])),
        (second, row(second, lead=None, co=[unit])),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "有1件提案未能交办,本批提案均未交办" in content
    assert "请选择一个主办单位。" in row_html(content, second)
    assert "请选择一个主办单位。" not in row_html(content, first)
    assert [p.status for p in Proposal.objects.filter(pk__in=[first.pk, second.pk])] == [
        Status.FILED,
        Status.FILED,
    ]
    assert not Assignment.objects.active().filter(proposal__in=[first, second]).exists()
    assert (assign_events(), Notification.objects.count()) == before
    # What the office chose stays chosen, to correct and confirm again.
    assert chosen(row_html(content, second), unit)


def test_a_proposal_assigned_meanwhile_refuses_the_batch_as_stale(
    client, personas, season, unit, co_unit, other_unit
):
    login(client, personas.office)
    first, second, _ = season
    # (The second row has no lead unit yet: that it changed meanwhile is what the office hears.)
    seen = {first.pk: row(first, lead=unit), second.pk: row(second, lead=None)}
    # Someone else assigns the second one while the office is choosing.
    actions.assign_proposal(personas.office, second, version=second.version, lead=other_unit)
    before = assign_events()
    response = post(client, (first, seen[first.pk]), (second, seen[second.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "此提案刚刚已被他人修改或处理" in row_html(content, second)
    assert Proposal.objects.get(pk=first.pk).status == Status.FILED
    assert assign_events() == before
    # The stale row now shows what happened to it and can no longer be ticked.
    assert "已交办" in row_html(content, second)
    assert f'name="p{second.pk}-pick"' not in row_html(content, second)


def test_confirming_with_nothing_ticked_assigns_nothing(client, personas, season, unit):
    login(client, personas.office)
    first = season[0]
    response = post(client, (first, row(first, lead=unit, pick=False)))
    assert response.status_code == 200
    assert "请勾选要交办的提案。" in response.content.decode()
    assert Proposal.objects.get(pk=first.pk).status == Status.FILED


@pytest.mark.parametrize("persona", ["unit_clerk", "member", "clerk"])
def test_only_the_office_may_open_or_post_the_batch_page(client, personas, season, unit, persona):
    login(client, getattr(personas, persona))
    first = season[0]
    assert client.get(URL).status_code == 403
    response = post(client, (first, row(first, lead=unit)))
    assert response.status_code == 403
    assert Proposal.objects.get(pk=first.pk).status == Status.FILED


def test_the_policy_table_lists_who_may_assign():
    out = StringIO()
    call_command("rules", stdout=out)
    assert "assignment.assign\ttian.handling.policy\t只有政府办督查室可以交办提案。" in (
        out.getvalue().splitlines()
    )


def test_the_office_s_worklist_and_navigation_lead_to_the_batch_page(client, personas, season):
    login(client, personas.office)
    content = client.get(reverse("worklist")).content.decode()
    box = re.search(r'id="section-to-assign".*?</section>', content, re.S).group(0)
    assert f'href="{URL}">批量交办</a>' in box
    assert re.search(rf'<a class="navlink" href="{URL}"[^>]*>批量交办</a>', content)


def test_a_row_changed_meanwhile_but_still_waiting_can_be_confirmed_again_as_shown(
    client, personas, season, unit
):
    login(client, personas.office)
    first = season[0]
    seen = row(first, lead=unit)
    Proposal.objects.filter(pk=first.pk).update(version=F("version") + 1)  # edited meanwhile
    content = post(client, (first, seen)).content.decode()
    assert "此提案刚刚已被他人修改或处理" in row_html(content, first)
    assert Proposal.objects.get(pk=first.pk).status == Status.FILED
    # The row now carries the version it shows; confirming it again is a new decision.
    latest = Proposal.objects.get(pk=first.pk).version
    assert f'name="p{first.pk}-version" value="{latest}"' in row_html(content, first)
    again = post(client, (first, seen | {f"p{first.pk}-version": latest}))
    assert again.status_code == 302
    assert Proposal.objects.get(pk=first.pk).status == Status.ASSIGNED
