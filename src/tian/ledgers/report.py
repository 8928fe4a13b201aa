"""What an import did (or, in a dry run, would do), in Chinese lines and as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# --------------------------------------------------------------------------- errors and reports


def numbers_text(numbers: list[int], limit: int = 20) -> str:
    """Proposal numbers as 第1、2、3号, cut after `limit` with the count."""
    shown = "、".join(str(n) for n in numbers[:limit])
    more = f"等{len(numbers)}件" if len(numbers) > limit else ""
    return f"第{shown}号{more}"


def _names_text(names: list[str], limit: int = 30) -> str:
    shown = "、".join(names[:limit])
    return f"{shown}等{len(names)}个" if len(names) > limit else shown


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    session: str
    source: str
    rows: int = 0
    dry_run: bool = False
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    created_members: list[str] = field(default_factory=list)
    created_collectives: list[str] = field(default_factory=list)
    created_units: list[str] = field(default_factory=list)
    created_leaders: list[str] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary_line(self) -> str:
        """One line in Chinese: how many proposals were created, updated and left unchanged."""
        prefix = "(试运行,未写入)" if self.dry_run else ""
        verb = "将" if self.dry_run else ""
        return (
            f"{prefix}共{self.rows}行:{verb}新增{len(self.created)}件,"
            f"{verb}更新{len(self.updated)}件,未变{len(self.unchanged)}件。"
        )

    def detail_lines(self) -> list[str]:
        """The rest of the summary in Chinese: updated numbers, created directory entries, notes."""
        lines = []
        if self.updated:
            lines.append(f"更新的提案:{numbers_text(self.updated)}")
        for label, names in (
            ("新建委员", self.created_members),
            ("新建集体提案者", self.created_collectives),
            ("新建承办单位", self.created_units),
            ("新建领导", self.created_leaders),
        ):
            if names:
                lines.append(f"{label}{len(names)}个:{_names_text(names)}")
        if self.skipped_rows:
            rows = "、".join(str(n) for n in self.skipped_rows[:20])
            lines.append(f"跳过没有编号和题目的第{rows}行。")
        if self.ignored_headers:
            lines.append(f"未使用的列:{'、'.join(self.ignored_headers)}")
        lines.extend(self.warnings)
        return lines

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, with counts beside the lists."""
        data = asdict(self)
        data["counts"] = {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "created_members": len(self.created_members),
            "created_collectives": len(self.created_collectives),
            "created_units": len(self.created_units),
            "created_leaders": len(self.created_leaders),
        }
        return data
