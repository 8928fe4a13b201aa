"""`tian backup -o FILE`: the database and every stored file in one verified archive."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tian.lib.errors import ActionError
from tian.ops.backup import describe, write_backup


class Command(BaseCommand):
    help = "备份:数据库(一致的快照)与全部上传文件写入一个归档,附校验值清单。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="归档文件(.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        try:
            manifest = write_backup(output)
        except ActionError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"已备份到 {output}:" + json.dumps(describe(manifest), ensure_ascii=False)
        )
