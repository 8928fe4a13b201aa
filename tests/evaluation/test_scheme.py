"""The session's scoring scheme: defaults, the office's weights, and the 100-point rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.evaluation.conftest import row_for, score_for
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.evaluation.actions import ensure_scheme, update_scheme
from tian.evaluation.models import Criterion
from tian.evaluation.scoring import evaluate
from tian.lib.errors import ActionError

pytestmark = pytest.mark.django_db

NEW_WEIGHTS = {
    "on_time": 40,
    "contact": 0,
    "quality": 20,
    "satisfaction": 20,
    "commitments": 20,
    "overdue": 0,
}


def test_the_default_scheme_is_created_once_with_100_points(session):
    ensure_scheme(session)
    scheme = ensure_scheme(session)
    weights = scheme.criteria.exclude(measure="overdue_deduction").values_list("weight", flat=True)
    assert (Criterion.objects.count(), sum(weights)) == (6, 100)


def test_new_weights_change_the_scores(scenario, personas):
    scheme = ensure_scheme(scenario.session)
    update_scheme(personas.office, scheme, weights=NEW_WEIGHTS, version=scheme.version)
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert score_for(row, "on_time").points == Decimal("20.0")  # 2 of 4, of 40


def test_weights_that_do_not_add_up_to_100_are_refused(session, personas):
    scheme = ensure_scheme(session)
    with pytest.raises(ActionError, match="合计应为100分,现为90分"):
        update_scheme(
            personas.office,
            scheme,
            weights=NEW_WEIGHTS | {"on_time": 30},
            version=scheme.version,
        )


def test_deduction_points_are_not_part_of_the_100(session, personas):
    scheme = ensure_scheme(session)
    update_scheme(
        personas.office, scheme, weights=NEW_WEIGHTS | {"overdue": 2}, version=scheme.version
    )
    assert scheme.criteria.get(code="overdue").weight == 2


def test_a_deduction_takes_points_per_overdue_reply(scenario, personas):
    scheme = ensure_scheme(scenario.session)
    weights = {**NEW_WEIGHTS, "on_time": 25, "contact": 15, "overdue": 1}
    update_scheme(personas.office, scheme, weights=weights, version=scheme.version)
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert row.total == Decimal("60.6")  # 62.6 minus 2 overdue × 1


def test_changing_the_scheme_is_audited(session, personas):
    scheme = ensure_scheme(session)
    update_scheme(personas.office, scheme, weights=NEW_WEIGHTS, version=scheme.version)
    event = AuditEvent.objects.get(event_type=EventType.EVALUATION_SCHEME_UPDATED)
    assert event.data["changed"] == {"on_time": [25, 40], "contact": [15, 0]}


def test_a_stale_form_is_refused(session, personas):
    scheme = ensure_scheme(session)
    update_scheme(personas.office, scheme, weights=NEW_WEIGHTS, version=scheme.version)
    with pytest.raises(ActionError, match="刚刚已被他人修改"):
        update_scheme(personas.office, scheme, weights=NEW_WEIGHTS, version=1)


def test_only_the_office_changes_the_scheme(session, personas):
    scheme = ensure_scheme(session)
    with pytest.raises(PermissionDenied):
        update_scheme(personas.clerk, scheme, weights=NEW_WEIGHTS, version=scheme.version)
