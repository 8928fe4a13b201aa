"""After an action, the person who acted is told who was told and how (已通知:…)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import make_user
from tian.directory.models import Role
from tian.notifications.actions import notify
from tian.notifications.models import Notification
from tian.notifications.told import NAMED, collecting, told_message

pytestmark = pytest.mark.django_db


def test_people_reached_the_same_ways_are_named_together_with_their_channels(
    personas: Any,
) -> None:
    personas.member.phone = "13900000001"
    personas.member.save()
    personas.cosigner.email = "lihong@example.cn"
    personas.cosigner.save()
    personas.unit_clerk.phone, personas.unit_clerk.notify_by_sms = "13900000002", False
    personas.unit_clerk.save()
    told = notify(
        [personas.member, personas.cosigner, personas.unit_clerk, personas.unit_head],
        kind="a",
        title="答复已送达",
    )
    message = told_message(n.pk for n in told)
    assert message.startswith("已通知:")
    assert "王晓明(短信、站内消息)" in message
    assert "李红(邮件、站内消息)" in message
    # A clerk who turned texts off is reached in the inbox only, like the leader.
    assert "人社局联络员、人社局局长(站内消息)" in message


def test_a_long_list_names_the_first_people_and_counts_them_all(personas: Any) -> None:
    people = [make_user(f"u{i}", Role.GOV_OFFICE, display_name=f"科员{i}") for i in range(9)]
    told = notify(people, kind="a", title="一")
    message = told_message(n.pk for n in told)
    assert message.count("科员") == NAMED
    assert message.endswith(f"等{len(people)}人。")


def test_messages_that_no_longer_exist_are_not_claimed(personas: Any) -> None:
    [gone] = notify([personas.member], kind="a", title="一")
    Notification.objects.filter(pk=gone.pk).delete()  # as after a rollback
    assert told_message([gone.pk]) == ""


def test_only_a_collecting_request_hears_of_the_messages_notify_creates(personas: Any) -> None:
    notify([personas.member], kind="a", title="一")
    with collecting() as ids:
        [created] = notify([personas.cosigner], kind="b", title="二")
    assert ids == [created.pk]
