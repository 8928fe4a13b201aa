"""The unit picker (承办单位选择): units grouped by department type, the committee's proposed
units first in their own group, the routing suggestion's next, as a plain <select> that
submits without script."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from tests.conftest import login
from tian.directory.models import Unit
from tian.handling import actions
from tian.handling.hooks import unit_suggestions
from tian.handling.pickers import UnitOptions, suggested_units
from tian.proposals.models import Proposal, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(personas):
    """A few typed units beside the personas' (人社局 and 财政局), and one of no type."""
    made = {
        "区教育局": "教育",
        "区财政局": "财政",
        "区人力资源和社会保障局": "人力资源和社会保障",
        "区民政局": "民政",
        "鹅湖镇人民政府": "乡镇街道",
        "区税务局": "",
    }
    for name, type_name in made.items():
        Unit.objects.update_or_create(name=name, defaults={"department_type": type_name})
    Unit.objects.create(name="区已撤销局", is_active=False, department_type="民政")
    return {unit.name: unit for unit in Unit.objects.all()}


def labels(choices):
    return [(group, [name for _, name in options]) for group, options in choices]


def test_units_are_grouped_by_type_in_the_table_s_order_and_untyped_ones_last(units):
    assert labels(UnitOptions().choices()) == [
        ("教育", ["区教育局"]),
        ("民政", ["区民政局"]),
        ("财政", ["区财政局"]),
        ("人力资源和社会保障", ["区人力资源和社会保障局"]),
        ("乡镇街道", ["鹅湖镇人民政府"]),
        ("其他单位", ["区税务局"]),
    ]


def test_the_committee_s_proposed_units_come_first_and_only_there(units):
    proposed = [units["区民政局"], units["区教育局"]]
    choices = labels(UnitOptions().choices(proposed))
    assert choices[0] == ("提案委建议", ["区民政局", "区教育局"])
    assert [group for group, _ in choices[1:]] == [
        "财政",
        "人力资源和社会保障",
        "乡镇街道",
        "其他单位",
    ]


def test_the_routing_suggestion_plugs_in_after_the_committee_s_units(units, filed):
    assert suggested_units(filed) == []
    unit_suggestions.register(lambda p: [units["区教育局"], units["区财政局"]], key="test")
    try:
        assert suggested_units(filed) == [units["区教育局"], units["区财政局"]]
        choices = UnitOptions().choices([units["区财政局"]], suggested_units(filed))
        assert labels(choices)[:2] == [("提案委建议", ["区财政局"]), ("系统建议", ["区教育局"])]
    finally:
        unit_suggestions._items.pop("test")


def test_the_assign_form_offers_the_grouped_picker_with_the_proposed_units_chosen(
    client, personas, filed, units
):
    actions.propose_units(
        personas.clerk, filed, lead=units["区人力资源和社会保障局"], co=[units["区民政局"]]
    )
    login(client, personas.office)
    page = client.get(reverse("proposal-assign", args=[filed.pk])).content.decode()
    lead = re.search(r'<select name="lead".*?</select>', page, re.S).group(0)
    assert "data-unit-picker" in lead
    groups = re.findall(r'<optgroup label="([^"]+)"', lead)
    assert groups[0] == "提案委建议" and "人力资源和社会保障" not in groups
    assert re.search(r'<option value="\d+" selected>区人力资源和社会保障局<', lead)
    # A search finds a unit by its short name too (人社局): the page sends the other names.
    keys = re.search(r'<script id="unit-search-keys" type="application/json">(.*?)</script>', page)
    unit = units["区人力资源和社会保障局"]
    assert json.loads(keys.group(1))[str(unit.pk)] == "人社局"
    assert re.search(r'<select name="co"[^>]*multiple', page)
    assert re.search(r'<script src="/static/tian/unit-picker\.js" defer>', page)


def test_the_plain_select_still_assigns_a_lead_and_co_units(client, personas, filed, units):
    login(client, personas.office)
    lead, co = units["区人力资源和社会保障局"], units["区财政局"]
    response = client.post(
        reverse("proposal-assign", args=[filed.pk]),
        {"version": filed.version, "lead": lead.pk, "co": [co.pk]},
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(pk=filed.pk)
    assert proposal.status == Status.ASSIGNED
    assert set(proposal.assignments.active().values_list("unit__name", "role")) == {
        (lead.name, "lead"),
        (co.name, "co"),
    }


def test_an_inactive_unit_is_never_offered_even_when_proposed(units):
    options = UnitOptions()
    assert "区已撤销局" not in str(options.choices([units["区已撤销局"]]))
