"""Two members may share a name (two 王伟); a ledger row that names one of them cannot say
which, so it is refused with both as the directory tells them apart, never matched at random."""

from __future__ import annotations

import pytest

from tian.directory.models import Member
from tian.ledgers.write import import_ledger
from tian.lib.sheets import LedgerError
from tian.proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def namesakes(session):
    return (
        Member.objects.create(body=session.body, name="王伟", sector="经济界"),
        Member.objects.create(body=session.body, name="王伟", sector="教育界"),
    )


def test_a_row_naming_a_namesake_as_proposer_is_refused(session, namesakes, write_ledger):
    ledger = write_ledger([["编号", "题目", "提案人"], [1, "一", "王伟"]])

    with pytest.raises(LedgerError) as caught:
        import_ledger(session, ledger)

    assert str(caught.value.errors[0]) == (
        "第2行「提案人」:名录中有2位“王伟”(经济界、教育界),表格不能区分,请在系统中录入"
    )
    assert not Proposal.objects.exists()


def test_a_row_naming_a_namesake_as_co_signer_is_refused(
    session, personas, namesakes, write_ledger
):
    ledger = write_ledger([["编号", "题目", "提案人", "联名人"], [1, "一", "李红", "王伟"]])

    with pytest.raises(LedgerError) as caught:
        import_ledger(session, ledger)

    assert "「联名人」:名录中有2位“王伟”" in str(caught.value.errors[0])
