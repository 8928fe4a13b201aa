"""`tian restore FILE [--replace]`: put an archive of `tian backup` in place of this database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tian.lib.errors import ActionError
from tian.ops.backup import describe, restore_backup


class Command(BaseCommand):
    help = "从备份恢复:校验归档,拒绝更新版本的备份;目标库已有数据时需 --replace。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="tian backup 写出的归档")
        parser.add_argument("--replace", action="store_true", help="覆盖已有数据的数据库")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(Path(options["archive"]), replace=options["replace"])
        except ActionError as error:
            raise CommandError(error.message) from error
        self.stdout.write("已恢复:" + json.dumps(describe(manifest), ensure_ascii=False))
