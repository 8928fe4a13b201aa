"""Uploaded files kept between an import's preview (a dry run) and its confirmation.

Each preview is a folder `MEDIA_ROOT/imports/<kind>-<token>/` holding the upload and the
name it was uploaded with (which the audit log records, never the temporary path).
Confirming or abandoning a preview removes its folder; a refused upload is not kept; and
every new upload first removes previews older than `MAX_AGE`, so abandoned ones (a closed
tab) do not pile up.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings

PREVIEW_DIR = "imports"
MAX_AGE = timedelta(days=1)
_TOKEN = re.compile(r"[0-9a-f]{32}")
_FILE = "upload"
_NAME = "name.txt"


@dataclass(frozen=True)
class Preview:
    """A stored upload: `path` to read, `name` as the user's computer called it."""

    kind: str
    token: str
    path: Path
    name: str


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / PREVIEW_DIR


def _folder(kind: str, token: str) -> Path:
    return _root() / f"{kind}-{token}"


def save_preview(upload: Any, kind: str, suffix: str = ".xlsx") -> Preview:
    """Store an upload for a preview, after removing previews older than a day."""
    expire_previews()
    token = secrets.token_hex(16)
    folder = _folder(kind, token)
    folder.mkdir(parents=True)
    path = folder / f"{_FILE}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    # Browsers send a bare name; some old ones sent a Windows path.
    name = Path(str(upload.name or "").replace("\\", "/")).name[:200] or path.name
    (folder / _NAME).write_text(name, encoding="utf-8")
    # Age is counted on the application's clock, which tests may move.
    now = time.time()
    os.utime(folder, (now, now))
    return Preview(kind, token, path, name)


def find_preview(kind: str, token: str) -> Preview | None:
    """The preview a form posted back, or None if the token is malformed or gone."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    folder = _folder(kind, token)
    uploads = sorted(folder.glob(f"{_FILE}.*")) if folder.is_dir() else []
    if not uploads:
        return None
    try:
        name = (folder / _NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        name = uploads[0].name
    return Preview(kind, token, uploads[0], name)


def discard_preview(preview: Preview | None) -> None:
    """Remove a preview's folder (confirmed, abandoned or refused)."""
    if preview is not None:
        shutil.rmtree(preview.path.parent, ignore_errors=True)


def expire_previews(max_age: timedelta = MAX_AGE) -> int:
    """Remove every preview (or stray file) in the imports folder older than `max_age`."""
    root = _root()
    if not root.is_dir():
        return 0
    cutoff = time.time() - max_age.total_seconds()
    removed = 0
    for entry in root.iterdir():
        try:
            if entry.stat().st_mtime >= cutoff:
                continue
        except FileNotFoundError:
            continue  # removed by a request running at the same time
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed += 1
    return removed
