"""The proposal list asks its registered filters (proposals' own and the dashboard's
drill-downs, registered by reports) to read the address, narrow the list, name the chips and
say which parameters the form keeps — with the same chips, links and results as before."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from django.urls import reverse

from tests.reports.test_dashboard import build
from tian.handling.models import Grade
from tian.proposals.filters import list_filters
from tian.proposals.models import Category

pytestmark = pytest.mark.django_db


def test_the_filters_come_in_the_order_their_chips_show():
    assert [f.key for f in list_filters] == [
        "filed",
        "category",
        "status",
        "grade",
        "proposer_type",
        "unit",
        "q",
    ]


def test_every_filter_at_once_shows_its_chip_and_keeps_the_dashboards_parameters(
    client, personas, session, unit, other_unit
):
    made = build(session, personas, unit, other_unit, 30)
    category = made[0].category
    grade = Grade.objects.get(session=session, code="A")
    params = {
        "session": session.slug,
        "filed": "1",
        "category": category.pk,
        "status": "closed",
        "grade": grade.pk,
        "proposer_type": "joint",
        "unit": unit.pk,
        "unit_role": "lead",
        "q": "事项",
        "page": "1",
    }
    client.force_login(personas.office)
    response = client.get(reverse("proposal-list"), params)

    chips = response.context["filters"]
    assert [f.label for f in chips] == [
        "已立案",
        f"类别:{category.name}",
        "状态:已办结",
        f"办理结果:{grade.label}",
        "提案者:联名提案",
        f"承办单位:{unit.name}(主办)",
        "搜索:事项",
    ]
    dropped = {"已立案": {"filed"}, "搜索:事项": {"q"}}
    dropped[f"承办单位:{unit.name}(主办)"] = {"unit", "unit_role"}
    for chip in chips:
        kept = set(parse_qs(chip.clear_url.lstrip("?")))
        gone = dropped.get(chip.label) or {
            name for name in params if name not in kept and name != "page"
        }
        assert kept == set(params) - gone - {"page"}, chip.label
    assert response.context["carried"] == [
        ("filed", "1"),
        ("grade", str(grade.pk)),
        ("proposer_type", "joint"),
        ("unit", str(unit.pk)),
        ("unit_role", "lead"),
    ]
    page = response.content.decode()
    assert f'<option value="{category.pk}" selected>' in page
    assert '<option value="closed" selected>' in page
    listed = list(response.context["page"])
    assert listed and all(p.category_id == category.pk for p in listed)


def test_a_category_not_of_the_session_lists_nothing_and_says_so(client, personas, session):
    missing = (Category.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    client.force_login(personas.office)
    response = client.get(reverse("proposal-list"), {"session": session.slug, "category": missing})
    assert [f.label for f in response.context["filters"]] == ["类别:?"]
    assert response.context["page"].paginator.count == 0


def test_a_grade_that_is_not_a_number_is_a_clear_400(client, personas, session):
    client.force_login(personas.office)
    response = client.get(reverse("proposal-list"), {"session": session.slug, "grade": "A"})
    assert response.status_code == 400
    assert "参数“grade”应为" in response.content.decode()
