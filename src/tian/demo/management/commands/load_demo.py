"""`tian load-demo`: build the demo database (DESIGN §9) and print the demo accounts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tian.demo.loader import load_demo
from tian.directory.models import Session, User
from tian.proposals.models import Proposal


def demo_refusal(*, force: bool) -> str:
    """Why load-demo must not run on this database, or ''. It resets the demo accounts to a
    public password, so it never runs where people have real accounts."""
    from tian.audit.events import EventType
    from tian.audit.models import AuditEvent

    real = User.objects.filter(is_demo_account=False).order_by("username")
    if real.exists():
        names = "、".join(real.values_list("username", flat=True)[:5])
        return (
            f"拒绝载入演示数据:数据库中有不是演示数据创建的账号({names} 等 {real.count()} 个)。"
            "演示数据会把账号密码重设为公开的演示密码,不能在真实系统上运行。"
        )
    demo_loaded = AuditEvent.objects.filter(event_type=EventType.DEMO_LOADED).exists()
    has_data = User.objects.exists() or Session.objects.exists() or Proposal.objects.exists()
    if not force and not demo_loaded and has_data:
        return "拒绝载入演示数据:数据库不是空的,也不是演示数据库。确需载入请加 --force-demo。"
    return ""


class Command(BaseCommand):
    help = (
        "载入演示数据:锡山区政协五届一次会议的158件提案(含交办、沟通、协办意见、签发的答复、"
        "实施清单和征询意见)、四届五次会议的2件跨年度提案(两次会议均已办结),当年会议(如2026年的五届五次会议)的征集示例和办理示例"
        "(待签收、临近答复期限、逾期未答复、待签发、待审核、申请调整、待评价、重新办理),"
        "以及各角色的演示账号。可重复运行,不会重复创建;每次运行都会重设演示账号的密码,"
        "并把无人动过的办理示例的日期顺延到当天。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force-demo",
            action="store_true",
            help="数据库里已有不是演示数据载入的提案时仍然载入(有非演示账号时始终拒绝)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "先删除演示会议(xishan-2021、xishan-2022 和当年的 xishan-年份)的全部提案,再重新生成"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refusal = demo_refusal(force=options["force_demo"])
        if refusal:
            raise CommandError(refusal)
        summary = load_demo(reset=options["reset"])
        for line in summary.summary_lines() + summary.account_lines():
            self.stdout.write(line)
