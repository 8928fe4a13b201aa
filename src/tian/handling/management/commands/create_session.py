"""`tian create-session`: set up a session with its body, term, categories and grades."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tian.handling.sessions import create_session
from tian.lib.errors import ActionError


class Command(BaseCommand):
    help = (
        "设立会议:tian create-session SLUG --body 区政协 --name 五届一次会议 --year 2022 "
        '--categories "经济发展类,社会事业类" '
        '--grades "A=已经解决或基本解决,B=正在解决或列入计划解决"。'
        "可重复运行;等级可写成 A=解决采纳:resolved 指定统计口径。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="会议代号(英文字母、数字、连字符),如 wuj-yici-2022")
        parser.add_argument("--body", required=True, help="机构简称,如 区政协")
        parser.add_argument("--name", required=True, help="会议名称,如 五届一次会议")
        parser.add_argument("--year", required=True, type=int, help="年度,如 2022")
        parser.add_argument("--categories", default="", help="类别,用逗号分隔")
        parser.add_argument(
            "--grades",
            default="",
            help="办理结果分类,如 A=已经解决或基本解决,B=正在解决或列入计划解决,C=留作参考",
        )
        parser.add_argument("--term", default=None, help="届次,如 第五届;默认从会议名称推断")
        parser.add_argument(
            "--body-kind", default="cppcc", choices=["cppcc", "npc"], help="cppcc 政协 / npc 人大"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            setup = create_session(
                None,
                options["slug"],
                body=options["body"],
                name=options["name"],
                year=options["year"],
                categories=options["categories"],
                grades=options["grades"],
                term=options["term"],
                body_kind=options["body_kind"],
            )
        except ActionError as error:
            raise CommandError(error.message) from error
        for line in setup.summary_lines():
            self.stdout.write(line)
