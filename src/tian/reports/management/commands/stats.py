"""`tian stats --session SLUG [--json]`: a session's figures, computed from the records."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tian.directory.models import Session
from tian.reports.figures import session_figures


class Command(BaseCommand):
    help = "打印一次会议的统计数据(均由记录实时计算)。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--session", required=True, help="会议代号,如 xishan-2022")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args: Any, **options: Any) -> None:
        session = Session.objects.filter(slug=options["session"]).select_related("body").first()
        if session is None:
            raise CommandError(f"没有代号为“{options['session']}”的会议。")
        figures = session_figures(session)
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        intake = figures["intake"]
        self.stdout.write(
            f"{figures['name']}:收到 {intake['received']} 件,立案 {figures['total']} 件,"
            f"并案 {intake['merged']} 件,不予立案 {intake['rejected']} 件,"
            f"转来信 {intake['converted']} 件,已办结 {intake['closed']} 件"
        )
        for name, count in figures["by_category"].items():
            self.stdout.write(f"  {name} {count} 件")
        for label, share in figures["by_grade"].items():
            self.stdout.write(f"  {label} {share['count']} 件,占 {share['percent']}%")
        self.stdout.write(f"  按时答复率 {figures['on_time_rate']}%")
        commitments = figures["commitments"]
        self.stdout.write(
            f"  实施清单 {commitments['total']} 项,已完成 {commitments['done']} 项,"
            f"逾期 {commitments['overdue']} 项,办成率 {commitments['done_rate']}%"
        )
        self.stdout.write(
            f"  重点提案 {figures['key_proposals']} 件,跨年度跟踪 {figures['cross_year']} 件"
        )
        happy = figures["satisfaction"]
        self.stdout.write(
            f"  满意率和基本满意率:办理态度 {happy['attitude']}%,办理结果 {happy['result']}%"
        )
