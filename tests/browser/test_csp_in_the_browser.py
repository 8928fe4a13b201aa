"""Names people type (a grade label, a category) are shown as text in the dashboard's tooltips,
never run; every page is served with a Content-Security-Policy that forbids inline script,
and the pages of each role run under it without one violation."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.reports.test_dashboard import build
from tian.handling.models import Grade
from tian.proposals.models import Category, Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = "<img src=x onerror=window.__xss=1>"

# The middle of a pie sector or a bar, in page pixels, where ECharts itself laid it out.
SECTOR_MIDDLE = """([id, index]) => {
  const el = document.getElementById(id);
  const chart = echarts.getInstanceByDom(el);
  const layout = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(index);
  const box = el.getBoundingClientRect();
  if (layout.r !== undefined) {
    const angle = (layout.startAngle + layout.endAngle) / 2;
    const radius = (layout.r0 + layout.r) / 2;
    const x = layout.cx + radius * Math.cos(angle);
    return [box.x + x, box.y + layout.cy + radius * Math.sin(angle)];
  }
  return [box.x + layout.x + layout.width / 2, box.y + layout.y + layout.height / 2];
}"""


@pytest.fixture
def marked_world(session, personas, unit, other_unit):
    build(session, personas, unit, other_unit, 12)
    Grade.objects.filter(session=session, code="A").update(label=f"已解决{PAYLOAD}")
    Category.objects.filter(session=session, order=1).update(name=f"城建{PAYLOAD}")
    return session


def _violations(page: Page) -> list[str]:
    found: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            found.append(f"{message.text} @ {message.location}")

    page.on("console", listen)
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on("response", lambda r: found.append(f"{r.status} {r.url}") if r.status == 404 else None)
    return found


def _hover_item(page: Page, chart_id: str, index: int) -> None:
    page.wait_for_function(
        f"() => window.echarts && echarts.getInstanceByDom(document.getElementById({chart_id!r}))"
    )
    x, y = page.evaluate(SECTOR_MIDDLE, [chart_id, index])
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)


def test_a_grade_label_with_markup_shows_as_text_in_the_pie_tooltip_and_runs_nothing(
    page: Page, personas, marked_world
):
    page.emulate_media(reduced_motion="reduce")
    log_in(page, "office", PASSWORD)
    page.goto(f"/dashboard/?session={marked_world.slug}")
    index = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById("chart-grade"))
             .getOption().series[0].data.findIndex((d) => d.name.startsWith("已解决"))"""
    )
    assert index >= 0
    _hover_item(page, "chart-grade", index)
    tooltip = page.locator("#chart-grade").get_by_text(f"已解决{PAYLOAD}")
    expect(tooltip).to_be_visible()
    assert page.locator("#chart-grade img").count() == 0
    assert page.evaluate("() => window.__xss") is None


def test_a_category_name_with_markup_shows_as_text_in_the_bar_tooltip(
    page: Page, personas, marked_world
):
    page.emulate_media(reduced_motion="reduce")
    log_in(page, "office", PASSWORD)
    page.goto(f"/dashboard/?session={marked_world.slug}")
    _hover_item(page, "chart-category", 1)
    expect(page.locator("#chart-category").get_by_text(f"城建{PAYLOAD}")).to_be_visible()
    assert page.locator("#chart-category img").count() == 0
    assert page.evaluate("() => window.__xss") is None


def test_every_page_carries_a_policy_that_allows_only_its_own_scripts(
    page: Page, personas, marked_world
):
    log_in(page, "office", PASSWORD)
    response = page.goto("/work/")
    policy = response.headers["content-security-policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "'unsafe-eval'" not in policy


OFFICE_PAGES = [
    "/work/",
    "/proposals/",
    "/dashboard/",
    "/key/",
    "/commitments/",
    "/commitments/?view=timeline",
    "/tracking/",
    "/oversight/",
    "/notices/",
    "/inbox/",
    "/evaluation/",
    "/reports/",
]


def test_the_office_pages_run_without_a_policy_violation(page: Page, personas, marked_world):
    found = _violations(page)
    log_in(page, "office", PASSWORD)
    for path in OFFICE_PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    proposal = Proposal.objects.filter(session=marked_world).order_by("number").first()
    page.goto(f"/proposals/{proposal.pk}/")
    page.wait_for_load_state("networkidle")
    # The list's filters go through htmx: choosing a status reloads the list in place.
    page.goto("/proposals/")
    page.get_by_label("状态").select_option(label="已办结")
    page.wait_for_url(re.compile(r"status=closed"))
    expect(page.locator("h1 .count")).to_be_visible()
    assert found == [], found


def test_the_other_roles_pages_run_without_a_policy_violation(page: Page, personas, marked_world):
    found = _violations(page)
    log_in(page, "unitclerk", PASSWORD)
    for path in ["/work/", "/proposals/", "/dashboard/unit/", "/commitments/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    log_in(page, "member", PASSWORD)
    for path in ["/work/", "/proposals/new/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    # The audit admin gives a one-time code (动态口令) before the log, on a page of its own.
    device = TOTPDevice.objects.create(user=personas.auditadmin, name="手机", confirmed=True)
    log_in(page, "auditadmin", PASSWORD)
    page.goto("/audit/")
    page.get_by_label("动态口令或恢复码").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(re.compile(r"/audit/"))
    # The event filter submits itself when chosen, without an inline handler.
    page.get_by_label("事件").select_option(index=1)
    page.wait_for_url(re.compile(r"type=\w+"))
    assert found == [], found
