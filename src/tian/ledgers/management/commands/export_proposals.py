"""`tian export-proposals`: write a session's proposals as a ledger (台账) in Excel."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tian.directory.models import Session
from tian.ledgers.export import export_ledger


class Command(BaseCommand):
    help = "导出提案台账:tian export-proposals --session SLUG -o 台账.xlsx(可再导入)。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--session", required=True, help="会议代号")
        parser.add_argument("-o", "--output", required=True, help="输出的 Excel 文件(.xlsx)")

    def handle(self, *args: Any, **options: Any) -> None:
        session = Session.objects.select_related("body").filter(slug=options["session"]).first()
        if session is None:
            raise CommandError(f"找不到会议“{options['session']}”。")
        try:
            count = export_ledger(session, options["output"])
        except OSError as error:
            raise CommandError(f"无法写入“{options['output']}”:{error.strerror}") from error
        self.stdout.write(f"已导出{count}件{session.body.item_noun}到 {options['output']}。")
