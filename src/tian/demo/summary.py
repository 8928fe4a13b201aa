"""The console's account of a demo run: what it built, the figures per session and the accounts."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count

from tian.demo import seed_data as sd
from tian.directory.models import Session
from tian.handling.models import Reply
from tian.proposals.models import Proposal, Status
from tian.supervision.models import KeyProposal


@dataclass
class Tally:
    """How many rows of one kind a run created and corrected."""

    created: int = 0
    updated: int = 0


@dataclass(frozen=True)
class SessionFigures:
    """A demo session's proposals after the run, and how many this run created."""

    slug: str
    label: str
    total: int
    created: int
    by_status: dict[str, int]
    by_grade: dict[str, int]
    key_proposals: int
    is_open: bool = False


@dataclass(frozen=True)
class AccountRow:
    """One demo account as the console shows it."""

    username: str
    password: str
    display_name: str
    roles: str
    attached_to: str


@dataclass
class DemoSummary:
    """What `load_demo` did, for the console."""

    reset: bool = False
    deleted: int = 0
    seconds: float = 0.0
    directory: dict[str, Tally] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    sessions: list[SessionFigures] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        """The outcome in Chinese, one line per fact."""
        created = sum(s.created for s in self.sessions)
        lines = [
            f"演示数据已载入(用时 {self.seconds:.1f} 秒"
            + (f",已先删除演示会议的提案 {self.deleted} 件" if self.reset else "")
            + (f",本次新建提案 {created} 件)。" if created else ",提案均已存在,未重复创建)。")
        ]
        for figures in self.sessions:
            line = f"  {figures.label}({figures.slug}):提案 {figures.total} 件"
            if figures.by_grade:
                line += "," + ",".join(f"{k} {v} 件" for k, v in figures.by_grade.items())
            if figures.key_proposals:
                line += f",重点提案 {figures.key_proposals} 件"
            if figures.is_open:
                line += (
                    "(征集和办理示例:"
                    + ",".join(f"{Status(k).label} {v}" for k, v in figures.by_status.items())
                    + ")"
                )
            lines.append(line + "。")
        units = self.directory.get("units", Tally())
        lines.append(
            f"  名录:承办单位 {self.totals.get('units', 0)} 个,"
            f"提案者 {self.totals.get('proposers', 0)} 个,"
            f"领导 {self.totals.get('leaders', 0)} 名,演示账号 {len(self.accounts)} 个"
            + (f"(本次新建承办单位 {units.created} 个)" if units.created else "")
            + "。"
        )
        return lines

    def account_lines(self, port: str | None = None) -> list[str]:
        """The table of demo accounts and the address to open, in Chinese."""
        port = port or os.environ.get("PORT") or "8000"
        header = AccountRow("用户名", "密码", "姓名", "角色", "单位/提案者/领导")
        rows = [header, *self.accounts]
        widths = [
            max(_width(getattr(row, name)) for row in rows)
            for name in ("username", "password", "display_name", "roles")
        ]
        lines = ["", f"演示账号(密码均为 {sd.DEMO_PASSWORD}):"]
        for row in rows:
            cells = (row.username, row.password, row.display_name, row.roles)
            padded = "  ".join(_pad(cell, width) for cell, width in zip(cells, widths, strict=True))
            lines.append(f"  {padded}  {row.attached_to}".rstrip())
        lines += [
            "",
            f"打开 http://127.0.0.1:{port}/ ,用以上任一账号登录。",
            "三个管理员账号(sysadmin、secadmin、auditadmin)首次进入系统管理时须用手机验证器"
            "绑定动态口令。",
        ]
        return lines


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def session_figures(session: Session, created: int) -> SessionFigures:
    proposals = Proposal.objects.filter(session=session)
    counts = dict(proposals.values_list("status").annotate(n=Count("id")).order_by("status"))
    by_status = {status: counts[status] for status in Status.values if status in counts}
    grades = dict(
        Reply.objects.filter(
            proposal__session=session, grade__isnull=False, status=Reply.Status.ACCEPTED
        )
        .values_list("grade__code")
        .annotate(n=Count("proposal", distinct=True))
        .order_by("grade__code")
    )
    return SessionFigures(
        slug=session.slug,
        label=f"{session.body.name}{session.name}",
        total=proposals.count(),
        created=created,
        by_status=by_status,
        by_grade={f"{code}类": n for code, n in grades.items()},
        key_proposals=KeyProposal.objects.filter(proposal__session=session).count(),
        is_open=session.is_open_for_submission,
    )
