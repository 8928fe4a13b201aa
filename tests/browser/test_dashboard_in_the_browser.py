"""The office opens the dashboard: every chart is drawn (data and painted pixels), a click on
a category bar opens the list behind it, and on a phone the charts fit the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, log_in, open_from_menu
from tests.conftest import PASSWORD
from tests.reports.test_dashboard import build
from tian.proposals.models import Category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = [
    "chart-category",
    "chart-grade",
    "chart-proposer",
    "chart-commitments",
    "chart-units",
    "chart-trend",
]

# How many data points the chart holds, and how many of its canvas pixels are painted
# (neither transparent nor white): a chart with data on a blank canvas fails.
DRAWN = """(id) => {
  const el = document.getElementById(id);
  const chart = window.echarts && echarts.getInstanceByDom(el);
  if (!chart) return {points: 0, painted: 0};
  const points = chart.getOption().series.reduce((n, s) => n + s.data.length, 0);
  const canvas = el.querySelector("canvas");
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const white = pixels[i] > 240 && pixels[i + 1] > 240 && pixels[i + 2] > 240;
    if (pixels[i + 3] > 0 && !white) painted++;
  }
  return {points, painted};
}"""


@pytest.fixture
def dashboard_world(session, personas, unit, other_unit):
    build(session, personas, unit, other_unit, 30)
    return session


def _wait_until_drawn(page: Page, chart_id: str) -> dict:
    page.wait_for_function(f"() => ({DRAWN})({chart_id!r}).painted > 400", timeout=10_000)
    return page.evaluate(DRAWN, chart_id)


def test_the_office_sees_every_chart_drawn_and_a_bar_opens_its_list(
    page: Page, personas, dashboard_world
):
    session = dashboard_world
    # Without the grow-in animation the bar is where ECharts says it is when the mouse clicks.
    page.emulate_media(reduced_motion="reduce")
    log_in(page, "office", PASSWORD)
    open_from_menu(page, "统计报告", "统计分析")
    expect(page.get_by_role("heading", name=re.compile("统计分析"))).to_be_visible()
    for chart_id in CHARTS:
        drawn = _wait_until_drawn(page, chart_id)
        assert drawn["points"] > 0, chart_id

    first = Category.objects.filter(session=session).order_by("order", "id").first()
    count = int(
        page.evaluate(
            """() => echarts.getInstanceByDom(document.getElementById("chart-category"))
                 .getOption().series[0].data[0].value"""
        )
    )
    assert count > 0
    # Click the middle of the first bar, where ECharts itself says it is drawn.
    x, y = page.evaluate(
        f"""() => echarts.getInstanceByDom(document.getElementById("chart-category"))
                 .convertToPixel({{seriesIndex: 0}}, [0, {count} / 2])"""
    )
    box = page.locator("#chart-category").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url(re.compile(rf"/proposals/\?.*category={first.pk}"))
    expect(page.locator("h1 .count")).to_have_text(f"{count} 件")
    expect(page.locator(".active-filters")).to_contain_text(f"类别:{first.name}")
    expect(page.locator(".active-filters")).to_contain_text("已立案")


def test_on_a_phone_the_charts_fit_the_screen_and_the_unit_table_scrolls(
    page: Page, personas, dashboard_world
):
    page.set_viewport_size(PHONE)
    log_in(page, "office", PASSWORD)
    page.goto(f"/dashboard/?session={dashboard_world.slug}")
    for chart_id in CHARTS:
        _wait_until_drawn(page, chart_id)
        width = page.locator(f"#{chart_id} canvas").bounding_box()["width"]
        assert width <= PHONE["width"], chart_id
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    table = page.locator(".dash-units").bounding_box()
    wrap = page.locator(".dash-units").locator("xpath=..").bounding_box()
    assert table["width"] > wrap["width"]


def test_a_unit_sees_its_own_charts_drawn(page: Page, personas, dashboard_world, unit):
    log_in(page, "unitclerk", PASSWORD)
    open_from_menu(page, "统计报告", "本单位统计")
    expect(page.get_by_role("heading", name=re.compile(unit.name))).to_be_visible()
    for chart_id in ["chart-grade", "chart-category", "chart-commitments"]:
        assert _wait_until_drawn(page, chart_id)["points"] > 0, chart_id
