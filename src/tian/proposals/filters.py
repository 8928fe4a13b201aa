"""The proposal list's filters (筛选条件): each reads its own parameters from the query string,
narrows the list, and names the chip that clears it. Proposals' own (类别、状态、搜索) are
here; the dashboard's drill-downs (立案、办理结果、提案者类型、承办单位) are registered by the
figures that count them, so a chart and the list behind it use one filter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict

from tian.directory.models import Session
from tian.lib.hooks import Hook
from tian.lib.http import int_param, search_param
from tian.proposals.models import Category, Proposal, Status


@dataclass(frozen=True)
class ListRequest:
    """What a filter may look at: the query string, the session listed and its categories."""

    request: HttpRequest
    session: Session | None
    categories: list[Category]


@dataclass(frozen=True)
class ListFilter:
    """One filter of the proposal list.

    `read` gives the value in force (None when the filter is not); `narrow` applies it;
    `label` names its chip. `params` are the names it reads, which the chip's link drops;
    a filter with no field in the list's form is `carried`: the form keeps its parameters."""

    key: str
    params: tuple[str, ...]
    read: Callable[[ListRequest], Any]
    narrow: Callable[[QuerySet[Proposal], ListRequest, Any], QuerySet[Proposal]]
    label: Callable[[Any], str]
    carried: bool = True


@dataclass
class ActiveFilter:
    """A filter in force on the list, and the list's address without it (to clear it)."""

    label: str
    clear_url: str


@dataclass
class Filtered:
    """The list narrowed by every filter in force, with its chips and carried parameters."""

    proposals: QuerySet[Proposal]
    values: dict[str, Any]
    chips: list[ActiveFilter]
    carried: list[tuple[str, str]]


# Ordered as their chips show; filled from the higher apps' ready() (reports' drill-downs).
list_filters: Hook[ListFilter] = Hook("proposals.list_filters")


def apply_filters(
    proposals: QuerySet[Proposal], listing: ListRequest, params: QueryDict
) -> Filtered:
    """Narrow `proposals` by each registered filter in force; `params` is the list's query
    string as the chips' links should keep it."""
    values: dict[str, Any] = {}
    chips: list[ActiveFilter] = []
    for list_filter in list_filters:
        value = list_filter.read(listing)
        if value is None:
            continue
        values[list_filter.key] = value
        proposals = list_filter.narrow(proposals, listing, value)
        rest = params.copy()
        for name in (*list_filter.params, "page"):
            rest.pop(name, None)
        chips.append(ActiveFilter(list_filter.label(value), f"?{rest.urlencode()}"))
    get = listing.request.GET
    carried = [
        (name, get[name])
        for list_filter in list_filters
        if list_filter.carried
        for name in list_filter.params
        if get.get(name)
    ]
    return Filtered(proposals, values, chips, carried)


def _category(listing: ListRequest) -> tuple[int, str] | None:
    category_id = int_param(listing.request, "category")
    if not category_id:
        return None
    return category_id, next((c.name for c in listing.categories if c.pk == category_id), "?")


def _status(listing: ListRequest) -> str | None:
    status = listing.request.GET.get("status", "")
    return status if status in Status.values else None


def _search(listing: ListRequest) -> str | None:
    query, _cut = search_param(listing.request)
    return query or None


def search_q(query: str) -> Q:
    """Proposals whose title or lead proposer contains `query`, or numbered 第N号 by it."""
    number = query.removeprefix("第").removesuffix("号")
    match = Q(title__icontains=query) | Q(lead_proposer__name__icontains=query)
    if number.isascii() and number.isdigit() and len(number) < 10:
        match |= Q(number=int(number))
    return match


list_filters.register(
    ListFilter(
        key="category",
        params=("category",),
        read=_category,
        narrow=lambda proposals, _listing, value: proposals.filter(category_id=value[0]),
        label=lambda value: f"类别:{value[1]}",
        carried=False,
    ),
    order=20,
)
list_filters.register(
    ListFilter(
        key="status",
        params=("status",),
        read=_status,
        narrow=lambda proposals, _listing, status: proposals.filter(status=status),
        label=lambda status: f"状态:{Status(status).label}",
        carried=False,
    ),
    order=30,
)
list_filters.register(
    ListFilter(
        key="q",
        params=("q",),
        read=_search,
        narrow=lambda proposals, _listing, query: proposals.filter(search_q(query)),
        label=lambda query: f"搜索:{query}",
        carried=False,
    ),
    order=90,
)
