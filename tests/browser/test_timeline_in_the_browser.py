"""The time progress bar (时间进度条) reads at 1366 px and on a 390 px phone: the 今天 label and
the month labels have rows of their own and never overlap, month labels thin out where the
axis is narrow, and the today line crosses the bars, never a row's text."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, log_in
from tests.conftest import PASSWORD
from tian.handling.models import Assignment
from tian.proposals.models import Category, Proposal, Status
from tian.supervision.models import Commitment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}

# The timeline's labels (shown ones only), its today lines and the boxes of its rows' text.
MEASURE = """(tl) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {x: r.x, y: r.y, w: r.width, h: r.height, text: el.textContent.trim()}; };
  const shown = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 2 && r.height > 2 && s.visibility !== "hidden" && s.display !== "none"
      && parseFloat(s.fontSize) > 0; };
  const labels = Array.from(tl.querySelectorAll(".tl-tick, .tl-now-label, .tl-today > span"))
    .filter(shown).map(box);
  const lines = Array.from(tl.querySelectorAll(".tl-today, .tl-now")).map(box);
  const text = [];
  tl.querySelectorAll(".tl-label").forEach((label) => {
    const range = document.createRange();
    range.selectNodeContents(label);
    for (const r of range.getClientRects()) {
      if (r.width > 0) text.push({x: r.x, y: r.y, w: r.width, h: r.height});
    }
  });
  return {tl: box(tl), labels, lines, text};
}"""


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    across = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    down = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return across > 0.5 and down > 0.5


def assert_readable(page: Page) -> dict[str, Any]:
    found = page.locator(".tl").first.evaluate(MEASURE)
    labels, frame = found["labels"], found["tl"]
    months = [label for label in labels if label["text"] != "今天"]
    assert len(months) >= 2, labels
    assert any(label["text"] == "今天" for label in labels), labels
    for i, a in enumerate(labels):
        assert a["x"] >= frame["x"] - 0.5 and a["x"] + a["w"] <= frame["x"] + frame["w"] + 0.5, a
        for b in labels[i + 1 :]:
            assert not overlap(a, b), f"{a['text']} overlaps {b['text']}"
    assert found["lines"], "no today line"
    for line in found["lines"]:
        for text in found["text"]:
            assert not overlap(line, text), f"the today line covers row text at {text}"
    return found


@pytest.fixture
def promised(session: Any, personas: Any, unit: Any) -> Proposal:
    """A proposal whose commitments began ten days ago (today near the axis's left end, where
    it ran over the rows' first characters) and run for a year and a half, with a sub-step."""
    today = timezone.localdate()
    proposal = Proposal.objects.create(
        session=session,
        number=31,
        title="关于建设零工市场的建议",
        lead_proposer=personas.member.proposer,
        category=Category.objects.filter(session=session).first(),
        status=Status.HANDLING,
    )
    Assignment.objects.create(proposal=proposal, unit=unit, assigned_on=today - timedelta(days=40))
    plans = [
        ("在东港镇、鹅湖镇各建成1个零工驿站,提供岗位发布和就业指导服务", 10, 90),
        ("上线“锡山零工”线上服务平台,归集发布零工岗位信息", 10, 180),
        ("建成区级零工市场并投入运行", 5, 540),
    ]
    for description, began, due in plans:
        parent = Commitment.objects.create(
            proposal=proposal,
            responsible_unit=unit,
            description=description,
            start_on=today - timedelta(days=began),
            due_on=today + timedelta(days=due),
        )
    Commitment.objects.create(
        proposal=proposal,
        parent=parent,
        responsible_unit=unit,
        description="完成零工市场选址",
        start_on=today - timedelta(days=5),
        due_on=today + timedelta(days=60),
    )
    return proposal


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_the_timeline_s_labels_and_today_line_leave_each_other_and_the_text_alone(
    page: Page, personas: Any, promised: Proposal, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    log_in(page, "office", PASSWORD)
    page.goto(f"/proposals/{promised.pk}/")
    expect(page.locator(".tl-row")).to_have_count(4)
    assert_readable(page)
    page.goto(f"/commitments/?view=timeline&session={promised.session.slug}")
    found = assert_readable(page)
    if viewport is PHONE:
        # Nineteen months do not all fit 340 px: some month labels give way, the first stays.
        ticks = page.locator(".tl-tick")
        assert len(found["labels"]) - 1 < ticks.count()
        expect(ticks.first).to_be_visible()


def test_month_labels_come_back_when_the_window_widens(
    page: Page, personas: Any, promised: Proposal
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, "office", PASSWORD)
    page.goto(f"/proposals/{promised.pk}/")
    on_phone = len(assert_readable(page)["labels"])
    page.set_viewport_size(DESKTOP)
    expect(page.locator(".tl-tick.tl-thin")).to_have_count(0)
    assert len(assert_readable(page)["labels"]) > on_phone
