"""`tian join-tracking`: queue the cross-year tracking sweep, or run it here with --now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tian.supervision.tracking.actions import join_tracking, latest_sessions
from tian.supervision.tracking.tasks import join_tracking_lists


class Command(BaseCommand):
    help = (
        "跨年度跟踪:把往年答复为正在解决或列入计划、或实施清单尚未完成的提案列入各届最新一次"
        "会议的跨年度跟踪督办,每件记入审计日志。默认交给后台任务执行;--now 立即执行。可重复运行。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="立即执行,不经后台任务")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["now"]:
            result = join_tracking_lists.enqueue()
            self.stdout.write(f"已排队跨年度跟踪任务 {result.id}")
            return
        for session in latest_sessions():
            joined = join_tracking(None, session)
            self.stdout.write(f"{session}({session.slug}):新列入跨年度跟踪 {len(joined)} 件。")
