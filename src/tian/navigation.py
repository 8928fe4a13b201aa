"""The main navigation (主导航): the top bar's groups and the phone's tab bar.

Every entry names what decides whether its page opens for the person — a rule of the policy
table, or the admin site's own gate — and is shown exactly when that allows it, so nobody is
shown a link that answers 403. A group with nothing left for the person is not shown; one with
a single entry is shown as that entry's plain link.

Like `tian.urls`, this module assembles the whole site: it names pages of every app, but asks
only the policy, never an app, who may open them. The 待办 entry carries how many things wait
there (`proposals.queries.worklist_count`), as 消息 carries the unread count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse

from tian import policy
from tian.proposals.queries import worklist_count

Gate = Callable[[HttpRequest], bool]


def rule(name: str) -> Gate:
    """A gate that asks the policy table's rule `name` about the signed-in person."""

    def allowed(request: HttpRequest) -> bool:
        return policy.can(request.user, name)

    return allowed


def _signed_in(request: HttpRequest) -> bool:
    return policy.active(request.user)


def _admin_site(request: HttpRequest) -> bool:
    return admin.site.has_permission(request)


@dataclass(frozen=True)
class Entry:
    """One page of the navigation. `key` is the `nav` value the page puts in its context."""

    key: str
    label: str
    url_name: str
    gate: Gate

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Group:
    """Entries shown together. An `inline` group's entries stand in the top bar themselves
    (the daily pages); the others open as a menu under the group's label."""

    key: str
    label: str
    entries: tuple[Entry, ...]
    inline: bool = False

    @property
    def keys(self) -> set[str]:
        return {entry.key for entry in self.entries}

    @property
    def menu(self) -> bool:
        return not self.inline and len(self.entries) > 1


GROUPS: tuple[Group, ...] = (
    Group(
        "handling",
        "办理",
        (
            Entry("worklist", "待办", "worklist", rule("worklist.view")),
            Entry("proposals", "提案", "proposal-list", rule("proposal.list")),
            Entry("assign-batch", "批量交办", "assign-batch", rule("assignment.assign")),
            Entry("create", "写提案", "proposal-create", rule("proposal.create")),
        ),
        inline=True,
    ),
    Group(
        "supervision",
        "督查",
        (
            Entry("key", "重点提案", "key-list", rule("key.list")),
            Entry("commitments", "实施清单", "commitment-list", rule("commitment.list")),
            Entry("tracking", "跨年度跟踪", "tracking-list", rule("tracking.list")),
            Entry("notices", "督办单", "notice-list", rule("notice.list")),
            Entry("oversight", "督查督办一览", "oversight", rule("oversight.view")),
        ),
    ),
    Group(
        "reports",
        "统计报告",
        (
            # One 统计 entry: the whole picture where allowed, else the unit's own figures.
            Entry("dashboard", "统计分析", "dashboard", rule("dashboard.view")),
            Entry("dashboard", "本单位统计", "dashboard-unit", rule("dashboard.unit")),
            Entry("evaluation", "考核", "evaluation-home", rule("evaluation.view")),
            Entry("report", "年度报告", "report-home", rule("report.download")),
        ),
    ),
    Group(
        "ledgers",
        "台账",
        (
            Entry("ledger", "台账导入导出", "ledger-import", rule("ledger.import")),
            Entry(
                "commitment-import", "实施进展导入", "commitment-import", rule("commitment.import")
            ),
        ),
    ),
    Group(
        "system",
        "系统",
        (
            Entry("audit", "审计日志", "audit-log", rule("audit.view")),
            Entry("admin", "系统管理", "admin:index", _admin_site),
        ),
    ),
)

INBOX = Entry("inbox", "消息", "inbox", _signed_in)
# The phone's tab bar: these stand at the bottom of the screen, the rest under 我的.
TAB_KEYS = ("worklist", "proposals", "inbox")


@dataclass
class Navigation:
    """The navigation as one signed-in person sees it; computed when a page first asks."""

    request: HttpRequest

    @cached_property
    def groups(self) -> list[Group]:
        """The groups with only the entries this person may open; empty groups left out."""
        if not policy.active(self.request.user):
            return []
        shown = []
        for group in GROUPS:
            entries: list[Entry] = []
            for entry in group.entries:
                taken = any(e.key == entry.key for e in entries)
                if not taken and entry.gate(self.request):
                    entries.append(entry)
            if entries:
                shown.append(Group(group.key, group.label, tuple(entries), group.inline))
        return shown

    @cached_property
    def entries(self) -> list[Entry]:
        """Every page of the navigation this person may open, the inbox last."""
        if not policy.active(self.request.user):
            return []
        return [entry for group in self.groups for entry in group.entries] + [INBOX]

    @cached_property
    def tabs(self) -> list[Entry]:
        """The phone's tab bar, before 我的."""
        by_key = {entry.key: entry for entry in self.entries}
        return [by_key[key] for key in TAB_KEYS if key in by_key]

    @cached_property
    def more(self) -> list[Group]:
        """What the phone's 我的 sheet lists: every group's entries not in the tab bar."""
        rest = []
        for group in self.groups:
            entries = tuple(e for e in group.entries if e.key not in TAB_KEYS)
            if entries:
                rest.append(Group(group.key, group.label, entries))
        return rest

    @cached_property
    def worklist_count(self) -> int:
        """How many things wait on the person's 待办 (its badge): counted, not built."""
        if not any(entry.key == "worklist" for entry in self.entries):
            return 0
        return worklist_count(self.request.user)

    @cached_property
    def more_keys(self) -> set[str]:
        """The pages under 我的: while one is open, the 我的 tab is marked as where one is."""
        return {entry.key for group in self.more for entry in group.entries}


def main_nav(request: HttpRequest) -> dict[str, Any]:
    """Template context: `main_nav`, the signed-in person's navigation (lazy: no page that
    leaves it unused pays for the policy checks)."""
    return {"main_nav": Navigation(request)}
