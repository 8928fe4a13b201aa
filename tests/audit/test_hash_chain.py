"""Every event is chained to the one before by an HMAC; `tian audit verify` finds the first
link that does not hold."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tian.audit import chain
from tian.audit.actions import record_event, record_events
from tian.audit.events import EventType
from tian.audit.models import AuditChain, AuditEvent

from .conftest import tamper, verify, verify_error

pytestmark = pytest.mark.django_db


def three_events(actor: Any = None) -> list[AuditEvent]:
    return [
        record_event(actor, EventType.SESSION_CREATED, message=f"第{n}次", n=n) for n in (1, 2, 3)
    ]


def test_each_event_carries_an_hmac_of_its_content_and_of_the_previous_events_hash(
    personas: Any,
) -> None:
    first, second, third = three_events(personas.clerk)

    assert first.prev_hash == chain.GENESIS
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    stored = next(chain.stored_rows(AuditEvent.objects.filter(pk=second.pk)))
    assert chain.compute(stored) == second.hash
    assert stored["actor_username"] == "clerk"


def test_the_hash_covers_every_stored_field() -> None:
    (event,) = [record_event(None, EventType.SESSION_CREATED, message="原文", n=1)]
    row = next(chain.stored_rows(AuditEvent.objects.filter(pk=event.pk)))
    for name, value in [
        ("message", "改过"),
        ("data", {"n": 2}),
        ("ip", "10.0.0.9"),
        ("outcome", "failure"),
        ("actor_username", "someone"),
        ("event_type", "x"),
        ("object_id", "9"),
        ("created_at", "2020-01-01T00:00:00+00:00"),
    ]:
        assert chain.compute(row | {name: value}) != event.hash, name


def test_verify_passes_on_an_intact_log(personas: Any) -> None:
    three_events(personas.clerk)

    assert "共 3 条事件,哈希链无断点" in verify()


def test_verify_names_the_first_event_altered_by_raw_sql() -> None:
    second = three_events()[1]
    tamper("UPDATE audit_auditevent SET message = %s WHERE id = %s", ["改过", second.pk])

    error = verify_error()

    assert f"#{second.pk}" in error
    assert "被修改" in error


def test_verify_names_the_event_after_a_deleted_one() -> None:
    _, second, third = three_events()
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [second.pk])

    error = verify_error()

    assert f"#{third.pk}" in error
    assert "不衔接" in error


def test_verify_notices_events_deleted_from_the_end() -> None:
    third = three_events()[2]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [third.pk])

    assert "缺失" in verify_error()


def test_verify_notices_an_event_inserted_out_of_chain() -> None:
    first = three_events()[0]
    tamper(
        "INSERT INTO audit_auditevent (created_at, actor_username, event_type, object_type,"
        " object_id, message, data, ip, outcome, prev_hash, hash)"
        " VALUES (%s, '', 'session.created', '', '', '伪造', '{}', '', 'success', %s, %s)",
        [first.created_at, first.hash, "f" * 64],
    )

    forged = AuditEvent.objects.order_by("-id").first()
    assert forged.message == "伪造"
    assert f"#{forged.pk}" in verify_error()


def test_a_batch_is_chained_in_the_order_given_and_moves_the_head() -> None:
    record_event(None, EventType.SESSION_CREATED)
    events = record_events(
        [AuditEvent(event_type=EventType.DEMO_LOADED, message=str(n)) for n in range(5)]
    )

    assert [e.message for e in AuditEvent.objects.order_by("id")][1:] == list("01234")
    assert AuditChain.objects.get().last_hash == events[-1].hash
    assert "共 6 条事件" in verify()


def test_an_event_cannot_be_appended_twice() -> None:
    event = record_event(None, EventType.SESSION_CREATED)

    with pytest.raises(RuntimeError):
        record_events([event])


def test_the_chain_keeps_verifying_when_secret_key_rotates_with_the_key_pinned(
    settings: Any,
) -> None:
    three_events()
    out = StringIO()
    call_command("audit", "key", stdout=out)
    settings.TIAN_AUDIT_KEY = out.getvalue().strip()
    settings.SECRET_KEY = "a-new-secret-key-after-rotation"

    assert "无断点" in verify()


def test_a_different_key_fails_verification(settings: Any) -> None:
    three_events()
    settings.TIAN_AUDIT_KEY = "not-the-key-the-chain-was-written-with"

    assert "被修改" in verify_error()


def test_after_the_archiving_procedure_the_chain_verifies_from_its_anchor() -> None:
    second = three_events()[1]
    tamper("DELETE FROM audit_auditevent WHERE id <= %s", [second.pk])
    assert "不衔接" in verify_error()

    AuditChain.objects.filter(pk=1).update(anchor_hash=second.hash)

    assert "共 1 条事件,哈希链无断点" in verify()
