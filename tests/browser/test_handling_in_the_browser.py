"""A proposal from submission to 已办结 through the handling pages, as each person in turn:
the member, the proposal committee, the government office, the lead unit's clerk and head,
and the co-unit's clerk — each signed in through the login form, checking their worklist."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, log_in, submit_draft
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于缓解企业用工荒用工难的建议"
HEADING = f"第1号 {TITLE}"
DESKTOP = {"width": 1280, "height": 900}


def open_from_worklist(page: Page, section: str, who: str) -> None:
    """Sign in as `who`, find the proposal in worklist section `section` and open it."""
    log_in(page, who, PASSWORD)
    box = page.locator(f"#section-{section}")
    expect(box).to_contain_text(TITLE)
    box.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)


def said(page: Page, text: str) -> None:
    """The page shows `text` among its messages (success or refusal)."""
    expect(page.locator(".messages")).to_contain_text(text)


def next_step(page: Page):
    return page.locator("#next-step")


def choose(page: Page, group: str, option: str) -> None:
    """Tick `option` in the radio group labelled `group`."""
    page.get_by_role("group", name=group).get_by_label(option, exact=True).check()


def draft_reply(page: Page, letter: Path, *, measures: str) -> None:
    """On the proposal page, the lead unit's clerk writes (or revises) the reply."""
    next_step(page).get_by_role("link", name="起草答复").click()
    expect(page.get_by_role("heading", name="起草答复")).to_be_visible()
    page.get_by_label("办理结果分类").select_option(label="A类 已解决或基本解决")
    page.get_by_label("基本情况").fill("已与王晓明委员座谈,走访企业12家。")
    page.get_by_label("已采取的措施").fill(measures)
    page.get_by_label("下一步计划").fill("年内再开展两场线上招聘会。")
    page.get_by_label("签章答复函").set_input_files(str(letter))
    page.get_by_role("button", name="保存答复").click()
    said(page, "答复已保存")


def sign_reply(page: Page) -> None:
    """The unit head signs the reply from the proposal page."""
    open_from_worklist(page, "to-sign", "unithead")
    next_step(page).get_by_role("link", name="阅看并签发").click()
    page.locator("#replies").get_by_role("button", name="签发答复").click()
    said(page, "答复已签发")


def submit_reply(page: Page) -> None:
    next_step(page).get_by_role("button", name="报送督查室").click()


def give_verdict(page: Page, result: str, comments: str) -> None:
    next_step(page).get_by_role("link", name="评价办理情况").click()
    choose(page, "承办单位是否与您联系", "是")
    page.get_by_label("联系方式").fill("座谈面商")
    choose(page, "对办理态度", "满意")
    choose(page, "答复是否针对所提问题", "基本针对")
    choose(page, "对办理结果", result)
    page.get_by_label("意见和建议").fill(comments)
    page.get_by_role("button", name="提交评价").click()


def test_a_proposal_is_handled_from_assignment_to_closed_by_each_role_in_turn(
    page: Page, personas, tmp_path: Path
):
    letter = tmp_path / "答复函.pdf"
    letter.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n")

    # The member writes and submits the proposal.
    log_in(page, "member", PASSWORD)
    page.get_by_role("link", name="写提案").click()
    page.get_by_label("题目").fill(TITLE)
    page.get_by_label("现状与问题").fill("部分中小企业招工难、留人难。")
    page.get_by_label("具体建议").fill("一、落实稳岗返还;二、开展线上招聘;三、推行新型学徒制。")
    page.get_by_label("类别").select_option(label="经济发展类")
    page.get_by_role("button", name="保存草稿").click()
    submit_draft(page)
    said(page, "提案已提交,等待提案委审查")

    # The proposal committee files it from its review queue.
    open_from_worklist(page, "review", "clerk")
    page.get_by_role("link", name="立案审查").click()
    page.get_by_label("立案", exact=True).check()
    page.get_by_role("button", name="确定").click()
    said(page, "审查完成:已立案")

    # The government office assigns it: 人社局 leads, 财政局 helps.
    open_from_worklist(page, "to-assign", "office")
    next_step(page).get_by_role("link", name="交办").click()
    # Units are found in the unit picker by typing part of a name or a short name.
    expect(page.locator(".picker").first).to_be_visible()
    page.get_by_role("combobox", name="主办单位").fill("人社局")
    page.get_by_role("option", name="区人力资源和社会保障局").click()
    page.get_by_role("combobox", name="协办单位").fill("财政")
    page.get_by_role("option", name="区财政局").click()
    page.get_by_role("button", name="确定").click()
    said(page, "已交办")
    units = page.locator("#units")
    expect(units).to_contain_text("区人力资源和社会保障局")
    expect(units).to_contain_text("区财政局")

    # The lead unit's clerk, on a phone, objects: the matter is not theirs.
    page.set_viewport_size(PHONE)
    open_from_worklist(page, "to-accept", "unitclerk")
    page.locator("#units").get_by_role("link", name="申请调整").click()
    page.get_by_label("申请调整理由").fill("企业用工补贴由区商务局牵头,不属本单位职能。")
    page.get_by_label("建议改由哪个单位办理").fill("区商务局")
    page.get_by_role("button", name="确定").click()
    said(page, "调整申请已提交")
    # While the objection waits, signing for the proposal is refused with the reason.
    next_step(page).get_by_role("button", name="签收").click()
    said(page, "调整申请尚待督查室处理")

    # The office refuses the objection, with a comment the unit reads.
    page.set_viewport_size(DESKTOP)
    open_from_worklist(page, "objections", "office")
    next_step(page).get_by_role("link", name="处理调整申请").click()
    expect(page.locator("#context")).to_contain_text("不属本单位职能")
    choose(page, "处理结果", "不予调整")
    page.get_by_label("处理意见").fill("稳岗返还、职业培训属人社局职能,由人社局主办。")
    page.get_by_role("button", name="确定").click()
    said(page, "调整申请已处理")
    expect(page.locator("#units")).to_contain_text("不予调整")

    # The lead unit's clerk signs for it and drafts the reply.
    open_from_worklist(page, "to-accept", "unitclerk")
    expect(page.locator("#units")).to_contain_text("稳岗返还、职业培训属人社局职能")
    next_step(page).get_by_role("button", name="签收").click()
    said(page, "已签收")
    draft_reply(page, letter, measures="稳岗返还比例提至90%。")
    expect(page.locator("#replies")).to_contain_text("起草中")
    expect(next_step(page)).to_contain_text("等待单位负责人签发")

    # The head signs; the clerk may not send it before anyone spoke with the member: the
    # checklist says so, and there is no 报送 to press yet.
    sign_reply(page)
    open_from_worklist(page, "handling", "unitclerk")
    missing = next_step(page).locator(".checklist")
    expect(missing).to_contain_text("报送前还需")
    expect(missing).to_contain_text("答复前须至少与提案者沟通联系一次,请先记录沟通情况")
    expect(next_step(page).get_by_role("button", name="报送督查室")).to_have_count(0)

    # The clerk logs a visit; now the co-unit's opinion is still missing.
    next_step(page).get_by_role("link", name="记录沟通").click()
    page.get_by_label("方式").select_option(label="登门走访")
    page.get_by_label("阶段").select_option(label="办中")
    page.get_by_label("参加人员").fill("王晓明委员、就业科李科长")
    page.get_by_label("沟通情况").fill("登门听取意见,委员希望扩大线上招聘覆盖面。")
    page.get_by_role("button", name="确定").click()
    said(page, "沟通情况已记录")
    expect(page.locator("#contacts")).to_contain_text("登门走访")
    expect(missing).not_to_contain_text("沟通联系")
    expect(missing).to_contain_text("还在等待协办单位的意见:财政局")

    # The co-unit sends its opinion.
    open_from_worklist(page, "co-opinions", "coclerk")
    next_step(page).get_by_role("link", name="提交协办意见").click()
    page.get_by_label("协办意见").fill("稳岗返还资金已列入2023年预算。")
    page.get_by_role("button", name="确定").click()
    said(page, "协办意见已送主办单位")

    # Now the lead unit's clerk sends the reply to the office.
    open_from_worklist(page, "handling", "unitclerk")
    expect(page.locator("#contacts")).to_contain_text("稳岗返还资金已列入2023年预算。")
    submit_reply(page)
    said(page, "答复已报送督查室审核")

    # The member does not see a reply the office has not accepted.
    log_in(page, "member", PASSWORD)
    page.locator("#section-mine").get_by_role("link", name=TITLE).click()
    expect(page.locator("#replies")).to_have_count(0)

    # The office returns it: a comment is required.
    open_from_worklist(page, "review-replies", "office")
    next_step(page).get_by_role("link", name="审核答复").click()
    choose(page, "审核结论", "退回修改")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert")).to_contain_text("退回时请写明需要修改的地方")
    page.get_by_label("审核意见").fill("措施不够具体,请写明稳岗返还的时间和范围。")
    page.get_by_role("button", name="确定").click()
    said(page, "答复已退回承办单位修改")

    # The unit revises, the head signs again, the clerk resubmits.
    open_from_worklist(page, "returned", "unitclerk")
    expect(page.locator("#replies")).to_contain_text("措施不够具体")
    draft_reply(page, letter, measures="2023年1月起,稳岗返还比例由60%提至90%,覆盖全区中小企业。")
    sign_reply(page)
    open_from_worklist(page, "handling", "unitclerk")
    submit_reply(page)
    said(page, "答复已报送督查室审核")

    # The office accepts it; the reply goes to the member.
    open_from_worklist(page, "review-replies", "office")
    next_step(page).get_by_role("link", name="审核答复").click()
    expect(page.locator("#context")).to_contain_text("2023年1月起,稳岗返还比例由60%提至90%")
    choose(page, "审核结论", "审核通过,答复提案者")
    page.get_by_role("button", name="确定").click()
    said(page, "答复已审核通过")

    # The member, on a phone, is not satisfied with the result: it is handled again.
    page.set_viewport_size(PHONE)
    open_from_worklist(page, "verdict", "member")
    expect(page.locator("#replies")).to_contain_text("2023年1月起,稳岗返还比例由60%提至90%")
    give_verdict(page, "不满意", "线上招聘尚未落地。")
    said(page, "承办单位将重新办理")
    expect(page.locator(".badge.rehandling").first).to_be_visible()

    # Round two: an in-progress (B) reply must list what will be done, by whom, by when;
    # a half-filled row is shown again with the reason, and the letter must be chosen again.
    page.set_viewport_size(DESKTOP)
    open_from_worklist(page, "handling", "unitclerk")
    next_step(page).get_by_role("link", name="起草答复").click()
    expect(page.get_by_role("heading", name="起草答复")).to_contain_text("第2轮")
    page.get_by_label("办理结果分类").select_option(label="B类 正在解决或列入计划逐步解决")
    page.get_by_label("已采取的措施").fill("线上招聘平台已于本月上线,首批岗位3200个。")
    page.get_by_label("签章答复函").set_input_files(str(letter))
    page.locator("#commitments summary").click()
    first = page.locator("#commitments li").first
    first.get_by_label("措施").fill("建设区零工市场")
    first.get_by_label("责任单位").select_option(label="区人力资源和社会保障局")
    page.get_by_role("button", name="保存答复").click()
    expect(page.get_by_role("alert")).to_contain_text("实施清单有未填完整的措施")
    expect(page.get_by_role("alert")).to_contain_text("请重新选择")
    first.get_by_label("完成时限").fill((date.today() + timedelta(days=180)).isoformat())
    page.get_by_label("签章答复函").set_input_files(str(letter))
    page.get_by_role("button", name="保存答复").click()
    said(page, "答复已保存")
    expect(page.locator("#replies")).to_contain_text("第2轮")
    expect(page.locator("#replies")).to_contain_text("建设区零工市场")
    # Signed, sent and accepted like the first.
    sign_reply(page)
    open_from_worklist(page, "handling", "unitclerk")
    submit_reply(page)
    said(page, "答复已报送督查室审核")
    open_from_worklist(page, "review-replies", "office")
    next_step(page).get_by_role("link", name="审核答复").click()
    choose(page, "审核结论", "审核通过,答复提案者")
    page.get_by_role("button", name="确定").click()
    said(page, "答复已审核通过")

    # The member is satisfied: the proposal is closed.
    open_from_worklist(page, "verdict", "member")
    give_verdict(page, "满意", "")
    said(page, "这件提案已办结")
    expect(page.locator(".badge.closed")).to_have_text("已办结")
    expect(page.locator("#feedback")).to_contain_text("办理结果:不满意")
    expect(page.locator("#feedback")).to_contain_text("办理结果:满意")

    # The member's history lists the milestones, not the office's and units' internal steps.
    timeline = page.locator(".timeline")
    for step in ["提交提案", "立案", "交办", "签收", "答复审核通过", "重新办理", "办结"]:
        expect(timeline).to_contain_text(step)
    for internal in ["答复退回修改", "申请调整承办单位", "报送答复"]:
        expect(timeline).not_to_contain_text(internal)

    # The office's history of the same proposal lists every step.
    proposal_url = page.url
    log_in(page, "office", PASSWORD)
    page.goto(proposal_url)
    timeline = page.locator(".timeline")
    for step in [
        "提交提案",
        "立案",
        "交办",
        "申请调整承办单位",
        "处理调整申请",
        "签收",
        "起草答复",
        "负责人签发答复",
        "沟通联系",
        "提交协办意见",
        "报送答复",
        "答复退回修改",
        "答复审核通过",
        "重新办理",
        "办结",
    ]:
        expect(timeline).to_contain_text(step)

    # A closed proposal leaves every box of the unit's worklist.
    log_in(page, "unitclerk", PASSWORD)
    expect(page.get_by_role("heading", name="待办")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
