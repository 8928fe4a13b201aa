"""Who may open each commitment page (the rows the project's permission matrix will take)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.supervision.commitment_helpers import measure, pdf
from tian.handling.models import Assignment
from tian.proposals.models import Proposal, Status
from tian.supervision.commitments.actions import report_progress
from tian.supervision.models import KeyProposal

pytestmark = [
    pytest.mark.django_db,
]

PERSONAS = [
    "clerk", "office", "unit_clerk", "unit_head", "co_clerk", "member", "cosigner",
    "collective", "leader", "sysadmin", "secadmin", "auditadmin",
]  # fmt: skip
HANDLED_VIEWERS = {"clerk", "office", "unit_clerk", "unit_head", "co_clerk", "member", "leader"}
LEAD_UNIT = {"unit_clerk", "unit_head"}

# name: (method, sample, allowed personas, status for the allowed; an empty POST is a 400)
EXPECTED = {
    "commitment-list": ("GET", None, {"clerk", "office", "leader"} | LEAD_UNIT | {"co_clerk"}, 200),
    "commitment-import": ("GET", None, {"office"}, 200),
    "commitment-detail": ("GET", "commitment", HANDLED_VIEWERS, 200),
    "commitment-progress": ("POST", "commitment", LEAD_UNIT, 400),
    "commitment-substep": ("POST", "commitment", LEAD_UNIT | {"office"}, 400),
    "progress-evidence": ("GET", "update", HANDLED_VIEWERS, 200),
}


@pytest.fixture
def samples(personas, session, unit):
    """A handled key proposal (lead: unit, co: the co-clerk's unit) with a commitment."""
    proposal = Proposal.objects.create(
        session=session,
        title="已交办",
        lead_proposer=personas.member.proposer,
        status=Status.HANDLING,
        number=1,
    )
    Assignment.objects.create(proposal=proposal, unit=unit, role=Assignment.Role.LEAD)
    co_unit = personas.co_clerk.role_assignments.get().unit
    Assignment.objects.create(proposal=proposal, unit=co_unit, role=Assignment.Role.CO)
    KeyProposal.objects.create(proposal=proposal, lead_leader=personas.leader.leader)
    commitment = measure(proposal, unit, due_on=date(2099, 1, 1))
    update = report_progress(
        personas.unit_clerk,
        commitment,
        reported_on=timezone.localdate(),
        progress=10,
        note="启动",
        evidence=pdf(),
    )
    return {"commitment": {"pk": commitment.pk}, "update": {"pk": update.pk}}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_page_allows_exactly_the_expected_roles(name, client, personas, samples):
    method, sample, allowed, ok = EXPECTED[name]
    url = reverse(name, kwargs=samples[sample] if sample else {})
    wrong = []
    for persona in ["anonymous", *PERSONAS]:
        client.logout()
        if persona != "anonymous":
            client.force_login(getattr(personas, persona))
        status = (client.post(url) if method == "POST" else client.get(url)).status_code
        expected = 302 if persona == "anonymous" else ok if persona in allowed else 403
        if status != expected:
            wrong.append(f"{persona}: {status}, expected {expected}")
    assert wrong == []
