"""`tian import-proposals`: import a ledger (台账) into a session, all rows or none."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from tian.directory.models import Session
from tian.ledgers.report import ImportReport
from tian.ledgers.write import import_ledger
from tian.lib.sheets import LedgerError

MAX_LISTED_ERRORS = 200


class ProgressBar:
    """A one-line text progress bar, redrawn on stderr at most once per percent."""

    def __init__(self, stream: OutputWrapper, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 if total <= 0 else min(100, done * 100 // total)
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r导入中 [{bar}] {percent:3d}%", ending="\n" if percent == 100 else "")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "导入提案台账:tian import-proposals 台账.xlsx --session SLUG [--dry-run] [--create-units]。"
        "先检查全部行,有任何错误则整份不导入;重复导入同一文件不会产生变化。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Excel 台账文件(.xlsx)")
        parser.add_argument("--session", required=True, help="会议代号")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告,不写入")
        parser.add_argument(
            "--create-units", action="store_true", help="自动创建名录中没有的承办单位"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        parser.add_argument("--progress", action="store_true", help="显示进度条")

    def handle(self, *args: Any, **options: Any) -> None:
        session = Session.objects.select_related("body").filter(slug=options["session"]).first()
        if session is None:
            raise CommandError(
                f"找不到会议“{options['session']}”,可先用 tian create-session 创建。"
            )
        progress = None
        if options["progress"] or (self.stderr.isatty() and not options["json"]):
            progress = ProgressBar(self.stderr)
        try:
            report = import_ledger(
                session,
                options["file"],
                dry_run=options["dry_run"],
                create_units=options["create_units"],
                progress=progress,
            )
        except LedgerError as error:
            if progress is not None and progress.shown not in (-1, 100):
                self.stderr.write("")
            if options["json"]:
                errors = [
                    {"row": e.row, "column": e.column, "message": e.message, "text": str(e)}
                    for e in error.errors
                ]
                data = {"ok": False, "errors": errors, "unknown_units": error.unknown_units}
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                self._print_errors(error)
            raise CommandError(f"台账有{len(error.errors)}处问题,未导入任何数据。") from error
        self._print(report, as_json=options["json"])

    def _print_errors(self, error: LedgerError) -> None:
        for line in error.errors[:MAX_LISTED_ERRORS]:
            self.stderr.write(str(line))
        if len(error.errors) > MAX_LISTED_ERRORS:
            self.stderr.write(f"……还有{len(error.errors) - MAX_LISTED_ERRORS}处问题未列出。")
        if error.unknown_units:
            names = "、".join(error.unknown_units)
            self.stderr.write(
                f"名录中没有的承办单位共{len(error.unknown_units)}个:{names}。"
                "核对无误后可加 --create-units 自动创建。"
            )

    def _print(self, report: ImportReport, *, as_json: bool) -> None:
        if as_json:
            data = {"ok": True, **report.as_dict()}
            self.stdout.write(json.dumps(data, ensure_ascii=False, default=str))
            return
        self.stdout.write(report.summary_line())
        for line in report.detail_lines():
            self.stdout.write(line)
