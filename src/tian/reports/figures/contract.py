"""The figures' typed contract: the JSON shapes that `tian stats`, the dashboards and the
annual report share."""

from __future__ import annotations

from typing import TypedDict


class Share(TypedDict):
    count: int
    percent: str


class Satisfaction(TypedDict):
    attitude: str
    result: str
    responses: int
    no_response: int


class Commitments(TypedDict):
    total: int
    done: int
    overdue: int
    done_rate: str


class Units(TypedDict):
    lead: int
    co: int


class Intake(TypedDict):
    received: int
    filed: int
    merged: int
    rejected: int
    converted: int
    closed: int


class OnTime(TypedDict):
    rate: str
    on_time: int
    late: int
    overdue_unreplied: int


class StatShare(TypedDict):
    label: str
    count: int
    percent: str


class SessionFigures(TypedDict):
    session: str
    name: str
    total: int
    intake: Intake
    by_proposer_type: dict[str, Share]
    on_time_rate: str
    on_time: OnTime
    by_stat_class: dict[str, StatShare]
    by_category: dict[str, int]
    by_grade: dict[str, Share]
    satisfaction: Satisfaction
    key_proposals: int
    units: Units
    commitments: Commitments
    cross_year: int


class UnitRow(TypedDict):
    unit_id: int
    unit: str
    lead: int
    co: int
    replied: int
    on_time: int
    late: int
    overdue_unreplied: int
    on_time_rate: str | None
    replied_leads: int
    face_to_face: int
    contact_rate: str | None
    responses: int
    satisfied: int
    satisfaction: str | None
    commitments: int
    commitments_due: int
    commitments_done: int
    commitments_overdue: int
    done_rate: str | None


class TrendPoint(TypedDict):
    session: str
    name: str
    year: int
    total: int
    resolved_percent: str
    satisfaction: str
    on_time_rate: str
    done_rate: str


class UnitFigures(TypedDict):
    row: UnitRow | None
    by_grade: dict[str, Share]
    by_category: dict[str, int]


class CrossYearVerdicts(TypedDict):
    total: int
    satisfied: int
    basically: int
    dissatisfied: int
    pending: int
