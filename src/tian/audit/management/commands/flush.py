"""`flush` as Django's, but able to empty the append-only audit table it is asked to empty."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from tian.audit import triggers


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with triggers.lifted(connection):
            super().handle(**options)
