"""The proposal page's parts that other apps add (办理、实施清单、重点提案、报告典型事例).

The page shows the record itself; each higher app registers a `Panel` into `proposal_panels`
from its ready(): a template, the function that gives that template its context, a slot of the
page and an order within it. Panels that share a context function share one call per page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tian.lib.hooks import Hook
from tian.proposals.models import Proposal

PanelContext = Callable[[Any, Proposal], dict[str, Any]]

# Where a panel goes on the page: beside the status badge, after the title line (hidden forms),
# in the 下一步 box, in the main column after the text, among the 基本信息 facts.
SLOTS = ("badges", "after_title", "next_step", "main", "facts")


@dataclass(frozen=True)
class Panel:
    """One part of the proposal page. `offers_step`, for the 下一步 box: whether this part
    has a step to offer, given its context; the box shows when any part (or the page's own
    steps) has one, and then every next-step part is shown in it."""

    key: str
    slot: str
    template: str
    context: PanelContext
    offers_step: Callable[[dict[str, Any]], bool] | None = None

    def __post_init__(self) -> None:
        if self.slot not in SLOTS:
            raise ValueError(f"unknown slot {self.slot!r} for panel {self.key!r}")


@dataclass(frozen=True)
class Part:
    """A panel ready to render: its template and its context (`{% render_part %}`)."""

    template: str
    context: dict[str, Any]


@dataclass
class PagePanels:
    """The parts of one proposal page by slot, and whether any part offers a next step."""

    slots: dict[str, list[Part]]
    offers_step: bool

    def __getattr__(self, slot: str) -> list[Part]:
        if slot in SLOTS:
            return self.slots.get(slot, [])
        raise AttributeError(slot)


proposal_panels: Hook[Panel] = Hook("proposals.proposal_panels")


def page_panels(user: Any, proposal: Proposal) -> PagePanels:
    """Every registered panel of `proposal`'s page as `user` sees it, in order."""
    contexts: dict[PanelContext, dict[str, Any]] = {}
    slots: dict[str, list[Part]] = {}
    offers_step = False
    for panel in proposal_panels:
        if panel.context not in contexts:
            contexts[panel.context] = panel.context(user, proposal)
        context = contexts[panel.context]
        slots.setdefault(panel.slot, []).append(Part(panel.template, context))
        if panel.offers_step is not None and panel.offers_step(context):
            offers_step = True
    return PagePanels(slots, offers_step)


def _no_context(user: Any, proposal: Proposal) -> dict[str, Any]:
    return {}


# Proposals' own badge sits among the others (after 重点提案, before 报告典型事例).
proposal_panels.register(
    Panel("illustrative", "badges", "proposals/_illustrative_badge.html", _no_context), order=50
)
