"""A member writes and submits a proposal with a co-signer, who confirms; the proposal
committee files it — each person in their own browser session, checking their worklist."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, log_in, submit_draft
from tests.conftest import PASSWORD, make_user
from tian.directory.models import Member, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_proposal_goes_from_draft_to_filed_through_each_persons_worklist(
    page: Page, personas, session
):
    # Two members called 王伟: the one of 教育界 is asked to co-sign.
    Member.objects.create(body=session.body, name="王伟", sector="经济界", party="民建")
    wang = Member.objects.create(body=session.body, name="王伟", sector="教育界")
    make_user("wangwei", Role.MEMBER, proposer=wang, display_name="王伟")

    log_in(page, "member", PASSWORD)
    expect(page.get_by_role("heading", name="待办")).to_be_visible()
    page.get_by_role("link", name="写提案").click()
    page.get_by_label("题目").fill("关于缓解企业用工荒用工难的建议")
    page.get_by_label("案由").fill("中小企业普遍反映招工难、留人难。")
    page.get_by_label("现状与问题").fill("部分中小企业招工难、留人难。")
    page.get_by_label("具体建议").fill("一、落实稳岗返还;二、开展线上招聘;三、推行新型学徒制。")
    page.get_by_label("类别").select_option(label="经济发展类")
    picker = page.locator("#field-cosigners")
    picker.get_by_label("查找委员").fill("王伟")
    expect(picker.locator(".member-option:visible")).to_have_count(2)
    expect(picker.get_by_text("李红")).to_be_hidden()
    picker.get_by_label("王伟 教育界").check()
    expect(picker.get_by_text("已选 1 位:王伟(教育界)")).to_be_visible()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存")).to_be_visible()

    # 提交 asks first, showing what will be sent.
    page.locator("#next-step").get_by_role("link", name="提交", exact=True).click()
    expect(page.get_by_role("heading", name="确认提交提案")).to_be_visible()
    expect(page.get_by_text("提交后不能再修改")).to_be_visible()
    expect(page.locator("#submit-cosigners")).to_contain_text("王伟(教育界)(待确认")
    page.get_by_role("button", name="确认提交").click()
    expect(page.get_by_text("提案已提交,等待提案委审查")).to_be_visible()

    # The co-signer, on a phone, finds the invitation and its deadline in the worklist.
    page.set_viewport_size(PHONE)
    log_in(page, "wangwei", PASSWORD)
    invitations = page.locator("#section-cosign")
    expect(invitations).to_contain_text("前确认是否联名")
    invitations.get_by_role("link", name="关于缓解企业用工荒用工难的建议").click()
    expect(page.locator("#cosign-deadline")).to_contain_text("前确认是否联名")
    page.get_by_role("button", name="确认联名").click()
    expect(page.get_by_text("已确认联名")).to_be_visible()

    # The proposal committee reviews it from its queue and files it as 第1号.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "clerk", PASSWORD)
    queue = page.locator("#section-review")
    expect(queue.get_by_text("1 件")).to_be_visible()
    queue.get_by_role("link", name="关于缓解企业用工荒用工难的建议").click()
    page.get_by_role("link", name="立案审查").click()
    # The review shows the whole proposal beside the decision.
    proposal = page.locator(".review-proposal")
    for heading, text in (
        ("案由", "中小企业普遍反映招工难、留人难。"),
        ("现状与问题", "部分中小企业招工难、留人难。"),
        ("具体建议", "推行新型学徒制"),
    ):
        expect(proposal.get_by_role("heading", name=heading)).to_be_visible()
        expect(proposal).to_contain_text(text)
    expect(proposal).to_contain_text("王伟(教育界)(已确认)")
    page.get_by_label("立案", exact=True).check()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("审查完成:已立案")).to_be_visible()
    expect(page.get_by_role("heading", name="第1号 关于缓解企业用工荒用工难的建议")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("确认联名")

    # The government office now sees it waiting for assignment.
    log_in(page, "office", PASSWORD)
    expect(page.locator("#section-to-assign")).to_contain_text(
        "第1号 关于缓解企业用工荒用工难的建议"
    )


def test_a_rejected_proposal_shows_its_reason_to_the_member(page: Page, personas):
    log_in(page, "member", PASSWORD)
    page.goto("/proposals/new/")
    page.get_by_label("题目").fill("关于调整我家门前路灯的建议")
    page.get_by_label("具体建议").fill("请修一下路灯。")
    page.get_by_role("button", name="保存草稿").click()
    submit_draft(page)
    expect(page.get_by_text("提案已提交")).to_be_visible()
    log_in(page, "clerk", PASSWORD)
    page.locator("#section-review").get_by_role("link", name="关于调整我家门前路灯的建议").click()
    page.get_by_role("link", name="立案审查").click()
    page.get_by_label("不予立案").check()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("请填写理由")).to_be_visible()
    page.get_by_label("理由").fill("属个人具体诉求,已转12345热线办理。")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("审查完成:不予立案")).to_be_visible()
    log_in(page, "member", PASSWORD)
    page.locator("#section-mine").get_by_role("link", name="关于调整我家门前路灯的建议").click()
    decision = page.locator("section", has=page.get_by_role("heading", name="审查结论:不予立案"))
    expect(decision).to_contain_text("属个人具体诉求,已转12345热线办理。")
