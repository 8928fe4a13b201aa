"""`tian load-demo`: build the demo database (DESIGN §9) and print the demo accounts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tian.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "载入演示数据:锡山区政协五届一次会议的158件提案、四届五次会议的2件跨年度提案、"
        "五届二次会议的征集示例和各角色的演示账号。可重复运行,不会重复创建;"
        "每次运行都会重设演示账号的密码。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="先删除演示会议(xishan-2021、xishan-2022、xishan-2023)的全部提案,再重新生成",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_demo(reset=options["reset"])
        for line in summary.summary_lines() + summary.account_lines():
            self.stdout.write(line)
