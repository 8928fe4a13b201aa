"""`tian report --session SLUG --format docx|pdf|html|md -o FILE`: the annual report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tian.directory.models import Session
from tian.reports.annual import build_report
from tian.reports.render import FORMATS, render


class Command(BaseCommand):
    help = "生成一次会议的年度提案办理情况报告(Word、PDF、HTML 或 Markdown)。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--session", required=True, help="会议代号,如 xishan-2022")
        parser.add_argument(
            "--format", dest="fmt", default="docx", help="格式:docx、pdf、html 或 md"
        )
        parser.add_argument("-o", "--output", required=True, help="输出文件路径")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["fmt"].lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(f"不支持的格式“{options['fmt']}”,可选:{'、'.join(FORMATS)}。")
        session = Session.objects.filter(slug=options["session"]).first()
        if session is None:
            known = "、".join(Session.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"没有代号为“{options['session']}”的会议。"
                + (f"现有会议:{known}。" if known else "")
            )
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"输出目录“{output.parent}”不存在。")
        data = render(build_report(session), fmt)
        output.write_bytes(data)
        self.stdout.write(f"已生成{session}年度办理情况报告:{output}({len(data) // 1024} KB)")
