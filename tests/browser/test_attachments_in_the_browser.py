"""A member attaches a real PDF and a photo on the drafting form; after submitting, the
proposal committee's clerk downloads both and gets the very same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from weasyprint import HTML

from tests.browser.conftest import log_in, submit_draft
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def real_files(folder: Path) -> tuple[Path, Path]:
    report = folder / "调研报告.pdf"
    HTML(string="<h1>Survey</h1><p>Day-care centres in three communities.</p>").write_pdf(report)
    photo = folder / "现场照片.png"
    Image.new("RGB", (64, 48), (200, 120, 40)).save(photo)
    return report, photo


def test_attachments_chosen_on_the_form_reach_the_clerk_intact(
    page: Page, personas, tmp_path: Path
):
    report, photo = real_files(tmp_path)
    log_in(page, "member", PASSWORD)
    page.goto("/proposals/new/")
    page.get_by_label("题目").fill("关于加强社区养老服务的建议")
    page.get_by_label("具体建议").fill("在三个社区建设日间照料中心。")
    page.get_by_label("附件").set_input_files([report, photo])
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存")).to_be_visible()
    expect(page.get_by_role("link", name="调研报告.pdf")).to_be_visible()
    expect(page.get_by_role("link", name="现场照片.png")).to_be_visible()
    submit_draft(page)
    expect(page.get_by_text("提案已提交,等待提案委审查")).to_be_visible()
    detail = page.url

    log_in(page, "clerk", PASSWORD)
    page.goto(detail)
    for original in (report, photo):
        with page.expect_download() as download:
            page.get_by_role("link", name=original.name).click()
        saved = tmp_path / f"downloaded-{original.name}"
        download.value.save_as(saved)
        assert download.value.suggested_filename == original.name
        assert saved.read_bytes() == original.read_bytes()
