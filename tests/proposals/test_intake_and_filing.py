"""A member drafts, invites co-signers and submits; the proposal committee files, merges,
rejects or converts. Every step is refused with a reason when it should be."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tian.audit.models import AuditEvent
from tian.lib.errors import ActionError, ConflictError
from tian.proposals import actions
from tian.proposals.models import Category, CoSignature, Proposal, Status
from tian.workflow import intake as workflow

pytestmark = pytest.mark.django_db


def draft(personas, session, **fields) -> Proposal:
    values = {"title": "关于缓解企业用工难的建议", "suggestions": "一、稳岗返还。二、技能培训。"}
    values.update(fields)
    return actions.create_proposal(
        personas.member.__class__.objects.get(pk=personas.member.pk),
        session=session,
        lead_proposer=personas.member.proposer,
        **values,
    )


def submitted(personas, session, **fields) -> Proposal:
    proposal = draft(personas, session, **fields)
    return workflow.submit_proposal(personas.member, proposal, version=proposal.version)


def test_a_member_drafts_and_submits_a_proposal_and_each_step_is_audited(personas, session):
    proposal = draft(personas, session)
    assert proposal.status == Status.DRAFT and proposal.number is None
    proposal = workflow.submit_proposal(personas.member, proposal, version=proposal.version)
    assert proposal.status == Status.SUBMITTED
    assert proposal.submitted_at is not None
    events = list(AuditEvent.objects.filter(proposal=proposal).values_list("event_type", flat=True))
    assert events == ["transition.submit", "proposal.created"]


def test_submitting_without_concrete_suggestions_is_refused_with_the_missing_field(
    personas, session
):
    proposal = draft(personas, session, suggestions="  ")
    with pytest.raises(ActionError, match="具体建议"):
        workflow.submit_proposal(personas.member, proposal, version=proposal.version)


def test_another_member_cannot_edit_or_submit_someone_elses_draft(personas, session):
    proposal = draft(personas, session)
    with pytest.raises(PermissionDenied):
        workflow.submit_proposal(personas.cosigner, proposal, version=proposal.version)
    with pytest.raises(PermissionDenied):
        actions.update_draft(personas.cosigner, proposal, version=proposal.version, title="改")


def test_a_stale_edit_is_refused_as_a_conflict_and_the_first_edit_stays(personas, session):
    proposal = draft(personas, session)
    seen = proposal.version
    actions.update_draft(personas.member, proposal, version=seen, title="第一次修改的题目")
    with pytest.raises(ConflictError, match="已被他人修改"):
        actions.update_draft(personas.member, proposal, version=seen, title="过时的修改")
    proposal.refresh_from_db()
    assert proposal.title == "第一次修改的题目"


def test_an_invited_member_confirms_co_signing_and_counts_as_co_proposer(personas, session):
    proposal = draft(personas, session)
    actions.invite_cosigners(personas.member, proposal, [personas.cosigner.proposer])
    actions.respond_to_invitation(personas.cosigner, proposal, accept=True)
    signature = CoSignature.objects.get(proposal=proposal)
    assert signature.status == CoSignature.Status.CONFIRMED
    assert Proposal.objects.by_proposer(personas.cosigner.proposer).get() == proposal


def test_a_co_signing_answer_after_the_deadline_is_refused(personas, session):
    proposal = draft(personas, session)
    actions.invite_cosigners(personas.member, proposal, [personas.cosigner.proposer])
    later = timezone.now() + timedelta(days=session.cosign_days + 1)
    with time_machine.travel(later), pytest.raises(ActionError, match="超过截止时间"):
        actions.respond_to_invitation(personas.cosigner, proposal, accept=True)
        signature = CoSignature.objects.get(proposal=proposal)
        assert signature.status_label == "已过期"
    assert not Proposal.objects.by_proposer(personas.cosigner.proposer).exists()


def test_a_collective_cannot_be_invited_to_co_sign(personas, session):
    proposal = draft(personas, session)
    with pytest.raises(ActionError, match="不是本机构的委员"):
        actions.invite_cosigners(personas.member, proposal, [personas.collective.proposer])


def test_filing_numbers_proposals_one_after_another_within_the_session(personas, session):
    category = Category.objects.get(session=session, name="经济发展类")
    first = submitted(personas, session)
    second = submitted(personas, session, title="关于打造特色商业街区的建议")
    first = workflow.file_proposal(personas.clerk, first, version=first.version, category=category)
    second = workflow.file_proposal(
        personas.clerk, second, version=second.version, category=category
    )
    assert (first.number, second.number) == (1, 2)
    assert first.status == Status.FILED and first.number_label == "第1号"
    filed_event = first.events.get(event_type="transition.file")
    assert filed_event.message == "第1号,经济发展类"


def test_filing_refuses_a_number_already_in_use(personas, session):
    category = Category.objects.first()
    first = submitted(personas, session)
    workflow.file_proposal(
        personas.clerk, first, version=first.version, category=category, number=7
    )
    second = submitted(personas, session, title="另一件")
    with pytest.raises(ActionError, match="第7号已被使用"):
        workflow.file_proposal(
            personas.clerk, second, version=second.version, category=category, number=7
        )


def test_filing_needs_a_category(personas, session):
    proposal = submitted(personas, session)
    with pytest.raises(ActionError, match="类别"):
        workflow.file_proposal(personas.clerk, proposal, version=proposal.version)


def test_only_the_proposal_committee_files(personas, session):
    proposal = submitted(personas, session)
    for who in (personas.office, personas.member, personas.unit_clerk, personas.sysadmin):
        with pytest.raises(PermissionDenied):
            workflow.file_proposal(
                who, proposal, version=proposal.version, category=Category.objects.first()
            )


def test_a_rejection_needs_a_reason_and_the_proposer_sees_it(personas, session, client):
    proposal = submitted(personas, session)
    with pytest.raises(ActionError, match="理由"):
        workflow.reject_proposal(personas.clerk, proposal, version=proposal.version, reason=" ")
    workflow.reject_proposal(
        personas.clerk,
        proposal,
        version=proposal.version,
        reason="属于个人诉求,建议通过信访渠道反映。",
    )
    client.force_login(personas.member)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "不予立案" in page and "属于个人诉求,建议通过信访渠道反映。" in page


def test_a_merged_proposal_keeps_its_proposer_and_points_to_the_filed_one(personas, session):
    category = Category.objects.first()
    target = submitted(personas, session)
    target = workflow.file_proposal(
        personas.clerk, target, version=target.version, category=category
    )
    other = actions.create_proposal(
        personas.clerk,
        session=session,
        lead_proposer=personas.cosigner.proposer,
        title="关于企业招工难的建议",
        suggestions="加强用工服务。",
    )
    workflow.submit_proposal(personas.clerk, other, version=other.version)
    other.refresh_from_db()
    merged = workflow.merge_proposal(personas.clerk, other, version=other.version, into=target)
    assert merged.status == Status.MERGED and merged.merged_into == target
    assert merged.lead_proposer == personas.cosigner.proposer
    assert list(target.merged_proposals.all()) == [merged]


def test_merging_into_an_unfiled_proposal_is_refused(personas, session):
    first = submitted(personas, session)
    second = submitted(personas, session, title="另一件")
    with pytest.raises(ActionError, match="尚未立案"):
        workflow.merge_proposal(personas.clerk, second, version=second.version, into=first)


def test_converting_to_a_letter_records_the_reason(personas, session):
    proposal = submitted(personas, session)
    converted = workflow.convert_proposal(
        personas.clerk, proposal, version=proposal.version, reason="转交来信处理。"
    )
    assert converted.status == Status.CONVERTED and converted.decision_reason == "转交来信处理。"


def test_an_attachment_that_is_not_what_it_claims_is_refused(personas, session):
    proposal = draft(personas, session)
    fake = SimpleUploadedFile(
        "调研报告.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf"
    )
    with pytest.raises(ActionError, match="不是允许的类型"):
        actions.add_attachment(personas.member, proposal, fake)
    real = SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4\n%...\n", content_type="application/pdf")
    attachment = actions.add_attachment(personas.member, proposal, real)
    assert attachment.content_type == "application/pdf"


def test_a_png_named_pdf_is_refused_for_its_extension(personas, session):
    proposal = draft(personas, session)
    png = SimpleUploadedFile("照片.pdf", b"\x89PNG\r\n\x1a\n....", content_type="application/pdf")
    with pytest.raises(ActionError, match="扩展名与内容不符"):
        actions.add_attachment(personas.member, proposal, png)


def test_a_closed_session_takes_no_new_proposals(personas, session):
    session.is_open_for_submission = False
    session.save()
    with pytest.raises(ActionError, match="已停止接收提案"):
        draft(personas, session)
