"""The inbox: each person sees and marks only their own messages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tian.notifications.actions import notify
from tian.notifications.context import unread_count
from tian.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _unread(user: Any) -> int:
    request = RequestFactory().get("/")
    request.user = user
    return unread_count(request)["unread_count"]


def test_a_users_inbox_shows_only_their_own_notifications(client: Any, personas: Any) -> None:
    notify([personas.member], kind="replied", title="您的第69号提案已答复", url="/proposals/69/")
    notify([personas.unit_clerk], kind="assigned", title="第70号提案交由贵单位办理")
    client.force_login(personas.member)
    response = client.get(reverse("inbox"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "您的第69号提案已答复" in content
    assert 'href="/proposals/69/"' in content
    assert "第70号提案交由贵单位办理" not in content


def test_the_inbox_lists_the_newest_first(client: Any, personas: Any) -> None:
    notify([personas.member], kind="a", title="较早的消息")
    notify([personas.member], kind="b", title="较新的消息")
    client.force_login(personas.member)
    content = client.get(reverse("inbox")).content.decode()
    assert content.index("较新的消息") < content.index("较早的消息")


def test_marking_all_read_clears_the_unread_count(client: Any, personas: Any) -> None:
    notify([personas.member], kind="a", title="一")
    notify([personas.member], kind="b", title="二")
    assert _unread(personas.member) == 2
    client.force_login(personas.member)
    response = client.post(reverse("inbox-read"))
    assert response.status_code == 302
    assert response.url == reverse("inbox")
    assert _unread(personas.member) == 0


def test_marking_given_ids_read_leaves_the_others_unread(client: Any, personas: Any) -> None:
    [first] = notify([personas.member], kind="a", title="一")
    [second] = notify([personas.member], kind="b", title="二")
    client.force_login(personas.member)
    client.post(reverse("inbox-read"), {"ids": [first.pk], "next": "/inbox/?page=1"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_nobody_can_mark_another_users_notification_read(client: Any, personas: Any) -> None:
    [theirs] = notify([personas.unit_clerk], kind="assigned", title="交办")
    client.force_login(personas.member)
    client.post(reverse("inbox-read"), {"ids": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_does_not_redirect_to_another_site(client: Any, personas: Any) -> None:
    client.force_login(personas.member)
    response = client.post(reverse("inbox-read"), {"next": "https://evil.example.com/"})
    assert response.url == reverse("inbox")


def test_the_unread_count_is_one_query_for_a_user_and_none_for_a_visitor(
    personas: Any, django_assert_num_queries: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser

    notify([personas.member], kind="a", title="一")
    with django_assert_num_queries(1):
        assert _unread(personas.member) == 1
    with django_assert_num_queries(0):
        assert _unread(AnonymousUser()) == 0


@pytest.mark.parametrize("name", ["inbox", "inbox-read"])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Any, db: Any, name: str) -> None:
    response = client.post(reverse(name)) if name == "inbox-read" else client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Notification.objects.exists()
