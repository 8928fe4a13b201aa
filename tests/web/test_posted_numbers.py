"""Numbers posted in forms: a superscript digit is refused as not a number, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tian.evaluation.models import Criterion

pytestmark = pytest.mark.django_db


def test_a_superscript_weight_in_the_scoring_scheme_is_refused_as_not_a_number(
    session, personas, client
):
    client.force_login(personas.office)
    url = reverse("evaluation-scheme", args=[session.slug])
    client.get(url)
    data = {f"weight_{c.code}": c.weight for c in Criterion.objects.all()}
    response = client.post(url, data | {"weight_on_time": "²", "version": 1})
    assert response.status_code == 200
    assert response.context["form"].errors["weight_on_time"]
