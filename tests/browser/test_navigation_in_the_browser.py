"""The navigation fits: at 1366 px every item of the top bar stands inside the window, none on
another, and each menu opens inside the window; on a 390 px phone the tab bar and the 我的 sheet
do the same. The menus open by keyboard and without script."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}

# Boxes of the elements `selector` finds, with whether each is shown at all.
BOXES = """(selector) => Array.from(document.querySelectorAll(selector)).map((el) => {
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {text: el.textContent.trim().replace(/\\s+/g, " "),
          x: r.x, y: r.y, w: r.width, h: r.height,
          shown: r.width > 0 && r.height > 0 && style.visibility !== "hidden"};
})"""

TOP_BAR = (
    ".brand, .mainnav > .navlink, .mainnav > details > summary,"
    " .whoami > a, .whoami > span, .whoami button"
)
TABS = ".tabbar > .tab, .tab-more > summary"
SHEET = ".sheet a, .sheet button"

# The people with the most to show: the office and the committee's clerk have every menu.
PEOPLE = ["office", "clerk", "unitclerk", "leader", "member", "auditadmin"]


def boxes(page: Page, selector: str) -> list[dict[str, Any]]:
    return page.evaluate(BOXES, selector)


def assert_fit(page: Page, found: list[dict[str, Any]]) -> None:
    """Each box is shown inside the window, and no two overlap."""
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    assert found, "nothing to measure"
    for box in found:
        assert box["shown"], f"{box['text']} is hidden"
        assert box["x"] >= 0 and box["x"] + box["w"] <= width + 0.5, (
            f"{box['text']} overflows: {box}"
        )
        assert box["y"] >= 0 and box["y"] + box["h"] <= height + 0.5, (
            f"{box['text']} overflows: {box}"
        )
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            across = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            down = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            assert across <= 0.5 or down <= 0.5, f"{a['text']} overlaps {b['text']}"


def sign_in(page: Page, username: str, personas: Any) -> None:
    """Sign in and open the inbox, which every account may open (the audit admin too, without
    the one-time code that their /audit/ pages ask for)."""
    log_in(page, username, PASSWORD)
    page.goto("/inbox/")


@pytest.mark.parametrize("username", PEOPLE)
def test_at_1366_px_every_item_of_the_top_bar_and_of_each_menu_fits_the_window(
    page: Page, personas: Any, username: str
) -> None:
    page.set_viewport_size(DESKTOP)
    sign_in(page, username, personas)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    top = boxes(page, TOP_BAR)
    assert_fit(page, top)
    assert any(box["text"].startswith("消息") for box in top)
    # The top bar is one row: nothing wrapped under the brand.
    assert max(box["y"] for box in top) < 40
    expect(page.locator(".tabbar")).to_be_hidden()
    menus = page.locator(".mainnav details")
    for index in range(menus.count()):
        menus.nth(index).locator("summary").click()
        assert_fit(page, boxes(page, ".mainnav details[open] .navmenu a"))
        page.keyboard.press("Escape")
        expect(menus.nth(index).locator(".navmenu")).to_be_hidden()


@pytest.mark.parametrize("username", PEOPLE)
def test_at_390_px_the_tab_bar_and_the_我的_sheet_fit_the_phone(
    page: Page, personas: Any, username: str
) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, username, personas)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.locator(".mainnav")).to_be_hidden()
    tabs = boxes(page, TABS)
    assert_fit(page, tabs)
    assert [box["text"].split(" ")[0] for box in tabs][-2:] == ["消息", "我的"]
    # The page's end scrolls clear of the tab bar.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    footer = page.locator(".footer").bounding_box()
    bar = page.locator(".tabbar").bounding_box()
    assert footer["y"] + footer["height"] <= bar["y"] + 0.5
    page.locator(".tab-more > summary").click()
    sheet = boxes(page, SHEET)
    assert_fit(page, sheet + boxes(page, TABS))
    assert any(box["text"] == "退出登录" for box in sheet)
    # A tap on the shade above the sheet closes it.
    page.mouse.click(PHONE["width"] / 2, 10)
    expect(page.locator(".sheet")).to_be_hidden()


def test_on_a_phone_the_office_reaches_every_page_of_the_top_bar_through_the_tabs_or_我的(
    page: Page, personas: Any
) -> None:
    page.set_viewport_size(DESKTOP)
    log_in(page, "office", PASSWORD)
    on_desktop = set(
        page.eval_on_selector_all(".mainnav a", "links => links.map((a) => a.pathname)")
    )
    page.set_viewport_size(PHONE)
    page.locator(".tab-more > summary").click()
    visible = page.locator(".tabbar a:visible")
    on_phone = {visible.nth(i).evaluate("a => a.pathname") for i in range(visible.count())}
    assert on_desktop <= on_phone
    page.locator(".sheet").get_by_role("link", name="督查督办一览").click()
    expect(page.get_by_role("heading", name="督查督办一览")).to_be_visible()


def test_a_menu_opens_and_closes_by_keyboard_and_gives_the_focus_back(
    page: Page, personas: Any
) -> None:
    page.set_viewport_size(DESKTOP)
    log_in(page, "office", PASSWORD)
    label = page.locator(".mainnav summary", has_text="督查")
    label.focus()
    page.keyboard.press("Enter")
    first = page.locator(".mainnav details[open] .navmenu a").first
    expect(first).to_be_visible()
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    page.keyboard.press("Escape")
    expect(first).to_be_hidden()
    expect(label).to_be_focused()
    # Opening one menu closes another; a click elsewhere closes it.
    label.click()
    page.locator(".mainnav summary", has_text="统计报告").click()
    expect(page.locator(".mainnav details[open]")).to_have_count(1)
    page.locator("h1").click()
    expect(page.locator(".mainnav details[open]")).to_have_count(0)


def test_the_menus_and_the_我的_sheet_open_without_script(
    browser: Browser, live_server: Any, personas: Any
) -> None:
    context = browser.new_context(
        locale="zh-CN", viewport=DESKTOP, base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        log_in(page, "office", PASSWORD)
        page.locator(".mainnav summary", has_text="统计报告").click()
        page.locator(".mainnav").get_by_role("link", name="年度报告").click()
        expect(page).to_have_url(f"{live_server.url}/reports/")
        page.set_viewport_size(PHONE)
        page.locator(".tab-more > summary").click()
        page.locator(".sheet").get_by_role("link", name="督办单").click()
        expect(page).to_have_url(f"{live_server.url}/notices/")
    finally:
        context.close()
