"""Scoring the handling units of a session (承办单位考核), every score with its reason.

The counts behind every measure come from the figures module's unit table (one grouped
query per measure, so a table costs the same handful of queries for five units or five
hundred), except reply quality, which is the office's own review recorded here.

Who is scored for what:
- reply measures (按时答复, 面商, 答复质量, 满意率, 逾期扣分) count the proposals a unit
  leads (主办) or jointly leads (会办); co-units (协办) are not scored on replies they do not
  write;
- 办成率 counts the commitments a unit is responsible for, whichever its role;
- only units that lead at least one proposal are ranked.
A measure without anything to count yet (e.g. no verdicts received) is 不涉及: the unit's
total is scaled from the criteria that do apply, so it is neither rewarded nor punished.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone

from tian.directory.models import Session, Unit
from tian.evaluation.actions import TOTAL_POINTS, ensure_scheme
from tian.evaluation.models import (
    LEVEL_POINTS,
    Criterion,
    EvaluationScheme,
    Measure,
    QualityLevel,
    ReplyReview,
)
from tian.handling.models import Reply
from tian.lib.percent import percent
from tian.proposals.models import FILED_STATES
from tian.reports.figures import unit_table

TENTH = Decimal("0.1")

RULE_NOTES: tuple[str, ...] = (
    "答复类指标(按时答复、面商、答复质量、满意率、逾期扣分)只计主办和会办单位;"
    "协办单位不负责答复,其协办件不计入这些指标。",
    "办成率按实施清单的责任单位计,协办单位负责的事项计入其本单位。",
    "只有主办或会办过提案的单位参加排名。",
    "某项指标暂无可计数的记录时为“不涉及”,总分按其余适用指标折合为百分制。",
    "总分相同的单位名次并列。",
)


@dataclass(frozen=True)
class Score:
    """One unit's result on one criterion: points (None when it does not apply) and why."""

    criterion: Criterion
    points: Decimal | None
    explanation: str
    rate: str = ""

    @property
    def applies(self) -> bool:
        return self.points is not None


@dataclass
class UnitResult:
    """A unit's row of the ranking: its scores, total, rank and how the total was reached."""

    unit: Unit
    scores: list[Score]
    total: Decimal | None
    explanation: str
    rank: int | None = None


@dataclass
class Evaluation:
    """The ranked table of a session under its scheme, as of `today`."""

    session: Session
    scheme: EvaluationScheme
    criteria: list[Criterion]
    rows: list[UnitResult]
    today: date
    notes: tuple[str, ...] = field(default=RULE_NOTES)


@dataclass
class _Facts:
    """The counts behind one unit's scores."""

    due_replies: int = 0
    on_time: int = 0
    late_replied: int = 0
    late_missing: int = 0
    replied_leads: int = 0
    face_to_face: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    responses: int = 0
    content: int = 0
    commitments_due: int = 0
    commitments_done: int = 0

    @property
    def late(self) -> int:
        return self.late_replied + self.late_missing


def _tenths(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _points(weight: int, part: int | Decimal, whole: int | Decimal) -> Decimal:
    return _tenths(Decimal(weight) * Decimal(part) / Decimal(whole))


def _fmt(value: Decimal) -> str:
    return f"{value:.1f}"


def evaluate(session: Session, *, today: date | None = None) -> Evaluation:
    """Score and rank the lead units of `session` under its scheme (the defaults if none)."""
    today = today or timezone.localdate()
    scheme = ensure_scheme(session)
    criteria = list(scheme.criteria.order_by("order", "id"))
    units, facts = _collect(session, today)
    rows = [_score_unit(unit, facts[unit.pk], criteria) for unit in units]
    _rank(rows)
    return Evaluation(session=session, scheme=scheme, criteria=criteria, rows=rows, today=today)


def _collect(session: Session, today: date) -> tuple[list[Unit], dict[int, _Facts]]:
    """Every unit's counts, in a fixed number of queries: the figures module's unit table
    (timeliness, contact, verdicts, commitments) plus the office's reviews of reply quality."""
    facts: dict[int, _Facts] = defaultdict(_Facts)
    ranked: list[int] = []
    for row in unit_table(session, today):
        if row["lead"]:
            ranked.append(row["unit_id"])
        facts[row["unit_id"]] = _Facts(
            due_replies=row["replied"] + row["overdue_unreplied"],
            on_time=row["on_time"],
            late_replied=row["late"],
            late_missing=row["overdue_unreplied"],
            replied_leads=row["replied_leads"],
            face_to_face=row["face_to_face"],
            responses=row["responses"],
            content=row["satisfied"],
            commitments_due=row["commitments_due"],
            commitments_done=row["commitments_done"],
        )
    _count_quality(session, facts)
    units = sorted(Unit.objects.filter(pk__in=ranked), key=lambda u: u.name)
    return units, facts


def _count_quality(session: Session, facts: dict[int, _Facts]) -> None:
    rows = (
        ReplyReview.objects.filter(
            reply__proposal__session=session,
            reply__proposal__status__in=FILED_STATES,
            reply__status__in=[Reply.Status.ACCEPTED, Reply.Status.SUBMITTED],
        )
        .values("reply__unit_id", "level")
        .annotate(n=Count("id"))
        .order_by("reply__unit_id", "level")
    )
    for row in rows:
        facts[row["reply__unit_id"]].levels[row["level"]] = row["n"]


# --- Scores and their explanations ------------------------------------------------------------


def _of(criterion: Criterion, points: Decimal) -> str:
    return f"得 {_fmt(points)} 分(满分{criterion.weight})"


def _not_applicable(criterion: Criterion, why: str) -> Score:
    return Score(criterion, None, f"{why};总分按其余指标折算")


def _ratio(criterion: Criterion, part: int, whole: int, text: str) -> Score:
    points = _points(criterion.weight, part, whole)
    rate = percent(part, whole)
    return Score(criterion, points, f"{text},{rate}%,{_of(criterion, points)}", rate)


def _score(criterion: Criterion, facts: _Facts) -> Score:
    measure = criterion.measure
    if measure == Measure.ON_TIME:
        if not facts.due_replies:
            return _not_applicable(criterion, "尚无应答复的主办件")
        text = f"按时答复 {facts.on_time}/{facts.due_replies} 件"
        late = []
        if facts.late_replied:
            late.append(f"逾期答复 {facts.late_replied} 件")
        if facts.late_missing:
            late.append(f"逾期未答复 {facts.late_missing} 件")
        if late:
            text += "(" + "、".join(late) + ")"
        return _ratio(criterion, facts.on_time, facts.due_replies, text)
    if measure == Measure.CONTACT:
        if not facts.replied_leads:
            return _not_applicable(criterion, "尚无已答复的主办件")
        text = f"已答复主办件中当面沟通 {facts.face_to_face}/{facts.replied_leads} 件"
        return _ratio(criterion, facts.face_to_face, facts.replied_leads, text)
    if measure == Measure.QUALITY:
        reviewed = sum(facts.levels.values())
        if not reviewed:
            return _not_applicable(criterion, "督查室尚未评审本单位的答复")
        total = sum(LEVEL_POINTS[level] * n for level, n in facts.levels.items())
        average = _tenths(Decimal(total) / reviewed)
        points = _points(criterion.weight, total, TOTAL_POINTS * reviewed)
        spread = "、".join(
            f"{level.label}{facts.levels[level]}"
            for level in QualityLevel
            if facts.levels.get(level)
        )
        text = f"评审答复 {reviewed} 件({spread}),平均 {_fmt(average)} 分,{_of(criterion, points)}"
        return Score(criterion, points, text, _fmt(average))
    if measure == Measure.SATISFACTION:
        if not facts.responses:
            return _not_applicable(criterion, "尚未收到提案者的征询意见")
        text = f"办理结果满意或基本满意 {facts.content}/{facts.responses} 件"
        return _ratio(criterion, facts.content, facts.responses, text)
    if measure == Measure.COMMITMENTS:
        if not facts.commitments_due:
            return _not_applicable(criterion, "没有已到期的实施清单事项")
        text = f"到期实施事项完成 {facts.commitments_done}/{facts.commitments_due} 项"
        return _ratio(criterion, facts.commitments_done, facts.commitments_due, text)
    if measure == Measure.OVERDUE_DEDUCTION:
        if not criterion.weight:
            return Score(criterion, Decimal(0), "本方案不扣分")
        points = Decimal(criterion.weight * facts.late)
        if not facts.late:
            return Score(criterion, points, "没有逾期答复的提案,不扣分")
        text = f"逾期 {facts.late} 件 × {criterion.weight} 分,扣 {_fmt(points)} 分"
        return Score(criterion, points, text)
    raise ValueError(f"unknown measure {measure}")


def _score_unit(unit: Unit, facts: _Facts, criteria: list[Criterion]) -> UnitResult:
    scores = [_score(criterion, facts) for criterion in criteria]
    scored = [s for s in scores if not s.criterion.is_deduction]
    applying = [s for s in scored if s.applies]
    deduction = sum((s.points for s in scores if s.criterion.is_deduction and s.points), Decimal(0))
    possible = sum(s.criterion.weight for s in applying)
    if not possible:
        return UnitResult(unit, scores, None, "暂无可考核的办理记录,不参加排名")
    earned = sum((s.points for s in applying), Decimal(0))
    parts = " + ".join(_fmt(s.points) for s in applying)
    if possible == TOTAL_POINTS:
        total = earned
        text = f"{parts} = {_fmt(earned)} 分"
    else:
        total = _tenths(earned * TOTAL_POINTS / possible)
        text = (
            f"适用指标满分 {possible} 分,实得 {parts} = {_fmt(earned)} 分,"
            f"折合百分制 {_fmt(earned)} ÷ {possible} × 100 = {_fmt(total)} 分"
        )
    if deduction:
        total = max(Decimal(0), total - deduction)
        text += f";扣 {_fmt(deduction)} 分,总分 {_fmt(total)} 分"
    return UnitResult(unit, scores, _tenths(total), text)


def _rank(rows: list[UnitResult]) -> None:
    """Order by total, highest first; equal totals share a rank (1, 1, 3)."""
    rows.sort(key=lambda r: (r.total is None, -(r.total or 0), r.unit.name))
    previous: Decimal | None = None
    rank = 0
    for position, row in enumerate(rows, start=1):
        if row.total is None:
            row.rank = None
            continue
        if row.total != previous:
            rank, previous = position, row.total
        row.rank = rank
