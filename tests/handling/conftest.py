"""Fixtures for handling: a filed proposal and the units that handle it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tian.directory.models import Unit
from tian.proposals import actions as intake
from tian.proposals.models import Category, Proposal
from tian.workflow import intake as workflow


@pytest.fixture
def co_unit(personas: Any) -> Unit:
    return Unit.objects.get(name="区财政局")


@pytest.fixture
def co_clerk(personas: Any) -> Any:
    return personas.co_clerk


@pytest.fixture
def filed(personas: Any, session: Any) -> Proposal:
    member = personas.member
    proposal = intake.create_proposal(
        member,
        session=session,
        lead_proposer=member.proposer,
        title="关于缓解企业用工难的建议",
        suggestions="落实稳岗返还。",
    )
    intake.invite_cosigners(member, proposal, [personas.cosigner.proposer])
    intake.respond_to_invitation(personas.cosigner, proposal, accept=True)
    proposal.refresh_from_db()
    workflow.submit_proposal(member, proposal, version=proposal.version)
    proposal.refresh_from_db()
    category = Category.objects.filter(session=session).first()
    return workflow.file_proposal(
        personas.clerk, proposal, version=proposal.version, category=category
    )


def letter() -> SimpleUploadedFile:
    return SimpleUploadedFile("答复函.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")
