"""The audit table is append-only in the ORM and in the database: bulk updates, raw SQL and
deleting a linked user or proposal leave the events as they were written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.directory.models import User
from tian.proposals import actions as intake
from tian.proposals.models import Proposal

from .conftest import verify

pytestmark = pytest.mark.django_db


def test_a_bulk_update_of_events_is_refused() -> None:
    record_event(None, EventType.SESSION_CREATED, message="原文")

    with pytest.raises(RuntimeError):
        AuditEvent.objects.filter(event_type=EventType.SESSION_CREATED).update(message="改过")

    assert AuditEvent.objects.get().message == "原文"


def test_a_bulk_delete_of_events_is_refused() -> None:
    record_event(None, EventType.SESSION_CREATED)

    with pytest.raises(RuntimeError):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.count() == 1


def test_the_database_refuses_a_raw_update_of_an_event() -> None:
    event = record_event(None, EventType.SESSION_CREATED, message="原文")

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET message = 'x' WHERE id = %s", [event.pk])

    assert AuditEvent.objects.get().message == "原文"


def test_the_database_refuses_a_raw_delete_of_an_event() -> None:
    event = record_event(None, EventType.SESSION_CREATED)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])

    assert AuditEvent.objects.count() == 1


def test_deleting_a_user_leaves_their_events_as_written_and_the_chain_whole(
    personas: Any,
) -> None:
    event = record_event(personas.office, EventType.SESSION_CREATED, message="设立会议")
    user_id = personas.office.pk

    User.objects.filter(pk=user_id).delete()

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_id == user_id
    assert stored.actor_username == "office"
    assert stored.actor_label == "office"
    assert "无断点" in verify()


def test_deleting_a_proposal_leaves_its_events_as_written(personas: Any, session: Any) -> None:
    proposal = intake.create_proposal(
        personas.member,
        session=session,
        lead_proposer=personas.member.proposer,
        title="关于测试的建议",
        subject="",
        background="",
        suggestions="建议。",
        category=session.categories.first(),
    )
    proposal_id = proposal.pk

    Proposal.objects.filter(pk=proposal_id).delete()

    assert AuditEvent.objects.get(event_type=EventType.PROPOSAL_CREATED).proposal_id == proposal_id
    assert "无断点" in verify()


def test_flush_still_empties_the_database_and_keeps_the_table_guarded() -> None:
    record_event(None, EventType.SESSION_CREATED)

    call_command("flush", interactive=False, verbosity=0)

    assert not AuditEvent.objects.exists()
    event = record_event(None, EventType.SESSION_CREATED)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no TRUNCATE; its DELETE trigger is tested above; CI runs this on PostgreSQL",
)
def test_postgresql_refuses_to_truncate_the_audit_table() -> None:
    record_event(None, EventType.SESSION_CREATED)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")

    assert AuditEvent.objects.count() == 1
