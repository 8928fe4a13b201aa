"""`tian remind`: queue the reminder sweep for the task worker, or run it here with --now."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tian.supervision.reminders.sweep import send_due_reminders
from tian.supervision.reminders.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "催办:按催办时间表(设置 TIAN_REMINDER_SCHEDULE)向承办单位联络员、负责人和督查室发送"
        "答复期限和实施清单的催办提醒。默认交给后台任务执行;--now 立即执行并列出发送的提醒。"
        "同一期限的同一环节只发送一次,可重复运行。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="立即执行,不经后台任务")
        parser.add_argument("--date", help="按哪一天计算(YYYY-MM-DD,默认今天)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"]
        if day:
            try:
                date.fromisoformat(day)
            except ValueError as error:
                raise CommandError(f"日期格式应为 YYYY-MM-DD:{day}") from error
        if not options["now"]:
            result = send_reminders.enqueue(day)
            self.stdout.write(f"已排队催办任务 {result.id}")
            return
        sent = send_due_reminders(date.fromisoformat(day) if day else None)
        for reminder in sent:
            self.stdout.write(str(reminder))
        self.stdout.write(f"共发送催办 {len(sent)} 条。")
