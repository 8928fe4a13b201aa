"""`tian audit verify [--file F]` and `tian audit export --since YYYY-MM-DD [-o F]`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from tian.audit import chain, triggers
from tian.audit.models import AuditChain, AuditEvent


class Command(BaseCommand):
    help = "审计日志:校验哈希链(verify),导出归档(export)。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验哈希链,指出第一个断点")
        verify.add_argument("--file", help="校验导出的归档文件(JSON Lines),而不是数据库")
        export = sub.add_parser("export", help="导出审计事件(JSON Lines,含哈希)")
        export.add_argument("--since", required=True, help="起始日期 YYYY-MM-DD")
        export.add_argument("-o", "--output", help="输出文件(默认输出到屏幕)")
        sub.add_parser("key", help="显示哈希链所用的密钥(轮换 SECRET_KEY 前设为 TIAN_AUDIT_KEY)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify(options.get("file"))
        elif options["action"] == "key":
            self.stdout.write(chain.key().decode())
        else:
            self._export(options["since"], options.get("output"))

    def _verify(self, file: str | None) -> None:
        if file:
            rows = list(_read(Path(file)))
            start = rows[0]["prev_hash"] if rows else chain.GENESIS
            result = chain.verify_rows(rows, start=start)
            if not result.ok:
                raise CommandError(f"归档文件的哈希链断开:{result.broken}")
            self.stdout.write(f"归档文件完整:共 {result.checked} 条事件,哈希链无断点。")
            return
        head = AuditChain.objects.filter(pk=1).first()
        start = (head.anchor_hash if head else "") or chain.GENESIS
        result = chain.verify_rows(chain.stored_rows(AuditEvent.objects.all()), start=start)
        if not result.ok:
            raise CommandError(f"审计日志的哈希链断开:{result.broken}")
        recorded = head.last_hash if head and head.last_hash else start
        if recorded != result.last_hash:
            last = AuditEvent.objects.order_by("-id").values_list("id", "created_at").first()
            where = f"事件 #{last[0]}({last[1].isoformat()})之后" if last else "开头"
            raise CommandError(
                f"审计日志的哈希链断开:{where}的事件缺失"
                f"(链头记录的最后一条是 #{head.last_event_id if head else '—'})。"
            )
        if not triggers.installed(connection):
            self.stderr.write("警告:数据库中拒绝修改审计表的触发器缺失,请运行 tian migrate。")
        self.stdout.write(f"审计日志完整:共 {result.checked} 条事件,哈希链无断点。")

    def _export(self, since: str, output: str | None) -> None:
        try:
            day = date.fromisoformat(since)
        except ValueError as error:
            raise CommandError(f"日期格式应为 YYYY-MM-DD:{since}") from error
        moment = timezone.make_aware(datetime.combine(day, time.min))
        # A contiguous slice of the chain, from the first event recorded since that day,
        # so the archive verifies on its own (backdated demo events are included).
        first = (
            AuditEvent.objects.filter(created_at__gte=moment)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        rows = (
            AuditEvent.objects.none() if first is None else AuditEvent.objects.filter(id__gte=first)
        )
        handle = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        count = 0
        try:
            for row in chain.stored_rows(rows):
                handle.write(chain.export_line(row) + "\n")
                count += 1
        finally:
            if output:
                handle.close()
        if output:
            self.stdout.write(f"已导出 {count} 条审计事件到 {output}。")


def _read(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as error:
                        raise CommandError(f"{path} 第 {number} 行不是有效的 JSON。") from error
    except OSError as error:
        raise CommandError(f"无法读取 {path}:{error.strerror}") from error
