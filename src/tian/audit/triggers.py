"""Database triggers that keep the audit table append-only, whatever the client.

The model refuses updates and deletes, but bulk updates, raw SQL and cascades go around the
ORM; the database refuses them too. On PostgreSQL a trigger function raises on UPDATE,
DELETE and TRUNCATE; on SQLite `RAISE(ABORT)` triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TABLE = "audit_auditevent"
MESSAGE = "audit events are append-only"

_SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_no_update",
    "DROP TRIGGER IF EXISTS audit_no_delete",
]
_POSTGRES_CREATE = [
    "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP "
    "USING ERRCODE = 'insufficient_privilege'; END $$",
    # DROP then CREATE rather than CREATE OR REPLACE TRIGGER, which needs PostgreSQL 14.
    f"DROP TRIGGER IF EXISTS audit_no_change ON {TABLE}",
    f"CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}",
    f"CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()",
]
_POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS audit_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
]


def _statements(connection: Any, create: bool) -> list[str]:
    if connection.vendor == "postgresql":
        return _POSTGRES_CREATE if create else _POSTGRES_DROP
    if connection.vendor == "sqlite":
        return _SQLITE_CREATE if create else _SQLITE_DROP
    return []


def install(connection: Any) -> None:
    """Create the triggers (again): idempotent, run by the migration and after each migrate."""
    if TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for sql in _statements(connection, create=True):
            cursor.execute(sql)


def remove(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, create=False):
            cursor.execute(sql)


def installed(connection: Any) -> bool:
    """Whether the refusing triggers are in place (the verify command reports it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            return cursor.fetchone()[0] == len(_SQLITE_CREATE)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass "
                "AND NOT tgisinternal AND tgenabled <> 'D'",
                [TABLE],
            )
            return cursor.fetchone()[0] == 2
    return False


@contextmanager
def lifted(connection: Any) -> Iterator[None]:
    """Without the triggers for the duration: only for `flush`, which empties every table."""
    remove(connection)
    try:
        yield
    finally:
        install(connection)
