"""Leaders follow the session's key proposals together: each leader's /key/ lists all of them,
their own (领办 or 督办) first and marked, and every link it shows opens."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import make_user
from tian.directory.models import Leader, Role
from tian.supervision.key import actions
from tian.supervision.models import SupervisionActivity

pytestmark = pytest.mark.django_db

# The demo's shape: ten key proposals, the district head leads two of them (which the CPPCC
# chair supervises), other leaders the rest.
HEAD_LEADS = (4, 8)
KEY_NUMBERS = range(1, 11)


@pytest.fixture
def district_head(db):
    leader = Leader.objects.create(name="顾志成", title="区长", organisation="gov")
    return make_user("quzhang", Role.LEADER, leader=leader, display_name="顾志成")


@pytest.fixture
def keys(make_filed, select, district_head, chair, vice_chair, other_head):
    """Ten key proposals numbered 1–10; the district head leads 第4号 and 第8号, supervised by
    the chair; 钱建华 leads the others, supervised by the vice chair."""
    made = {}
    for number in KEY_NUMBERS:
        proposal = make_filed(f"关于第{number}项重点工作的建议", number=number)
        if number in HEAD_LEADS:
            made[number] = select(proposal, district_head, chair)
        else:
            made[number] = select(proposal, other_head, vice_chair)
    return made


def listed_numbers(page: str) -> list[int]:
    """The numbers of the key proposals' rows, in the order the page lists them."""
    table = page[page.index('id="key-proposals"') :]
    return [int(n) for n in re.findall(r"<td class=\"num\"[^>]*>第(\d+)号</td>", table)]


def row_of(page: str, number: int) -> str:
    start = page.index(f">第{number}号</td>")
    return page[start : page.index("</tr>", start)]


def test_the_district_head_sees_all_ten_key_proposals_with_theirs_first(
    client, keys, district_head
):
    client.force_login(district_head)
    page = client.get(reverse("key-list")).content.decode()

    others = [n for n in KEY_NUMBERS if n not in HEAD_LEADS]
    assert listed_numbers(page) == [*HEAD_LEADS, *others]
    for number in HEAD_LEADS:
        assert "我领办" in row_of(page, number)
    for number in others:
        assert "我领办" not in row_of(page, number)
        assert "我督办" not in row_of(page, number)
    assert "10 件" in page


def test_the_chair_sees_all_of_them_with_the_two_they_supervise_first_and_marked(
    client, keys, chair
):
    client.force_login(chair)
    page = client.get(reverse("key-list")).content.decode()

    assert listed_numbers(page)[:2] == list(HEAD_LEADS)
    assert sorted(listed_numbers(page)) == list(KEY_NUMBERS)
    assert all("我督办" in row_of(page, n) for n in HEAD_LEADS)


def test_staff_see_the_list_in_number_order_without_marks(client, keys, personas):
    client.force_login(personas.clerk)
    page = client.get(reverse("key-list")).content.decode()

    assert listed_numbers(page) == list(KEY_NUMBERS)
    assert "我领办" not in page and "我督办" not in page


def test_every_link_the_key_list_shows_a_leader_opens(client, keys, district_head):
    client.force_login(district_head)
    page = client.get(reverse("key-list")).content.decode()
    details = re.findall(r'href="(/key/\d+/)"', page)
    assert len(details) == len(KEY_NUMBERS)
    for url in details:
        detail = client.get(url)
        assert detail.status_code == 200, url
        for link in re.findall(r'href="(/proposals/\d+/)"', detail.content.decode()):
            assert client.get(link).status_code == 200, link


def test_a_leader_reads_another_leaders_key_proposal_but_records_supervision_on_their_own(
    client, keys, district_head
):
    client.force_login(district_head)
    others = keys[1]
    own = keys[HEAD_LEADS[0]]

    other_page = client.get(reverse("key-detail", kwargs={"pk": others.pk})).content.decode()
    own_page = client.get(reverse("key-detail", kwargs={"pk": own.pk})).content.decode()
    proposal_page = client.get(reverse("proposal-detail", kwargs={"pk": others.proposal_id}))
    posted = client.post(
        reverse("key-activity", kwargs={"pk": others.pk}),
        {"kind": "forum", "held_on": "2022-06-01", "summary": "座谈"},
    )

    assert "<h2>记录督办活动</h2>" in own_page
    assert "<h2>记录督办活动</h2>" not in other_page
    assert proposal_page.status_code == 200
    assert posted.status_code == 403
    assert not SupervisionActivity.objects.filter(key_proposal=others).exists()


def test_a_leader_still_reads_no_proposal_that_is_not_a_key_proposal(
    client, keys, make_filed, district_head
):
    ordinary = make_filed("关于增设公交站点的建议", number=20)
    client.force_login(district_head)

    assert client.get(reverse("proposal-detail", kwargs={"pk": ordinary.pk})).status_code == 403
    listed = client.get(reverse("proposal-list")).context["page"].paginator.count
    assert listed == len(KEY_NUMBERS)


def test_the_leaders_worklist_box_holds_only_what_they_lead_or_supervise(
    client, keys, district_head
):
    client.force_login(district_head)
    page = client.get(reverse("worklist")).content.decode()
    box = page[page.index('id="section-key"') :]
    box = box[: box.index("</section>")]

    assert sorted(int(n) for n in re.findall(r"第(\d+)号", box)) == list(HEAD_LEADS)


def test_a_leader_sees_the_photo_of_an_activity_on_another_leaders_key_proposal(
    client, keys, district_head, personas
):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    activity = actions.record_activity(
        personas.clerk,
        keys[1],
        kind="inspection",
        held_on=date(2022, 6, 1),
        summary="视察",
        photo=SimpleUploadedFile("视察.png", png, content_type="image/png"),
    )
    client.force_login(district_head)
    page = client.get(reverse("key-detail", kwargs={"pk": keys[1].pk})).content.decode()
    photo_url = reverse("key-activity-photo", kwargs={"pk": activity.pk})

    assert photo_url in page
    assert client.get(photo_url).status_code == 200
