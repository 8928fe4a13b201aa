"""Dashboards (统计分析): what the charts and cards show, assembled from `figures` — which
computes every number — with the address of the list behind each chart element."""

from __future__ import annotations

from datetime import date
from typing import Any, NotRequired, TypedDict
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.urls import reverse

from tian.directory.models import Session
from tian.handling.models import Grade
from tian.proposals.models import Category, Proposal
from tian.reports import figures

TOP_UNITS = 12


class Item(TypedDict, total=False):
    name: str
    value: float
    url: str
    color: str
    percent: str


class Series(TypedDict):
    name: str
    kind: str  # "count" or "percent": which axis it is drawn on
    items: list[Item]


class Chart(TypedDict):
    id: str
    kind: str  # "bar", "hbar", "pie" or "line"
    title: str
    note: str
    series: list[Series]


class Card(TypedDict):
    label: str
    value: str
    suffix: str
    note: str
    url: str
    # The policy rule of the page `url` opens: the card links there only for those it allows.
    rule: NotRequired[str]


def sessions_with_proposals() -> list[Session]:
    """Sessions that have proposals, newest first: those a dashboard can show."""
    has = Exists(Proposal.objects.filter(session=OuterRef("pk")))
    return list(Session.objects.filter(has).select_related("body").order_by("-year", "-id"))


def chosen_session(sessions: list[Session], slug: str | None) -> Session | None:
    """The session asked for by its slug, else the newest one with proposals."""
    return next((s for s in sessions if s.slug == slug), sessions[0] if sessions else None)


def proposal_list_url(session: Session, **params: Any) -> str:
    query = {"session": session.slug, **{k: v for k, v in params.items() if v not in ("", None)}}
    return f"{reverse('proposal-list')}?{urlencode(query)}"


def commitment_list_url(session: Session, **params: Any) -> str:
    query = {"session": session.slug, **params}
    return f"{reverse('commitment-list')}?{urlencode(query)}"


def _number(text: str | None) -> float:
    return float(text) if text is not None else 0.0


def _rate(text: str | None) -> str:
    return text if text is not None else "—"


_TIMED = ("on_time", "late", "overdue_unreplied")  # the replies an on-time rate measures


def _measured(rate: str, measured: int) -> dict[str, str]:
    """A card's value and suffix: the rate in %, or "—" while there is nothing to measure."""
    return {"value": rate, "suffix": "%"} if measured else {"value": "—", "suffix": ""}


def _commitments_chart(session: Session, total: int, done: int, overdue: int, **unit: Any) -> Chart:
    """Promised measures (实施清单): done, under way, overdue; each to the commitment list."""
    under_way = total - done - overdue
    return {
        "id": "chart-commitments",
        "kind": "bar",
        "title": "实施清单措施",
        "note": f"共 {total} 项",
        "series": [
            {
                "name": "措施",
                "kind": "count",
                "items": [
                    {
                        "name": "已完成",
                        "value": done,
                        "url": commitment_list_url(session, **unit),
                        "color": "#2f7d32",
                    },
                    {
                        "name": "推进中",
                        "value": under_way,
                        "url": commitment_list_url(session, **unit),
                        "color": "#1d5fa8",
                    },
                    {
                        "name": "已逾期",
                        "value": overdue,
                        "url": commitment_list_url(session, overdue=1, **unit),
                        "color": "#c0392b",
                    },
                ],
            }
        ],
    }


def _grade_chart(session: Session, by_grade: dict[str, figures.Share], **params: Any) -> Chart:
    ids = dict(Grade.objects.filter(session=session).values_list("label", "pk"))
    graded = sum(share["count"] for share in by_grade.values())
    return {
        "id": "chart-grade",
        "kind": "pie",
        "title": "办理结果",
        "note": f"已答复 {graded} 件",
        "series": [
            {
                "name": "办理结果",
                "kind": "count",
                "items": [
                    {
                        "name": label,
                        "value": share["count"],
                        "url": proposal_list_url(session, grade=ids.get(label), **params),
                        "percent": share["percent"],
                    }
                    for label, share in by_grade.items()
                ],
            }
        ],
    }


def _category_chart(session: Session, by_category: dict[str, int], **params: Any) -> Chart:
    ids = dict(Category.objects.filter(session=session).values_list("name", "pk"))
    return {
        "id": "chart-category",
        "kind": "bar",
        "title": "按类别",
        "note": f"{'主办' if 'unit' in params else '立案'} {sum(by_category.values())} 件",
        "series": [
            {
                "name": "提案",
                "kind": "count",
                "items": [
                    {
                        "name": name,
                        "value": count,
                        "url": proposal_list_url(
                            session, filed=1, category=ids.get(name), **params
                        ),
                    }
                    for name, count in by_category.items()
                ],
            }
        ],
    }


def _trend_chart(points: list[figures.TrendPoint]) -> Chart:
    def line(name: str, key: str, kind: str) -> Series:
        return {
            "name": name,
            "kind": kind,
            "items": [
                {
                    "name": f"{point['year']}年",
                    "value": _number(str(point[key])),  # type: ignore[literal-required]
                    "url": f"{reverse('proposal-list')}?"
                    + urlencode({"session": point["session"], "filed": 1}),
                }
                for point in points
            ],
        }

    return {
        "id": "chart-trend",
        "kind": "line",
        "title": "历年对比",
        "note": "立案件数(左轴)与各项比率(右轴,%)",
        "series": [
            line("立案件数", "total", "count"),
            line("解决率", "resolved_percent", "percent"),
            line("满意率", "satisfaction", "percent"),
            line("按时答复率", "on_time_rate", "percent"),
            line("办成率", "done_rate", "percent"),
        ],
    }


def office_dashboard(session: Session, today: date | None = None) -> dict[str, Any]:
    """The whole dashboard of a session: cards, charts, the unit table and the trend across
    the body's sessions — a fixed number of queries however many proposals there are."""
    found = figures.session_figures(session)
    rows = figures.unit_table(session, today)
    earlier = [s for s in sessions_with_proposals() if s.body_id == session.body_id]
    points = figures.trend(earlier, known={session.slug: found})
    intake = found["intake"]
    commitments = found["commitments"]
    cards: list[Card] = [
        {
            "label": "收到提案",
            "value": str(intake["received"]),
            "suffix": "件",
            "note": f"立案 {intake['filed']} 件",
            "url": proposal_list_url(session),
            "rule": "proposal.list",
        },
        {
            "label": "立案",
            "value": str(intake["filed"]),
            "suffix": "件",
            "note": f"并案 {intake['merged']} · 不予立案 {intake['rejected']} · "
            f"转来信 {intake['converted']}",
            "url": proposal_list_url(session, filed=1),
            "rule": "proposal.list",
        },
        {
            "label": "办结",
            "value": str(intake["closed"]),
            "suffix": "件",
            "note": "",
            "url": proposal_list_url(session, status="closed"),
            "rule": "proposal.list",
        },
        {
            "label": "按时答复率",
            **_measured(found["on_time_rate"], sum(found["on_time"][k] for k in _TIMED)),
            "note": f"按时 {found['on_time']['on_time']} · 逾期 "
            f"{found['on_time']['late'] + found['on_time']['overdue_unreplied']}",
            "url": "",
        },
        {
            "label": "满意率",
            **_measured(found["satisfaction"]["result"], found["satisfaction"]["responses"]),
            "note": (
                f"对办理态度 {found['satisfaction']['attitude']}% · "
                f"回复 {found['satisfaction']['responses']} 份"
                if found["satisfaction"]["responses"]
                else "尚无征询意见"
            ),
            "url": "",
        },
        {
            "label": "办成率",
            **_measured(commitments["done_rate"], commitments["total"]),
            "note": f"措施 {commitments['done']}/{commitments['total']} 项完成",
            "url": commitment_list_url(session),
            "rule": "commitment.list",
        },
        {
            "label": "重点提案",
            "value": str(found["key_proposals"]),
            "suffix": "件",
            "note": "",
            "url": f"{reverse('key-list')}?{urlencode({'session': session.slug})}",
            "rule": "key.list",
        },
        {
            "label": "跨年度提案",
            "value": str(found["cross_year"]),
            "suffix": "件",
            "note": "",
            "url": f"{reverse('tracking-list')}?{urlencode({'session': session.slug})}",
            "rule": "tracking.list",
        },
    ]
    charts: list[Chart] = [
        _category_chart(session, found["by_category"]),
        _grade_chart(session, found["by_grade"]),
        {
            "id": "chart-proposer",
            "kind": "pie",
            "title": "按提案者类型",
            "note": "",
            "series": [
                {
                    "name": "提案",
                    "kind": "count",
                    "items": [
                        {
                            "name": figures.PROPOSER_TYPES[key],
                            "value": share["count"],
                            "url": proposal_list_url(session, proposer_type=key),
                            "percent": share["percent"],
                        }
                        for key, share in found["by_proposer_type"].items()
                    ],
                }
            ],
        },
        _commitments_chart(
            session, commitments["total"], commitments["done"], commitments["overdue"]
        ),
        _units_chart(session, rows),
        _trend_chart(points),
    ]
    return {
        "figures": found,
        "cards": cards,
        "charts": charts,
        "units": [_unit_row(session, row) for row in rows],
        "trend": points,
    }


def _units_chart(session: Session, rows: list[figures.UnitRow]) -> Chart:
    busiest = sorted(rows, key=lambda r: (-r["lead"], r["unit"]))[:TOP_UNITS]
    return {
        "id": "chart-units",
        "kind": "hbar",
        "title": "主办件数最多的承办单位",
        "note": f"前 {len(busiest)} 个单位",
        "series": [
            {
                "name": "主办",
                "kind": "count",
                "items": [
                    {
                        "name": row["unit"],
                        "value": row["lead"],
                        "url": proposal_list_url(session, unit=row["unit_id"], unit_role="lead"),
                    }
                    for row in reversed(busiest)
                ],
            }
        ],
    }


def _unit_row(session: Session, row: figures.UnitRow) -> dict[str, Any]:
    """A row of the unit table with its rates ready to show (— when there is nothing to
    measure) and the lists behind its counts."""
    return {
        **row,
        "on_time_shown": _rate(row["on_time_rate"]),
        "satisfaction_shown": _rate(row["satisfaction"]),
        "done_rate_shown": _rate(row["done_rate"]),
        "lead_url": proposal_list_url(session, unit=row["unit_id"], unit_role="lead"),
        "co_url": proposal_list_url(session, unit=row["unit_id"], unit_role="co"),
        "commitments_url": commitment_list_url(session, unit=row["unit_id"]),
        "overdue_url": commitment_list_url(session, unit=row["unit_id"], overdue=1),
    }


def unit_dashboard(session: Session, unit_id: int, today: date | None = None) -> dict[str, Any]:
    """A unit's own dashboard: its row of the unit table, the proposals it led by grade and
    by category, its commitments — figures of no other unit."""
    found = figures.unit_figures(session, unit_id, today)
    row = found["row"]
    mine = {"unit": unit_id, "unit_role": "lead"}
    charts: list[Chart] = [
        _grade_chart(session, found["by_grade"], **mine),
        _category_chart(session, found["by_category"], **mine),
    ]
    cards: list[Card] = []
    if row is not None:
        cards = [
            {
                "label": "主办提案",
                "value": str(row["lead"]),
                "suffix": "件",
                "note": "含会办",
                "url": proposal_list_url(session, **mine),
                "rule": "proposal.list",
            },
            {
                "label": "协办提案",
                "value": str(row["co"]),
                "suffix": "件",
                "note": "",
                "url": proposal_list_url(session, unit=unit_id, unit_role="co"),
                "rule": "proposal.list",
            },
            {
                "label": "按时答复率",
                "value": _rate(row["on_time_rate"]),
                "suffix": "%" if row["on_time_rate"] is not None else "",
                "note": f"已答复 {row['replied']} 件 · 按时 {row['on_time']} 件",
                "url": "",
            },
            {
                "label": "满意率",
                "value": _rate(row["satisfaction"]),
                "suffix": "%" if row["satisfaction"] is not None else "",
                "note": f"回复 {row['responses']} 份 · 满意 {row['satisfied']} 份",
                "url": "",
            },
            {
                "label": "办成率",
                "value": _rate(row["done_rate"]),
                "suffix": "%" if row["done_rate"] is not None else "",
                "note": f"措施 {row['commitments_done']}/{row['commitments']} 项完成",
                "url": commitment_list_url(session),
                "rule": "commitment.list",
            },
        ]
        charts.append(
            _commitments_chart(
                session, row["commitments"], row["commitments_done"], row["commitments_overdue"]
            )
        )
    return {"row": row, "cards": cards, "charts": charts}
