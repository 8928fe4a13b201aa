"""The audit log's hash chain (哈希链).

Each event's `hash` is HMAC-SHA256 over a canonical serialisation of every stored field and
the previous event's hash, keyed by `TIAN_AUDIT_KEY` (else a key derived from SECRET_KEY).
Altering, deleting or inserting a row breaks the chain at that row; `verify` finds it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.dateparse import parse_datetime

GENESIS = "0" * 64

# The stored fields, in the order they are hashed (and exported).
FIELDS = (
    "id",
    "created_at",
    "actor_id",
    "actor_username",
    "event_type",
    "proposal_id",
    "object_type",
    "object_id",
    "message",
    "data",
    "ip",
    "outcome",
    "prev_hash",
    "hash",
)
HASHED = tuple(name for name in FIELDS if name not in ("id", "hash"))


def key() -> bytes:
    """The chain's key: TIAN_AUDIT_KEY, else derived from SECRET_KEY.

    The derived key is a hex string, so that before rotating SECRET_KEY an operator can set
    TIAN_AUDIT_KEY to it (`tian audit key`) and the existing chain keeps verifying."""
    configured = getattr(settings, "TIAN_AUDIT_KEY", "")
    if configured:
        return configured.encode()
    derived = hashlib.sha256(b"tian.audit.chain:" + settings.SECRET_KEY.encode()).hexdigest()
    return derived.encode()


def normalise_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The event's data as the database gives it back: plain JSON (str keys, lists, strings
    for dates and decimals), so the hash computed before saving matches the one read later."""
    return json.loads(json.dumps(dict(data), cls=DjangoJSONEncoder, ensure_ascii=False))


def _moment(value: datetime | str) -> str:
    if isinstance(value, str):
        value = parse_datetime(value)  # type: ignore[assignment]
    return value.astimezone(UTC).isoformat(timespec="microseconds")  # type: ignore[union-attr]


def canonical(row: Mapping[str, Any]) -> bytes:
    """The bytes hashed for one event (a dict of the stored fields, as in the export)."""
    content = {
        "created_at": _moment(row["created_at"]),
        "actor_id": row["actor_id"],
        "actor_username": row["actor_username"] or "",
        "event_type": row["event_type"],
        "proposal_id": row["proposal_id"],
        "object_type": row["object_type"] or "",
        "object_id": row["object_id"] or "",
        "message": row["message"] or "",
        "data": row["data"] if row["data"] is not None else {},
        "ip": row["ip"] or "",
        "outcome": row["outcome"],
        "prev_hash": row["prev_hash"],
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute(row: Mapping[str, Any], secret: bytes | None = None) -> str:
    return hmac.new(secret or key(), canonical(row), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first broken link: the event where the chain stops holding, and why."""

    event_id: Any
    created_at: str
    reason: str

    def __str__(self) -> str:
        return f"事件 #{self.event_id}({self.created_at}):{self.reason}"


@dataclass(frozen=True)
class Verification:
    checked: int
    last_hash: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_rows(rows: Iterable[Mapping[str, Any]], *, start: str = GENESIS) -> Verification:
    """Walk events in id order; the first row whose link or content does not hold is named."""
    secret = key()
    expected_prev = start
    checked = 0
    for row in rows:
        when = _moment(row["created_at"])
        if row["prev_hash"] != expected_prev:
            reason = "与前一事件的哈希不衔接(前面的事件被删除、插入或修改过)"
            return Verification(checked, expected_prev, Break(row["id"], when, reason))
        if not hmac.compare_digest(compute(row, secret), row["hash"] or ""):
            reason = "内容与哈希不符(本事件被修改过)"
            return Verification(checked, expected_prev, Break(row["id"], when, reason))
        expected_prev = row["hash"]
        checked += 1
    return Verification(checked, expected_prev, None)


def stored_rows(queryset: Any, chunk_size: int = 2000) -> Iterator[dict[str, Any]]:
    """The events of `queryset` as dicts of their stored fields, in chain (id) order."""
    yield from queryset.order_by("id").values(*FIELDS).iterator(chunk_size=chunk_size)


def export_line(row: Mapping[str, Any]) -> str:
    """One JSON Lines record of an event, with its hashes, for an archive verified offline."""
    record = dict(row)
    record["created_at"] = _moment(record["created_at"])
    return json.dumps(record, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder)
