"""The reply in the order units work, in the browser: the clerk saves a reply with its letter
lines but without the stamped scan and sees what is still missing; the leader signs the text;
the clerk downloads the letter (Word), attaches the stamped scan and sends it (报送)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, log_in
from tests.conftest import PASSWORD
from tian.handling import actions
from tian.proposals import actions as intake
from tian.proposals.models import Category, Proposal
from tian.workflow import intake as workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于扩大稳岗返还覆盖面的建议"
SHOTS = os.environ.get("TIAN_SHOTS")  # a folder to keep screenshots in, for one's own eyes


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def in_handling(personas, session, unit) -> Proposal:
    """A proposal the lead unit has signed for and talked to the member about."""
    member = personas.member
    proposal = intake.create_proposal(
        member, session=session, lead_proposer=member.proposer, title=TITLE, suggestions="扩面。"
    )
    workflow.submit_proposal(member, proposal, version=proposal.version)
    proposal.refresh_from_db()
    category = Category.objects.filter(session=session).first()
    proposal = workflow.file_proposal(
        personas.clerk, proposal, version=proposal.version, category=category
    )
    proposal = actions.assign_proposal(
        personas.office, proposal, version=proposal.version, lead=unit
    )
    proposal = actions.accept_assignment(personas.unit_clerk, proposal, version=proposal.version)
    actions.log_contact(
        personas.unit_clerk,
        proposal,
        unit=unit,
        method="phone",
        stage="before",
        contacted_on=timezone.localdate(),
        summary="电话听取意见",
    )
    return proposal


def open_proposal(page: Page, who: str, proposal: Proposal) -> None:
    log_in(page, who, PASSWORD)
    page.goto(f"/proposals/{proposal.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)


def test_the_clerk_saves_without_the_scan_the_leader_signs_the_clerk_attaches_it_and_sends(
    page: Page, personas, in_handling: Proposal, tmp_path: Path
):
    scan = tmp_path / "答复函.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n")
    next_step = page.locator("#next-step")

    # The clerk writes the reply and the letter's lines, forgetting the grade, with no scan.
    open_proposal(page, "unitclerk", in_handling)
    next_step.get_by_role("link", name="起草答复").click()
    page.get_by_label("已采取的措施").fill("稳岗返还比例提至90%,覆盖全区中小企业。")
    page.get_by_label("文号").fill("区人社函〔2022〕106号")
    page.get_by_label("联系人").fill("刘熠")
    page.get_by_label("联系电话").fill("0510-83303606")
    shoot(page, "1-reply-form")
    page.get_by_role("button", name="保存答复").click()
    expect(page.locator(".messages")).to_contain_text("签发前还需:请选择办理结果分类")
    checklist = next_step.locator(".checklist")
    expect(checklist).to_contain_text("签发前还需")
    expect(checklist).to_contain_text("请选择办理结果分类")
    expect(checklist).to_contain_text("请上传加盖公章的答复函")
    expect(next_step).not_to_contain_text("等待单位负责人签发")
    shoot(page, "2-clerk-checklist")

    # The leader sees the same list and no signature to give yet.
    open_proposal(page, "unithead", in_handling)
    expect(next_step.locator(".checklist")).to_contain_text("请选择办理结果分类")
    expect(page.get_by_role("button", name="签发答复")).to_have_count(0)
    shoot(page, "2b-leader-checklist")

    # The clerk adds the grade; now the reply waits for the leader's signature alone.
    open_proposal(page, "unitclerk", in_handling)
    next_step.get_by_role("link", name="起草答复").click()
    page.get_by_label("办理结果分类").select_option(label="A类 已解决或基本解决")
    page.get_by_role("button", name="保存答复").click()
    expect(page.locator(".messages")).to_contain_text("请单位负责人在提案页签发")
    expect(next_step).to_contain_text("等待单位负责人签发")

    # The leader signs the text, without a scan.
    open_proposal(page, "unithead", in_handling)
    next_step.get_by_role("link", name="阅看并签发").click()
    shoot(page, "2c-leader-signs")
    page.locator("#replies").get_by_role("button", name="签发答复").click()
    expect(page.locator(".messages")).to_contain_text("盖章扫描后上传")

    # The clerk downloads the Word letter, attaches the stamped scan and sends the reply.
    page.set_viewport_size(PHONE)
    open_proposal(page, "unitclerk", in_handling)
    expect(next_step.locator(".checklist")).to_contain_text("报送前还需")
    expect(next_step.get_by_role("button", name="报送督查室")).to_have_count(0)
    with page.expect_download() as download:
        next_step.get_by_role("link", name="下载答复函(Word)").click()
    assert download.value.suggested_filename.endswith("提案的答复.docx")
    shoot(page, "3-signed-phone")
    next_step.get_by_role("link", name="上传签章答复函").click()
    letter = page.locator(f"#letter-{in_handling.replies.get().pk}")
    letter.get_by_label("盖章扫描件").set_input_files(str(scan))
    letter.get_by_role("button", name="上传签章答复函").click()
    expect(page.locator(".messages")).to_contain_text("签章答复函已上传")
    expect(next_step.locator(".checklist")).to_have_count(0)
    next_step.get_by_role("button", name="报送督查室").click()
    expect(page.locator(".messages")).to_contain_text("答复已报送督查室审核")
    expect(next_step).to_contain_text("等待督查室审核")
    shoot(page, "4-sent-phone")
