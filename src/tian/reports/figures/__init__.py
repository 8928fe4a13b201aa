"""The figures of a session (DESIGN §5): the one package that dashboards, `tian stats` and the
annual report all call. Every figure is aggregated in the database at call time.

`contract` holds the JSON shapes, `session` a session's figures, `units` the unit table and a
unit's own figures, `drill` the list filters behind a chart's bars and slices.
"""

from __future__ import annotations

from tian.proposals.queries import PROPOSER_TYPES, proposer_type_q
from tian.reports.figures.contract import (
    Commitments,
    CrossYearVerdicts,
    Intake,
    OnTime,
    Satisfaction,
    SessionFigures,
    Share,
    StatShare,
    TrendPoint,
    UnitFigures,
    UnitRow,
    Units,
)
from tian.reports.figures.drill import DRILL_DOWNS, UNIT_ROLES
from tian.reports.figures.session import (
    STAT_CLASS_LABELS,
    by_category,
    by_grade,
    by_proposer_type,
    by_stat_class,
    commitment_figures,
    cross_year,
    cross_year_verdicts,
    filed_proposals,
    final_feedback,
    final_replies,
    graded,
    intake,
    numbers_by_stat_class,
    of_filed,
    on_time,
    proposal_counts,
    satisfaction,
    session_figures,
    trend,
    units_involved,
)
from tian.reports.figures.units import (
    FACE_TO_FACE,
    unit_figures,
    unit_table,
)

__all__ = [
    "DRILL_DOWNS",
    "FACE_TO_FACE",
    "PROPOSER_TYPES",
    "STAT_CLASS_LABELS",
    "UNIT_ROLES",
    "Commitments",
    "CrossYearVerdicts",
    "Intake",
    "OnTime",
    "Satisfaction",
    "SessionFigures",
    "Share",
    "StatShare",
    "TrendPoint",
    "UnitFigures",
    "UnitRow",
    "Units",
    "by_category",
    "by_grade",
    "by_proposer_type",
    "by_stat_class",
    "commitment_figures",
    "cross_year",
    "cross_year_verdicts",
    "filed_proposals",
    "final_feedback",
    "final_replies",
    "graded",
    "intake",
    "numbers_by_stat_class",
    "of_filed",
    "on_time",
    "proposal_counts",
    "proposer_type_q",
    "satisfaction",
    "session_figures",
    "trend",
    "unit_figures",
    "unit_table",
    "units_involved",
]
