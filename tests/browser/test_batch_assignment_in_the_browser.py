"""The office assigns a season's proposals from the batch table (批量交办): it filters by
category, finds units in the picker by typing (and by keyboard), confirms two rows at once and
sees both assigned; the page fits a phone without scrolling sideways."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, log_in
from tests.conftest import PASSWORD
from tian.directory.models import Unit
from tian.handling import actions
from tian.proposals import actions as intake
from tian.proposals.models import Category, Proposal, Status
from tian.workflow import intake as workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
# Screenshots for a person to look at, when asked for: TIAN_SHOTS=/tmp/shots pytest …
SHOTS = os.environ.get("TIAN_SHOTS")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def filed(personas, session, title: str, category: str) -> Proposal:
    member = personas.member
    proposal = intake.create_proposal(
        member, session=session, lead_proposer=member.proposer, title=title, suggestions="建议"
    )
    workflow.submit_proposal(member, proposal, version=proposal.version)
    proposal.refresh_from_db()
    return workflow.file_proposal(
        personas.clerk,
        proposal,
        version=proposal.version,
        category=Category.objects.get(session=session, name=category),
    )


@pytest.fixture
def season(personas, session, unit, other_unit):
    types = {
        "区人力资源和社会保障局": "人力资源和社会保障",
        "区财政局": "财政",
        "区商务局": "商务",
    }
    for name, type_name in types.items():
        Unit.objects.filter(name=name).update(department_type=type_name)
    Unit.objects.create(
        name="区住房和城乡建设局", short_name="住建局", department_type="住房和城乡建设"
    )
    Unit.objects.create(name="区民政局", short_name="民政局", department_type="民政")
    first = filed(personas, session, "关于缓解企业用工难的建议", "经济发展类")
    actions.propose_units(personas.clerk, first, lead=Unit.objects.get(name="区民政局"))
    second = filed(personas, session, "关于扶持小微企业发展的建议", "经济发展类")
    third = filed(personas, session, "关于加快老旧小区改造的建议", "城乡建设管理类")
    return first, second, third


def picker(page: Page, label: str):
    """The unit picker's search box labelled `label`, once the script has drawn it (before,
    the plain <select> answers to the same role and name)."""
    expect(page.locator(".picker").first).to_be_visible()
    return page.get_by_role("combobox", name=label)


def test_the_office_assigns_two_proposals_at_once_from_the_batch_table(
    page: Page, personas, season
):
    first, second, third = season
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size(DESKTOP)
    log_in(page, "office", PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="批量交办").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("批量交办")
    table = page.locator("table.batch-table")
    expect(table).to_contain_text(third.title)

    page.get_by_label("类别").select_option(label="经济发展类")
    expect(table).not_to_contain_text(third.title)
    expect(table).to_contain_text(first.title)
    expect(page).to_have_url(re.compile(r"category=\d+"))
    # The committee's unit is chosen already; the office replaces it by searching.
    lead = picker(page, "第1号主办单位")
    row = page.locator(f"#row-{first.pk}")
    expect(row.locator(".picker-chip")).to_have_text(["区民政局×"])
    lead.fill("区人社局")
    options = row.get_by_role("option")
    expect(options).to_have_text(["区人力资源和社会保障局"])
    lead.press("Enter")
    expect(row.locator(".picker-chip").first).to_contain_text("区人力资源和社会保障局")
    # The row ticks itself once a unit is chosen.
    expect(row.get_by_role("checkbox")).to_be_checked()

    co = picker(page, "第1号协办单位")
    co.click()
    expect(row.get_by_role("option", name="区财政局")).to_be_visible()
    co.fill("财政")
    row.get_by_role("option", name="区财政局").click()
    co.press("Escape")

    # The second row by keyboard alone: type, arrow down, Enter.
    lead2 = picker(page, "第2号主办单位")
    lead2.focus()
    page.keyboard.type("商务")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    co2 = picker(page, "第2号协办单位")
    co2.focus()
    page.keyboard.type("人力资源和社会保障局")
    page.keyboard.press("Enter")
    second_row = page.locator(f"#row-{second.pk}")
    expect(second_row.locator(".picker-chip")).to_have_text(
        ["区商务局×", "区人力资源和社会保障局×"]
    )

    confirm = page.get_by_role("button", name="确认交办")
    expect(confirm).to_have_text("确认交办(2件)")
    shot(page, "batch-desktop")
    # Pressed while the last list is still open: the list closes, the press still confirms.
    confirm.click()
    expect(page.locator(".messages")).to_contain_text("已交办2件提案")
    expect(page.locator("main")).to_contain_text("该类别没有待交办的提案")

    first, second = (Proposal.objects.get(pk=p.pk) for p in (first, second))
    assert (first.status, second.status) == (Status.ASSIGNED, Status.ASSIGNED)
    assert set(first.assignments.active().values_list("unit__name", "role")) == {
        ("区人力资源和社会保障局", "lead"),
        ("区财政局", "co"),
    }
    assert set(second.assignments.active().values_list("unit__name", "role")) == {
        ("区商务局", "lead"),
        ("区人力资源和社会保障局", "co"),
    }
    page.goto(f"/proposals/{first.pk}/")
    expect(page.locator("#units")).to_contain_text("区人力资源和社会保障局")
    expect(page.locator("#units")).to_contain_text("区财政局")
    assert errors == []


def test_the_batch_table_fits_a_phone(page: Page, personas, season):
    page.set_viewport_size(PHONE)
    log_in(page, "office", PASSWORD)
    page.goto("/assign/batch/")
    expect(page.locator("table.batch-table")).to_contain_text(season[0].title)
    picker(page, "第1号协办单位").click()
    expect(page.locator(f"#row-{season[0].pk}").get_by_role("option").first).to_be_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    box = page.locator(f"#row-{season[0].pk} .picker-input").last.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    shot(page, "batch-phone")
