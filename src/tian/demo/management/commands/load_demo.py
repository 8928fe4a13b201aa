"""`tian load-demo`: build the demo database (DESIGN §9) and print the demo accounts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tian.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "载入演示数据:锡山区政协五届一次会议的158件提案(含交办、沟通、协办意见、签发的答复、"
        "实施清单和征询意见)、四届五次会议的2件跨年度提案、五届二次会议的征集示例和办理示例"
        "(待签收、临近答复期限、逾期未答复、待签发、待审核、申请调整、待评价、重新办理),"
        "以及各角色的演示账号。可重复运行,不会重复创建;每次运行都会重设演示账号的密码,"
        "并把无人动过的办理示例的日期顺延到当天。"
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
