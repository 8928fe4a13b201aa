"""A key proposal's progress is computed from its commitments, in the database."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.supervision.conftest import commit
from tian.supervision.key.queries import key_proposals_for, progress_state
from tian.supervision.models import Commitment

pytestmark = pytest.mark.django_db


@time_machine.travel("2022-09-01 10:00 +0800")
def test_progress_averages_the_top_level_commitments_that_are_not_cancelled(
    personas, make_filed, select, chair, unit
):
    proposal = make_filed()
    select(proposal, personas.leader, chair)
    parent = commit(proposal, unit, 50)
    commit(proposal, unit, 0, parent=parent)
    commit(proposal, unit, 100, parent=parent, status=Commitment.Status.DONE)
    commit(proposal, unit, 100, status=Commitment.Status.DONE)
    commit(proposal, unit, 20, due_on=date(2022, 8, 1))
    commit(proposal, unit, 90, status=Commitment.Status.CANCELLED)
    (key,) = key_proposals_for(personas.clerk)
    assert key.commitments_total == 3
    assert key.commitments_done == 1
    assert key.commitments_overdue == 1
    assert key.progress == round((50 + 100 + 20) / 3)
    assert progress_state(key) == ("rehandling", "1 项逾期")


def test_a_key_proposal_without_commitments_has_zero_progress(personas, make_filed, select, chair):
    select(make_filed(), personas.leader, chair)
    (key,) = key_proposals_for(personas.clerk)
    assert (key.commitments_total, key.commitments_done, key.progress) == (0, 0, 0)
    assert progress_state(key) == ("draft", "暂无实施清单")


def test_all_commitments_done_reads_as_complete(personas, make_filed, select, chair, unit):
    proposal = make_filed()
    select(proposal, personas.leader, chair)
    commit(proposal, unit, 100, status=Commitment.Status.DONE)
    (key,) = key_proposals_for(personas.leader)
    assert key.progress == 100
    assert progress_state(key) == ("closed", "已全部完成")


def _add_keys(n, make_filed, select, personas, chair, unit):
    for i in range(n):
        proposal = make_filed(f"重点提案{i}")
        select(proposal, personas.leader, chair)
        commit(proposal, unit, 10 * i)
        commit(proposal, unit, 100, status=Commitment.Status.DONE)


@pytest.mark.parametrize("who", ["clerk", "leader"])
def test_the_key_list_costs_the_same_queries_for_more_rows(
    client, personas, make_filed, select, chair, unit, who
):
    client.force_login(getattr(personas, who))
    _add_keys(2, make_filed, select, personas, chair, unit)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("key-list")).status_code == 200
    _add_keys(8, make_filed, select, personas, chair, unit)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("key-list"))
    assert response.content.decode().count("data-key=") == 10
    assert len(many) == len(few)


def test_progress_is_a_whole_percentage(personas, make_filed, select, chair, unit):
    proposal = make_filed()
    select(proposal, personas.leader, chair)
    commit(proposal, unit, 33)
    commit(proposal, unit, 34)
    (key,) = key_proposals_for(personas.clerk)
    assert key.progress == 34
    assert str(key.progress) == "34"
