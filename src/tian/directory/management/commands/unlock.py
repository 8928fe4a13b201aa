"""`tian unlock USER`: lift a login lockout (登录锁定) from every address, in the audit."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tian.directory.account_actions import unlock_account


class Command(BaseCommand):
    help = "解除账号的登录锁定(该用户名在所有地址上的失败记录),并记入审计日志。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="要解锁的用户名")

    def handle(self, *args: Any, **options: Any) -> None:
        cleared = unlock_account(None, options["username"])
        self.stdout.write(f"已解除 {options['username']} 的登录锁定(清除失败记录 {cleared} 条)。")
