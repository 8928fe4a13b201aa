"""Commitments (实施清单): progress reports with evidence, sub-steps, roll-up, Excel import.

A commitment's progress and status are derived in one place: a leaf takes those of its latest
progress update (by date), a parent those of its children (`rollup`). Every change runs in one
transaction and writes one audit event per changed commitment.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Session, Unit
from tian.lib.errors import ActionError
from tian.lib.sheets import (
    CellError,
    LedgerError,
    RowError,
    clean_text,
    find_header,
    is_blank,
    nfkc,
    normalise_header,
    parse_date,
    parse_number,
)
from tian.lib.uploads import DOCX, JPEG, PDF, PNG, XLSX, check_upload
from tian.proposals.locking import lock_proposal
from tian.proposals.models import Proposal
from tian.supervision.models import Commitment, ProgressUpdate

EVIDENCE_TYPES = (PDF, PNG, JPEG, DOCX, XLSX)


# --------------------------------------------------------------------------- deriving state


def settle(commitment: Commitment, progress: int, *, done: bool) -> None:
    """The one place a commitment's progress and status change (as a proposal's change only
    through `fire`): done or open by its progress; a cancelled one stays cancelled."""
    status = commitment.status
    if status != Commitment.Status.CANCELLED:
        status = Commitment.Status.DONE if done else Commitment.Status.OPEN
    if (progress, status) != (commitment.progress, commitment.status):
        commitment.progress, commitment.status = progress, status
        commitment.save(update_fields=["progress", "status"])


def _apply_latest(commitment: Commitment) -> None:
    """A leaf's progress and status are those of its latest update (by date, then entry)."""
    latest = commitment.updates.order_by("-reported_on", "-id").first()
    progress = latest.progress if latest else 0
    settle(commitment, progress, done=progress >= 100)


def rollup(commitment: Commitment | None) -> None:
    """Derive a parent's progress (mean of its live children) and status (done when all are),
    then its own parent's, up to the top. Callers hold the transaction."""
    while commitment is not None:
        children = list(
            commitment.children.exclude(status=Commitment.Status.CANCELLED).values_list(
                "progress", "status"
            )
        )
        if children:
            progress = round(sum(p for p, _ in children) / len(children))
            done = all(s == Commitment.Status.DONE for _, s in children)
            # 100% means every live step is done; a mean that rounds up to it is not.
            settle(commitment, 100 if done else min(progress, 99), done=done)
        commitment = (
            Commitment.objects.select_for_update().get(pk=commitment.parent_id)
            if commitment.parent_id
            else None
        )


# --------------------------------------------------------------------------- actions


def _check_reportable(commitment: Commitment, reported_on: date, progress: int, note: str) -> None:
    if commitment.status == Commitment.Status.CANCELLED:
        raise ActionError("这项措施已取消,不能再报告进展。")
    if commitment.status == Commitment.Status.DONE:
        raise ActionError("这项措施已完成,不能再报告进展。")
    if commitment.children.exists():
        raise ActionError("这项措施已分解为若干步骤,进度由各步骤汇总,请报告各步骤的进展。")
    if not 0 <= progress <= 100:
        raise ActionError("进度应在 0 到 100 之间。")
    if reported_on > timezone.localdate():
        raise ActionError("进展日期不能晚于今天。")
    if not note.strip():
        raise ActionError("请填写进展情况。")


def report_progress(
    actor: Any,
    commitment: Commitment,
    *,
    reported_on: date,
    progress: int,
    note: str,
    evidence: Any = None,
) -> ProgressUpdate:
    """The responsible unit reports how far a measure has come (报告进展), with evidence;
    100% marks it done, and its parents' progress follows."""
    policy.require(actor, "commitment.report", commitment)
    kind = check_upload(evidence, EVIDENCE_TYPES) if evidence else None
    with transaction.atomic():
        lock_proposal(commitment.proposal, None)  # the proposal first, then its commitments
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        _check_reportable(commitment, reported_on, progress, note)
        update = ProgressUpdate(
            commitment=commitment,
            reported_on=reported_on,
            progress=progress,
            note=note.strip(),
            created_by=actor,
        )
        if kind is not None:
            name = f"进展-{commitment.pk}-{reported_on:%Y%m%d}{kind.extensions[0]}"
            update.evidence.save(name, evidence, save=False)
            update.evidence_type = kind.content_type
        update.save()
        _apply_latest(commitment)
        rollup(_parent(commitment))
        record_event(
            actor,
            EventType.PROGRESS_REPORTED,
            proposal=commitment.proposal,
            target=update,
            message=f"{commitment.description}:{progress}%",
        )
    return update


def _parent(commitment: Commitment) -> Commitment | None:
    if not commitment.parent_id:
        return None
    return Commitment.objects.select_for_update().get(pk=commitment.parent_id)


def add_substep(
    actor: Any,
    parent: Commitment,
    *,
    description: str,
    due_on: date,
    responsible_unit: Unit | None = None,
    start_on: date | None = None,
) -> Commitment:
    """Break a measure into a step (分解步骤); the parent's progress is then its steps' mean."""
    policy.require(actor, "commitment.add_substep", parent)
    if not description.strip():
        raise ActionError("请填写步骤内容。")
    with transaction.atomic():
        lock_proposal(parent.proposal, None)  # the proposal first, then its commitments
        parent = Commitment.objects.select_for_update().get(pk=parent.pk)
        if parent.status != Commitment.Status.OPEN:
            raise ActionError("这项措施已完成或已取消,不能再分解步骤。")
        if parent.parent_id:
            raise ActionError("步骤不能再分解;请在上级措施下添加步骤。")
        if parent.updates.exists() and not parent.children.exists() and parent.progress > 0:
            raise ActionError("这项措施已按整体报告进展,不能再分解步骤。")
        start = start_on or parent.start_on or timezone.localdate()
        if due_on < start:
            raise ActionError("完成时限不能早于开始日期。")
        step = Commitment.objects.create(
            proposal_id=parent.proposal_id,
            reply_id=parent.reply_id,
            parent=parent,
            description=description.strip(),
            responsible_unit=responsible_unit or parent.responsible_unit,
            start_on=start,
            due_on=due_on,
        )
        rollup(parent)
        record_event(
            actor,
            EventType.SUBSTEP_ADDED,
            proposal=parent.proposal,
            target=step,
            message=f"{parent.description} → {step.description}",
        )
    return step


# --------------------------------------------------------------------------- Excel import

_ALIASES = {
    "number": ("提案号", "提案编号", "编号", "建议号", "建议编号", "案号", "提案序号"),
    "description": (
        "措施",
        "事项",
        "实施事项",
        "措施事项",
        "承诺事项",
        "办理措施",
        "具体措施",
        "实施清单",
        "清单事项",
        "工作措施",
    ),
    "progress": ("进度", "完成进度", "进度(%)", "进度%", "完成比例", "完成率", "完成情况(%)"),
    "note": ("进展情况", "说明", "进展", "进展说明", "情况说明", "完成情况", "工作进展"),
    "reported_on": ("日期", "报告日期", "进展日期", "填报日期", "时间"),
}
_HEADERS = {
    normalise_header(alias): name for name, aliases in _ALIASES.items() for alias in aliases
}
_LABELS = {
    "number": "提案号",
    "description": "措施",
    "progress": "进度",
    "note": "进展情况",
    "reported_on": "日期",
}
_REQUIRED = ("number", "description", "progress", "note")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%?")
_DONE_WORDS = {"完成", "已完成", "全部完成", "办结", "已办结"}


def parse_progress(value: Any, number_format: str = "General") -> int:
    """A percentage from 60, "60%", "６０％", 0.6 in a cell formatted as %, or "已完成"."""
    if isinstance(value, bool):
        raise CellError(f"无法识别进度“{value}”")
    if isinstance(value, int | float):
        number = float(value) * (100 if "%" in (number_format or "") else 1)
    else:
        text = re.sub(r"\s+", "", nfkc(value))
        if text in _DONE_WORDS:
            return 100
        match = _PERCENT.fullmatch(text)
        if not match:
            raise CellError(f"无法识别进度“{clean_text(value)}”,应为 0 到 100 的数字,如 60 或 60%")
        number = float(match.group(1))
    if not 0 <= number <= 100:
        raise CellError(f"进度“{clean_text(value)}”应在 0 到 100 之间")
    return round(number)


def _key(text: str) -> str:
    return re.sub(r"[\s\u3000,，.。;；:：、]+", "", nfkc(text))


@dataclass
class ProgressRow:
    """One row of a progress sheet, matched to its commitment."""

    row: int
    commitment: Commitment
    reported_on: date
    progress: int
    note: str


@dataclass
class ProgressImportReport:
    """What a progress import did (or, in a dry run, would do)."""

    session: str
    rows: list[ProgressRow] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False

    def summary_line(self) -> str:
        prefix = "(试运行,未写入)" if self.dry_run else ""
        verb = "将" if self.dry_run else ""
        commitments = len({r.commitment.pk for r in self.rows})
        return (
            f"{prefix}{verb}记录进展{len(self.rows)}条,涉及{commitments}项措施;"
            f"与已有记录相同而跳过{self.unchanged}条。"
        )


def _read_sheet(source: Any) -> list[tuple[int, list[tuple[Any, str]]]]:
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise LedgerError([RowError(0, "", "无法读取文件:请上传 Excel 工作簿(.xlsx)。")]) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for index, cells in enumerate(sheet.iter_rows(), start=1):
            rows.append(
                (
                    index,
                    [(c.value, getattr(c, "number_format", "General") or "General") for c in cells],
                )
            )
        return rows
    finally:
        workbook.close()


def _header_field(value: Any) -> tuple[str, int] | None:
    # Every spelling ranks the same: the first column that names a field is that field.
    name = _HEADERS.get(normalise_header(value))
    return (name, 0) if name else None


def _find_header(rows: list[tuple[int, list[tuple[Any, str]]]]) -> tuple[int, dict[str, int]]:
    values = ((number, dict(enumerate(v for v, _ in cells))) for number, cells in rows)
    found = find_header(values, _header_field, ("number", "description", "progress"))
    if found is None:
        raise LedgerError(
            [RowError(0, "", "找不到表头:前10行中应有“提案号”“措施”“进度”“进展情况”等列。")]
        )
    number, columns, _ = found
    # Rows are numbered from 1 with none left out, so the header's place in the list is number - 1.
    return number - 1, columns


def _match(options: list[Commitment], text: str) -> tuple[Commitment | None, str]:
    key = _key(text)
    exact = [c for c in options if _key(c.description) == key]
    if len(exact) == 1:
        return exact[0], ""
    near = [
        c for c in options if key and (key in _key(c.description) or _key(c.description) in key)
    ]
    if len(exact) > 1 or len(near) > 1:
        return None, "与多项措施相符,请写出完整的措施内容"
    if len(near) == 1:
        return near[0], ""
    known = "、".join(f"“{c.description}”" for c in options[:5]) or "(无)"
    return None, f"找不到措施“{clean_text(text)}”;该提案的措施有:{known}"


def _fail(errors: list[RowError], row: int, name: str, message: str) -> None:
    errors.append(RowError(row, _LABELS[name], message))


def read_progress(session: Session, source: Any) -> ProgressImportReport:
    """Check every row of a progress sheet; LedgerError lists every problem, by row."""
    rows = _read_sheet(source)
    position, columns = _find_header(rows)
    errors: list[RowError] = [
        RowError(0, "", f"缺少“{_LABELS[name]}”列。") for name in _REQUIRED if name not in columns
    ]
    if errors:
        raise LedgerError(errors)
    commitments = defaultdict(list)
    for c in Commitment.objects.filter(proposal__session=session).select_related(
        "proposal", "responsible_unit"
    ):
        commitments[c.proposal.number].append(c)
    parents = set(
        Commitment.objects.filter(proposal__session=session, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    existing = set(
        ProgressUpdate.objects.filter(commitment__proposal__session=session).values_list(
            "commitment_id", "reported_on", "progress", "note"
        )
    )
    report = ProgressImportReport(session=str(session))
    today = timezone.localdate()

    def cell(cells: list[tuple[Any, str]], name: str) -> tuple[Any, str]:
        index = columns.get(name)
        if index is None or index >= len(cells):
            return None, "General"
        return cells[index]

    for number_row, cells in rows[position + 1 :]:
        if all(is_blank(value) for value, _ in cells):
            continue
        row_errors: list[RowError] = []

        values: dict[str, Any] = {}
        for name, parse in (("number", parse_number), ("reported_on", parse_date)):
            raw, _ = cell(cells, name)
            try:
                values[name] = None if is_blank(raw) else parse(raw)
            except CellError as error:
                _fail(row_errors, number_row, name, str(error))
        raw, number_format = cell(cells, "progress")
        try:
            values["progress"] = None if is_blank(raw) else parse_progress(raw, number_format)
        except CellError as error:
            _fail(row_errors, number_row, "progress", str(error))
        for name in _REQUIRED:
            if name in ("description", "note"):
                values[name] = clean_text(cell(cells, name)[0])
            if (
                not values.get(name)
                and values.get(name) != 0
                and not any(e.column == _LABELS[name] for e in row_errors)
            ):
                _fail(row_errors, number_row, name, "不能为空")
        reported_on = values.get("reported_on") or today
        if reported_on > today:
            _fail(row_errors, number_row, "reported_on", "进展日期不能晚于今天")
        commitment = None
        if values.get("number") and values.get("description"):
            options = commitments.get(values["number"])
            if not options:
                _fail(
                    row_errors,
                    number_row,
                    "number",
                    f"本次会议第{values['number']}号提案没有实施清单",
                )
            else:
                commitment, problem = _match(options, values["description"])
                if problem:
                    _fail(row_errors, number_row, "description", problem)
        if commitment is not None and not row_errors:
            if (commitment.pk, reported_on, values["progress"], values["note"]) in existing:
                report.unchanged += 1
                continue
            if commitment.pk in parents:
                _fail(
                    row_errors,
                    number_row,
                    "description",
                    "该措施已分解为若干步骤,请填写各步骤的进展",
                )
            elif commitment.status != Commitment.Status.OPEN:
                _fail(
                    row_errors,
                    number_row,
                    "description",
                    f"该措施{commitment.get_status_display()},不能再报告进展",
                )
        if row_errors:
            errors.extend(row_errors)
        elif commitment is not None:
            report.rows.append(
                ProgressRow(number_row, commitment, reported_on, values["progress"], values["note"])
            )
    if errors:
        raise LedgerError(errors)
    return report


def import_progress(
    source: str | Path | IO[bytes],
    *,
    session: Session,
    actor: Any,
    dry_run: bool = False,
) -> ProgressImportReport:
    """Record a sheet of progress updates (导入实施进展): every row, or none if any is wrong."""
    policy.require(actor, "commitment.import")
    report = read_progress(session, source)
    report.dry_run = dry_run
    if dry_run:
        return report
    with transaction.atomic():
        # The proposals first (in one order), then their commitments.
        proposals = {row.commitment.proposal_id for row in report.rows}
        list(Proposal.objects.select_for_update().filter(pk__in=proposals).order_by("pk"))
        touched: dict[int, Commitment] = {}
        for row in sorted(report.rows, key=lambda r: (r.reported_on, r.row)):
            commitment = touched.get(
                row.commitment.pk
            ) or Commitment.objects.select_for_update().get(pk=row.commitment.pk)
            touched[commitment.pk] = commitment
            update = ProgressUpdate.objects.create(
                commitment=commitment,
                reported_on=row.reported_on,
                progress=row.progress,
                note=row.note,
                created_by=actor,
            )
            record_event(
                actor,
                EventType.PROGRESS_IMPORTED,
                proposal=commitment.proposal,
                target=update,
                message=f"{commitment.description}:{row.progress}%(第{row.row}行)",
            )
        for commitment in touched.values():
            _apply_latest(commitment)
        for commitment in touched.values():
            rollup(_parent(commitment))
    return report
