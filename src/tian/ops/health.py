"""`/healthz`: whether this server can do its work, for a load balancer or a monitor.

Answers without a login and says nothing a stranger could use: each check is ok or not, with
at most a number (pending migrations, the age of the oldest waiting task, free disk space in
per cent). The reason for a failure goes to the server log, not to the response.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)

Check = dict[str, Any]


def database() -> Check:
    """The database answers a query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def migrations() -> Check:
    """Every migration the code ships has been applied."""
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {"status": "ok" if not pending else "fail", "pending": len(pending)}


def tasks() -> Check:
    """The background worker keeps up: no task has waited longer than the limit."""
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
    age = (timezone.now() - oldest.enqueued_at) if oldest else timedelta(0)
    limit = timedelta(seconds=settings.TIAN_HEALTH_TASK_MAX_AGE_SECONDS)
    return {"status": "ok" if age <= limit else "fail", "oldest_seconds": int(age.total_seconds())}


def media() -> Check:
    """Uploads have room: free space where files are stored (a local folder only)."""
    if not isinstance(default_storage, FileSystemStorage):
        return {"status": "ok"}  # an object store reports its own health
    root = default_storage.location
    usage = shutil.disk_usage(root if Path(root).is_dir() else settings.BASE_DIR)
    free_mb = usage.free // (1024 * 1024)
    status = "ok" if free_mb >= settings.TIAN_HEALTH_MIN_FREE_MB else "fail"
    return {"status": status, "free_percent": round(100 * usage.free / usage.total, 1)}


CHECKS: dict[str, Callable[[], Check]] = {
    "database": database,
    "migrations": migrations,
    "tasks": tasks,
    "media": media,
}


def run_checks() -> dict[str, Check]:
    """Every check, each reduced to `{"status": "fail"}` when it raises."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:
            log.exception("health check %s failed", name)
            results[name] = {"status": "fail"}
    return results


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with every check ok, else 503; JSON either way."""
    checks = run_checks()
    healthy = all(check["status"] == "ok" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks},
        status=200 if healthy else 503,
    )
