"""The evaluation pages as people use them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tian.evaluation.models import Criterion

pytestmark = pytest.mark.django_db


def test_the_table_shows_each_score_with_its_reason(scenario, personas, client):
    client.force_login(personas.office)
    response = client.get(reverse("evaluation-table", args=[scenario.session.slug]))
    assert "按时答复 2/4 件(逾期答复 1 件、逾期未答复 1 件)" in response.content.decode()


def test_a_unit_sees_the_whole_ranking_with_its_own_row_marked(scenario, personas, client):
    client.force_login(personas.unit_clerk)
    page = client.get(reverse("evaluation-table", args=[scenario.session.slug])).content.decode()
    assert f'id="unit-{scenario.other.pk}"' in page
    assert f'<tr id="unit-{scenario.lead.pk}" class="own' in page


def test_home_opens_the_latest_session(session, personas, client):
    client.force_login(personas.clerk)
    response = client.get(reverse("evaluation-home"))
    assert response.url == reverse("evaluation-table", args=[session.slug])


def test_the_scheme_form_refuses_weights_that_miss_100_with_a_clear_message(
    session, personas, client
):
    client.force_login(personas.office)
    url = reverse("evaluation-scheme", args=[session.slug])
    client.get(url)
    data = {f"weight_{c.code}": c.weight for c in Criterion.objects.all()}
    response = client.post(url, data | {"weight_on_time": 30, "version": 1})
    assert "各项考核指标的分值合计应为100分,现为105分" in response.content.decode()


def test_the_scheme_form_saves_weights_that_add_up(session, personas, client):
    client.force_login(personas.office)
    url = reverse("evaluation-scheme", args=[session.slug])
    client.get(url)
    data = {f"weight_{c.code}": c.weight for c in Criterion.objects.all()}
    client.post(url, data | {"weight_on_time": 30, "weight_contact": 10, "version": 1})
    assert Criterion.objects.get(code="on_time").weight == 30


def test_the_scheme_page_is_read_only_for_cppcc_staff(session, personas, client):
    client.force_login(personas.clerk)
    page = client.get(reverse("evaluation-scheme", args=[session.slug])).content.decode()
    assert "保存考核方案" not in page
