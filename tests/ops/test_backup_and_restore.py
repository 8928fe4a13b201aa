"""`tian backup` and `tian restore`: the demo backed up and restored into an empty database
gives the same figures, the same audit chain and the same files; bad archives are refused."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess  # nosec B404 # the project's own commands
import tarfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import CommandError, call_command

from tests.ops.conftest import TIAN, server_env
from tian.audit.models import AuditEvent
from tian.ops.backup import MANIFEST, Manifest, _applied_migrations

SECRET = "backup-round-trip-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith("postgres")


def tian(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # nosec B603
        [*TIAN, *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def installation(var_dir: Path, database_url: str) -> dict[str, str]:
    # One SECRET_KEY for both: the audit chain's key is derived from it, never archived.
    return server_env(var_dir, DATABASE_URL=database_url, SECRET_KEY=SECRET)


def audit_rows(env: dict[str, str]) -> list[list[Any]]:
    script = (
        "import json; from tian.audit.models import AuditEvent as E; "
        "print(json.dumps([[e.id, e.event_type, e.hash] for e in E.objects.order_by('id')]))"
    )
    return json.loads(tian(env, "shell", "-c", script).strip().splitlines()[-1])


def file_hashes(media: Path) -> dict[str, str]:
    return {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*"))
        if p.is_file() and not p.relative_to(media).as_posix().startswith("imports/")
    }


def round_trip(tmp_path: Path, source_url: str, target_url: str) -> None:
    source = installation(tmp_path / "source", source_url)
    target = installation(tmp_path / "target", target_url)
    archive = tmp_path / "tian-backup.tar.gz"
    tian(source, "migrate", "-v0")
    tian(source, "load-demo")
    tian(source, "backup", "-o", str(archive))
    tian(target, "migrate", "-v0")  # an empty, migrated installation

    tian(target, "restore", str(archive))

    for slug in ("xishan-2022", "xishan-2021"):
        figures = tian(target, "stats", "--session", slug, "--json")
        assert json.loads(figures) == json.loads(tian(source, "stats", "--session", slug, "--json"))
    assert "无断点" in tian(target, "audit", "verify")
    before, after = audit_rows(source), audit_rows(target)
    assert after[: len(before)] == before
    assert [row[1] for row in after[len(before) :]] == ["ops.restore"]
    media = file_hashes(tmp_path / "source" / "media")
    assert media and file_hashes(tmp_path / "target" / "media") == media


def test_the_demo_round_trips_through_a_backup_on_sqlite(tmp_path: Path) -> None:
    round_trip(
        tmp_path,
        f"sqlite:///{tmp_path / 'source.sqlite3'}",
        f"sqlite:///{tmp_path / 'target.sqlite3'}",
    )


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL run only (DATABASE_URL=postgres://…)")
def test_the_demo_round_trips_through_a_backup_on_postgresql(tmp_path: Path) -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    names = ("tian_backup_source", "tian_backup_target")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        for name in names:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
    try:
        round_trip(tmp_path, *(urlunsplit(parts._replace(path=f"/{n}")) for n in names))
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            for name in names:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- refusals: checked before the database is touched --------------------------------------


def archive(path: Path, manifest: Manifest, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {**files, MANIFEST: manifest.to_json()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def honest(files: dict[str, bytes], **fields: Any) -> Manifest:
    from django.db import connection

    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    values = {"vendor": connection.vendor, "migrations": _applied_migrations(), **fields}
    return Manifest(files=hashes, **values)


FILES = {"database.sqlite3": b"not really a database", "media/letters/a.pdf": b"%PDF-1.7"}


@pytest.mark.django_db
def test_an_archive_whose_file_was_altered_is_refused(tmp_path: Path) -> None:
    manifest = honest(FILES)
    path = archive(tmp_path / "a.tar.gz", manifest, {**FILES, "media/letters/a.pdf": b"%PDF-1.8"})

    with pytest.raises(CommandError, match=r"已损坏.*letters/a\.pdf"):
        call_command("restore", str(path))


@pytest.mark.django_db
def test_an_archive_from_a_newer_schema_is_refused(tmp_path: Path) -> None:
    manifest = honest(FILES)
    manifest.migrations.append(("directory", "9999_from_the_future"))
    path = archive(tmp_path / "a.tar.gz", manifest, FILES)

    with pytest.raises(CommandError, match=r"更新版本.*directory\.9999_from_the_future"):
        call_command("restore", str(path))


@pytest.mark.django_db
def test_an_archive_of_another_kind_of_database_is_refused(tmp_path: Path) -> None:
    manifest = honest(FILES, vendor="oracle")
    path = archive(tmp_path / "a.tar.gz", manifest, FILES)

    with pytest.raises(CommandError, match="不能恢复到"):
        call_command("restore", str(path))


@pytest.mark.django_db
def test_a_database_holding_data_is_not_overwritten_without_replace(
    tmp_path: Path, personas: Any
) -> None:
    before = AuditEvent.objects.count()
    path = archive(tmp_path / "a.tar.gz", honest(FILES), FILES)

    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(path))
    assert AuditEvent.objects.count() == before


def test_something_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.tar.gz"
    path.write_bytes(b"hello")

    with pytest.raises(CommandError, match="无法读取备份文件"):
        call_command("restore", str(path))
