"""One archive holds an installation (备份与恢复): a consistent database dump, every stored
file, and a manifest of their SHA-256 hashes and the schema (the migrations applied).

SQLite is copied with its online backup API, PostgreSQL with `pg_dump` in custom format; both
are consistent while Tian keeps serving. Files are read and written through Django's storage,
so an object store works as a folder does. The keys (SECRET_KEY, TIAN_AUDIT_KEY) are not in
the archive: keep them apart, or the restored audit chain cannot be verified.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 # pg_dump and pg_restore, fixed argv
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.lib.errors import ActionError
from tian.lib.previews import PREVIEW_DIR
from tian.proposals.models import Proposal

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@dataclass
class Manifest:
    """What an archive holds: its format, database kind, migrations and file hashes."""

    vendor: str
    migrations: list[tuple[str, str]]
    files: dict[str, str] = field(default_factory=dict)
    created_at: str = ""
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        raw = json.loads(data)
        raw["migrations"] = [tuple(m) for m in raw["migrations"]]
        return cls(**raw)


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations() -> list[tuple[str, str]]:
    return sorted(MigrationRecorder(connection).applied_migrations())


def _stored_files(directory: str = "") -> list[str]:
    """Every file in the default storage, the import previews' scratch folder left out."""
    if directory == "" and not default_storage.exists(""):
        return []
    folders, files = default_storage.listdir(directory)
    names = [f"{directory}{name}" for name in files]
    for folder in folders:
        if directory == "" and folder == PREVIEW_DIR:
            continue
        names += _stored_files(f"{directory}{folder}/")
    return sorted(names)


# --- the database, each kind its own way --------------------------------------------------


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_tool(name: str) -> str:
    folder = os.environ.get("TIAN_PG_BIN", "")
    tool = str(Path(folder) / name) if folder else shutil.which(name)
    if not tool or not Path(tool).exists():
        raise ActionError(
            f"找不到 {name}:请安装 PostgreSQL 客户端(postgresql-client),或设置 TIAN_PG_BIN。"
        )
    return tool


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, env=_pg_env(), capture_output=True, text=True)  # nosec B603
    if result.returncode:
        raise ActionError(f"{Path(argv[0]).name} 失败:{result.stderr.strip()[-500:]}")


def _dump_database(target: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    elif connection.vendor == "postgresql":
        _run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "-f",
                str(target),
            ]
        )
    else:
        raise ActionError(f"不支持备份 {connection.vendor} 数据库。")


def _load_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.close()
        source = sqlite3.connect(dump)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
            connection.close()
        return
    # Tables the archive does not know (from a later schema) go too, then everything in it is
    # restored in one transaction.
    tables = connection.introspection.table_names()
    if tables:
        with connection.cursor() as cursor:
            names = ", ".join(connection.ops.quote_name(t) for t in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")  # nosec B608 # introspected names
    connection.close()
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            settings.DATABASES["default"]["NAME"],
            str(dump),
        ]
    )


# --- backup -------------------------------------------------------------------------------


def write_backup(output: Path) -> Manifest:
    """Write the archive of this installation to `output` and record it in the audit log."""
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise ActionError(f"不支持备份 {vendor} 数据库。")
    record_event(None, EventType.BACKUP_MADE, message=output.name)
    manifest = Manifest(
        vendor=vendor,
        migrations=_applied_migrations(),
        created_at=timezone.now().isoformat(timespec="seconds"),
    )
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DUMPS[vendor]
        _dump_database(dump)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            with dump.open("rb") as handle:
                manifest.files[DUMPS[vendor]] = _sha256(handle)
            archive.add(dump, arcname=DUMPS[vendor])
            for name in _stored_files():
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
                manifest.files[f"media/{name}"] = hashlib.sha256(data).hexdigest()
                _add_bytes(archive, f"media/{name}", data)
            _add_bytes(archive, MANIFEST, manifest.to_json())
        partial.replace(output)
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


# --- restore ------------------------------------------------------------------------------


def read_verified(path: Path, scratch: Path) -> Manifest:
    """Unpack `path` into `scratch` and check every file against the manifest's hash."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(scratch, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ActionError(f"无法读取备份文件:{error}") from error
    if not (scratch / MANIFEST).exists():
        raise ActionError("这不是 Tian 的备份文件(缺少 manifest.json)。")
    manifest = Manifest.from_json((scratch / MANIFEST).read_bytes())
    if manifest.format > FORMAT:
        raise ActionError("备份文件的格式比本程序新,请先升级 Tian。")
    present = {p.relative_to(scratch).as_posix() for p in scratch.rglob("*") if p.is_file()} - {
        MANIFEST
    }
    if present != set(manifest.files):
        extra = sorted(present ^ set(manifest.files))[:5]
        raise ActionError(f"备份文件与清单不符:{'、'.join(extra)}")
    for name, expected in manifest.files.items():
        with (scratch / name).open("rb") as handle:
            if _sha256(handle) != expected:
                raise ActionError(f"备份文件已损坏:{name} 的校验值不符。")
    return manifest


def _newer_migrations(manifest: Manifest) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in manifest.migrations if (app, name) not in known]


def _holds_data() -> bool:
    tables = set(connection.introspection.table_names())
    models = (get_user_model(), Proposal, AuditEvent)
    return any(m._meta.db_table in tables and m._default_manager.exists() for m in models)


def restore_backup(path: Path, *, replace: bool = False) -> Manifest:
    """Put the installation in the archive at `path` in place of this (empty) one.

    Refuses an archive that fails its hashes, one from a newer schema or another kind of
    database, and a database holding data unless `replace`. Migrates an older schema forward.
    """
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        manifest = read_verified(path, scratch)
        if newer := _newer_migrations(manifest):
            raise ActionError(
                f"备份来自更新版本的 Tian(本程序没有迁移 {'、'.join(newer[:3])}),请先升级。"
            )
        if manifest.vendor != connection.vendor:
            raise ActionError(
                f"备份来自 {manifest.vendor} 数据库,不能恢复到 {connection.vendor} 数据库。"
            )
        if _holds_data() and not replace:
            raise ActionError("目标数据库已有数据;确认要覆盖时请加 --replace。")
        _load_database(scratch / DUMPS[manifest.vendor])
        for name in manifest.files:
            if not name.startswith("media/"):
                continue
            stored = name.removeprefix("media/")
            if default_storage.exists(stored):
                default_storage.delete(stored)
            with (scratch / name).open("rb") as handle:
                saved = default_storage.save(stored, File(handle))
            if saved != stored:
                raise ActionError(f"文件 {stored} 未能按原名恢复(存为 {saved})。")
    call_command("migrate", verbosity=0, interactive=False)
    record_event(None, EventType.RESTORE_DONE, message=path.name, created_at=manifest.created_at)
    return manifest


def describe(manifest: Manifest) -> dict[str, Any]:
    """What a command prints about an archive."""
    media = [n for n in manifest.files if n.startswith("media/")]
    return {
        "vendor": manifest.vendor,
        "created_at": manifest.created_at,
        "migrations": len(manifest.migrations),
        "files": len(media),
    }
