"""A leader's page lists the session's key proposals, those they lead or supervise first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.supervision.conftest import commit
from tian.supervision.key.queries import key_proposals_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(personas, make_filed, select, chair, vice_chair, other_head):
    """Three key proposals: led by 赵国强, led by 钱建华 but supervised by 孙志刚, and neither."""
    return {
        "led": select(make_filed("关于深化网格化服务管理的建议"), personas.leader, vice_chair),
        "supervised": select(make_filed("关于提升居家养老服务的建议"), other_head, chair),
        "other": select(make_filed("关于加大文艺创作扶持力度的建议"), other_head, vice_chair),
    }


def titles(user) -> set[str]:
    return {k.proposal.title for k in key_proposals_for(user)}


def test_every_leader_sees_every_key_proposal_their_own_first(keys, personas, chair):
    assert titles(personas.leader) == titles(chair) == {k.proposal.title for k in keys.values()}
    assert key_proposals_for(personas.leader)[0] == keys["led"]
    assert key_proposals_for(chair)[0] == keys["supervised"]


def test_a_leader_named_twice_on_one_key_proposal_sees_it_once(keys, personas, vice_chair):
    keys["led"].supervisors.add(personas.leader.leader)
    keys["other"].supervisors.add(personas.leader.leader)
    listed = [(k.proposal.title, k.my_part) for k in key_proposals_for(personas.leader)]
    assert listed == [
        ("关于深化网格化服务管理的建议", "lead"),
        ("关于加大文艺创作扶持力度的建议", "supervise"),
        ("关于提升居家养老服务的建议", ""),
    ]


def test_staff_and_the_office_see_all(keys, personas):
    assert len(titles(personas.clerk)) == 3
    assert len(titles(personas.office)) == 3


def test_the_leader_page_shows_their_key_proposals_with_leaders_and_progress(
    client, keys, personas, unit
):
    commit(keys["led"].proposal, unit, 40)
    commit(keys["led"].proposal, unit, 100, status="done")
    client.force_login(personas.leader)
    page = client.get(reverse("key-list")).content.decode()
    assert "关于深化网格化服务管理的建议" in page
    assert "副区长赵国强" in page
    assert "政协副主席周丽" in page
    assert 'role="progressbar"' in page
    assert 'aria-valuenow="70"' in page
    assert "完成 1/2 项" in page
    assert page.index("关于深化网格化服务管理的建议") < page.index("关于提升居家养老服务的建议")
    assert "关于加大文艺创作扶持力度的建议" in page


def test_a_leader_may_open_another_key_proposal_but_records_only_on_their_own(client, keys, chair):
    client.force_login(chair)
    own = client.get(reverse("key-detail", kwargs={"pk": keys["supervised"].pk}))
    assert own.status_code == 200
    assert "<h2>记录督办活动</h2>" in own.content.decode()
    other = client.get(reverse("key-detail", kwargs={"pk": keys["other"].pk}))
    assert other.status_code == 200
    assert "<h2>记录督办活动</h2>" not in other.content.decode()


@pytest.mark.parametrize("who", ["member", "unit_clerk", "unit_head", "sysadmin"])
def test_people_who_follow_no_key_proposals_are_turned_away(client, keys, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("key-list")).status_code == 403
    assert client.get(reverse("key-detail", kwargs={"pk": keys["led"].pk})).status_code == 403


def test_a_leader_lands_on_a_worklist_listing_their_key_proposals(client, keys, personas):
    client.force_login(personas.leader)
    response = client.get(reverse("home"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("worklist")
    assert 'id="section-key"' in page
    assert "关于深化网格化服务管理的建议" in page
    assert "关于提升居家养老服务的建议" not in page


def test_the_list_is_filtered_by_session(client, keys, personas, session):
    from tian.directory.models import Session

    later = Session.objects.create(
        body=session.body, term=session.term, name="五届二次会议", slug="test-2023", year=2023
    )
    client.force_login(personas.clerk)
    page = client.get(reverse("key-list"), {"session": later.slug}).content.decode()
    assert "关于深化网格化服务管理的建议" not in page
    page = client.get(reverse("key-list"), {"session": session.slug}).content.decode()
    assert "关于深化网格化服务管理的建议" in page
