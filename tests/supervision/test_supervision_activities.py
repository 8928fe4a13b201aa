"""Supervision activities (协商会、视察、调研、座谈) are recorded on a key proposal and audited."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.lib.errors import ActionError
from tian.supervision.key import actions
from tian.supervision.models import SupervisionActivity

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def photo(name: str = "视察.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.fixture
def key(personas, make_filed, select, chair):
    return select(make_filed(), personas.leader, chair)


@time_machine.travel("2022-07-01 10:00 +0800")
def test_the_supervising_chair_records_an_inspection_with_a_photo(key, chair):
    activity = actions.record_activity(
        chair,
        key,
        kind=SupervisionActivity.Kind.INSPECTION,
        held_on=date(2022, 6, 28),
        place="东港镇综合管理服务指挥中心",
        attendees="孙志刚、赵国强、区委政法委",
        summary="现场察看网格化平台运行情况。",
        photo=photo(),
    )
    activity.refresh_from_db()
    assert activity.key_proposal == key
    assert activity.created_by == chair
    assert activity.photo.name.endswith(".png")
    assert activity.photo.read() == PNG
    event = AuditEvent.objects.get(event_type=EventType.ACTIVITY_RECORDED)
    assert event.proposal == key.proposal
    assert event.actor == chair
    assert event.data == {"kind": "inspection", "held_on": "2022-06-28"}


@time_machine.travel("2022-07-01 10:00 +0800")
@pytest.mark.parametrize("who", ["clerk", "office", "leader"])
def test_staff_and_the_leading_leader_may_record(key, personas, who):
    actions.record_activity(
        getattr(personas, who), key, kind="forum", held_on=date(2022, 6, 1), summary="座谈"
    )
    assert key.activities.count() == 1


@time_machine.travel("2022-07-01 10:00 +0800")
@pytest.mark.parametrize("who", ["member", "unit_clerk"])
def test_others_may_not_record(key, personas, who):
    with pytest.raises(PermissionDenied):
        actions.record_activity(
            getattr(personas, who), key, kind="forum", held_on=date(2022, 6, 1), summary="座谈"
        )
    assert not SupervisionActivity.objects.exists()


@time_machine.travel("2022-07-01 10:00 +0800")
def test_a_leader_of_another_key_proposal_may_not_record(key, vice_chair):
    with pytest.raises(PermissionDenied):
        actions.record_activity(
            vice_chair, key, kind="forum", held_on=date(2022, 6, 1), summary="座谈"
        )


@time_machine.travel("2022-07-01 10:00 +0800")
def test_a_file_that_is_not_an_image_or_pdf_is_refused(key, chair):
    with pytest.raises(ActionError, match="PNG"):
        actions.record_activity(
            chair,
            key,
            kind="research",
            held_on=date(2022, 6, 1),
            summary="调研",
            photo=photo("照片.png", b"MZ\x90\x00 not an image"),
        )
    assert not SupervisionActivity.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.ACTIVITY_RECORDED).exists()


@time_machine.travel("2022-07-01 10:00 +0800")
def test_a_summary_is_required_and_the_date_cannot_be_in_the_future(key, chair):
    with pytest.raises(ActionError, match="摘要"):
        actions.record_activity(chair, key, kind="research", held_on=date(2022, 6, 1), summary="")
    with pytest.raises(ActionError, match="不能晚于今天"):
        actions.record_activity(
            chair, key, kind="research", held_on=date(2022, 7, 2), summary="调研"
        )
    assert not SupervisionActivity.objects.exists()


@time_machine.travel("2022-07-01 10:00 +0800")
def test_the_activity_form_records_and_the_page_lists_it(client, key, chair, personas):
    client.force_login(chair)
    response = client.post(
        reverse("key-activity", kwargs={"pk": key.pk}),
        {
            "kind": "consultation",
            "held_on": "2022-06-20",
            "place": "区政协会议室",
            "attendees": "孙志刚、赵国强",
            "summary": "召开重点提案督办协商会。",
            "photo": photo(),
        },
    )
    assert response.status_code == 302
    activity = SupervisionActivity.objects.get()
    page = client.get(reverse("key-detail", kwargs={"pk": key.pk})).content.decode()
    assert "召开重点提案督办协商会。" in page
    assert "2022年6月20日" in page
    assert reverse("key-activity-photo", kwargs={"pk": activity.pk}) in page
    photo_url = reverse("key-activity-photo", kwargs={"pk": activity.pk})
    shown = client.get(photo_url)
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    client.force_login(personas.member)
    assert client.get(photo_url).status_code == 403


@time_machine.travel("2022-07-01 10:00 +0800")
def test_an_incomplete_activity_form_comes_back_with_the_reason(client, key, chair):
    client.force_login(chair)
    response = client.post(
        reverse("key-activity", kwargs={"pk": key.pk}), {"kind": "forum", "held_on": "2022-06-20"}
    )
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert not SupervisionActivity.objects.exists()
