"""`tian rules`: the policy table — every rule, the module that decides it, who widens it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tian import policy


class Command(BaseCommand):
    help = "列出权限规则表:规则、所在模块、放宽它的模块、拒绝理由。"

    def handle(self, *args: Any, **options: Any) -> None:
        for entry in policy.table():
            widened = f" + {', '.join(entry.widened_by)}" if entry.widened_by else ""
            self.stdout.write(f"{entry.name}\t{entry.module}{widened}\t{entry.denied}")
