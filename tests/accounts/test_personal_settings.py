"""个人设置: a person keeps their phone, e-mail and channels; changes are audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tian.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_member_sets_a_mobile_number_and_turns_e_mail_off(client, personas):
    member = personas.member
    client.force_login(member)

    response = client.post(
        reverse("account"),
        {"phone": "139 0000 1234", "email": "", "notify_by_sms": "on"},
        follow=True,
    )

    assert "个人设置已保存。" in response.content.decode()
    member.refresh_from_db()
    assert (member.phone, member.notify_by_sms, member.notify_by_email) == (
        "13900001234",
        True,
        False,
    )
    event = AuditEvent.objects.filter(event_type="account.changed").latest("id")
    assert event.actor == member and event.message == "本人修改个人设置:手机、邮件通知"
    assert "13900001234" not in str(event.data)  # which fields, not their values


@pytest.mark.parametrize(
    ("phone", "kept"),
    [("0371-63301234", "0371-63301234"), ("+86 139-0000-1234", "13900001234"), ("", "")],
)
def test_phone_numbers_are_tidied_the_way_people_type_them(client, personas, phone, kept):
    client.force_login(personas.unit_clerk)

    client.post(reverse("account"), {"phone": phone, "email": "a@example.cn"})

    personas.unit_clerk.refresh_from_db()
    assert personas.unit_clerk.phone == kept


def test_a_number_that_is_not_one_is_refused_and_nothing_is_saved(client, personas):
    client.force_login(personas.unit_clerk)

    response = client.post(reverse("account"), {"phone": "12345", "notify_by_sms": "on"})

    assert response.status_code == 400
    assert "请填写11位手机号码" in response.content.decode()
    personas.unit_clerk.refresh_from_db()
    assert personas.unit_clerk.phone == ""


def test_asking_for_texts_without_a_number_says_what_is_missing(client, personas):
    client.force_login(personas.unit_clerk)

    response = client.post(reverse("account"), {"phone": "", "notify_by_sms": "on"})

    assert response.status_code == 400
    assert "要接收短信通知,请填写手机号码" in response.content.decode()


def test_the_settings_page_shows_the_account_and_its_security(client, personas):
    client.force_login(personas.member)

    page = client.get(reverse("account")).content.decode()

    assert "个人设置" in page and "修改密码" in page and "动态口令" in page
