"""The main navigation shows each person exactly the pages they may open: every link it shows
opens, and every page of the navigation that opens for them is linked."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import login
from tian.navigation import GROUPS, INBOX
from tian.notifications.actions import notify

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="(?:mainnav|tabbar)".*?</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def nav_links(content: str) -> set[str]:
    return {href for nav in NAV.findall(content) for href in HREF.findall(nav)}


def opens_for(client: Any, url: str) -> bool:
    """The page answers 200, after its redirects, and is not a sign-in page."""
    response = client.get(url, follow=True)
    return response.status_code == 200 and "/login/" not in response.request["PATH_INFO"]


def candidates() -> set[str]:
    return {entry.url for group in GROUPS for entry in group.entries} | {INBOX.url}


@pytest.mark.parametrize(
    "persona",
    [
        "clerk",
        "office",
        "unit_clerk",
        "unit_head",
        "member",
        "collective",
        "leader",
        "sysadmin",
        "secadmin",
        "auditadmin",
    ],
)
def test_the_navigation_links_exactly_the_pages_the_person_may_open(
    client: Any, personas: Any, persona: str
) -> None:
    user = getattr(personas, persona)
    login(client, user)
    shown = nav_links(client.get(reverse("inbox")).content.decode())
    opens = {url for url in candidates() if opens_for(client, url)}
    # Where a person may open the whole dashboard, 统计 goes there and not to a unit's own.
    if reverse("dashboard") in opens:
        opens.discard(reverse("dashboard-unit"))
    assert shown - {reverse("account")} == opens


def test_the_system_admin_is_shown_the_admin_site_once_it_opens_for_them(
    client: Any, personas: Any
) -> None:
    personas.sysadmin.is_staff = True
    personas.sysadmin.save(update_fields=["is_staff"])
    login(client, personas.sysadmin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert reverse("admin:index") in nav_links(client.get(reverse("inbox")).content.decode())


def test_a_member_is_shown_no_supervision_menu_but_their_own_pages(
    client: Any, personas: Any
) -> None:
    login(client, personas.member)
    content = client.get(reverse("worklist")).content.decode()
    top = NAV.findall(content)[0]
    assert "督查" not in top and "统计报告" not in top and "台账" not in top
    # A group with one page for the person is that page's plain link, not a menu.
    assert '<a class="navlink" href="/tracking/">跨年度跟踪</a>' in top
    assert "<details" not in top


def test_the_unread_count_shows_on_消息_in_the_top_bar_and_the_tab_bar(
    client: Any, personas: Any
) -> None:
    notify([personas.member], kind="replied", title="您的第69号提案已答复")
    notify([personas.member], kind="replied", title="您的第70号提案已答复")
    login(client, personas.member)
    content = client.get(reverse("worklist")).content.decode()
    top, tabs = NAV.findall(content)
    for nav in (top, tabs):
        assert re.search(r'href="/inbox/"[^>]*>.*?消息.*?count-badge[^>]*>2</span>', nav, re.S)


def test_the_current_page_is_marked_in_its_menu_and_on_the_menu_s_label(
    client: Any, personas: Any
) -> None:
    login(client, personas.office)
    top = NAV.findall(client.get(reverse("oversight")).content.decode())[0]
    assert re.search(r'<summary class="navlink" data-current>督查</summary>', top)
    assert '<a href="/oversight/" aria-current="page">督查督办一览</a>' in top


def test_on_a_phone_我的_is_marked_while_a_page_under_it_is_open(
    client: Any, personas: Any
) -> None:
    login(client, personas.office)
    tabs = NAV.findall(client.get(reverse("oversight")).content.decode())[1]
    assert '<summary class="tab" data-current>' in tabs
    tabs = NAV.findall(client.get(reverse("worklist")).content.decode())[1]
    assert '<summary class="tab">' in tabs
