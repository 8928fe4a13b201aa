"""Whatever the query string says — a superscript digit, a 20-digit id, a NUL, 60 kB of
search — every list page answers with its list (perhaps empty) or a 400 that says what was
wrong, never a 500; ids in the path that no row has are a 404."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import login
from tests.reports.test_dashboard import TODAY, build

pytestmark = pytest.mark.django_db

PROPOSAL_LIST_PARAMETERS = (
    "q",
    "status",
    "session",
    "category",
    "grade",
    "unit",
    "unit_role",
    "proposer_type",
    "filed",
)
AUDIT_PARAMETERS = ("since", "until", "user", "proposal", "type", "outcome", "page")

# Each list page (and export), who opens it, and every query-string parameter it reads.
LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "/proposals/": ("office", (*PROPOSAL_LIST_PARAMETERS, "page")),
    "/proposals/export/": ("office", PROPOSAL_LIST_PARAMETERS),
    "/commitments/": ("office", ("session", "unit", "overdue", "stalled", "page", "view")),
    "/oversight/": ("office", ("session", "unit", "section")),
    "/notices/": ("office", ("pending", "page")),
    "/key/": ("office", ("session",)),
    "/tracking/": ("office", ("session",)),
    "/evaluation/": ("office", ("session",)),
    "/dashboard/": ("office", ("session",)),
    "/dashboard/unit/": ("unit_clerk", ("session", "unit")),
    "/inbox/": ("office", ("page",)),
    "/audit/": ("auditadmin", AUDIT_PARAMETERS),
    "/audit/export/": ("auditadmin", AUDIT_PARAMETERS),
    "/proposals/new/": ("member", ("session",)),
}

IDS = [
    "/proposals/{}/",
    "/proposals/{}/edit/",
    "/attachments/{}/",
    "/commitments/{}/",
    "/key/{}/",
    "/notices/{}/",
    "/replies/{}/letter/",
    "/reports/files/{}/",
    "/evaluation/replies/{}/review/",
]

TWENTY_DIGITS = "9" * 20
NASTY = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(alphabet="0123456789²³¹١٣०๓０９ -+.e", min_size=1, max_size=25),
    st.text(max_size=120),
    st.sampled_from(["", "1", "0", TWENTY_DIGITS, "²", "\x00", "all", "closed", "1" * 5000]),
)


@pytest.fixture
def world(session, personas, unit, other_unit):
    with time_machine.travel(TODAY, tick=False):
        build(session, personas, unit, other_unit, 6)
        yield session


def _client(user: Any) -> Client:
    client = Client()
    login(client, user)  # with the second factor the audit admin gives
    return client


# Values that broke a page once, each tried alone in every parameter.
KNOWN_BAD = ["²", "第²号", "٣", TWENTY_DIGITS, "x" * 60_000, "\x00", "-1", "0", "1" * 5000]


@pytest.mark.parametrize("path", list(LISTS))
def test_each_parameter_alone_answers_a_known_bad_value_with_a_list_or_a_400(path, personas, world):
    role, names = LISTS[path]
    client = _client(getattr(personas, role))
    for name in names:
        for value in KNOWN_BAD:
            response = client.get(path, {name: value})
            assert response.status_code in (200, 302, 400, 404), (name, value[:20])


@pytest.mark.parametrize("path", list(LISTS))
def test_a_list_answers_any_query_string_with_a_list_or_a_400(path, personas, world):
    role, names = LISTS[path]
    client = _client(getattr(personas, role))

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        derandomize=True,
    )
    @given(st.dictionaries(st.sampled_from(names), NASTY, max_size=3))
    @example({name: "²" for name in names})
    @example({name: TWENTY_DIGITS for name in names})
    @example({name: "x" * 60_000 for name in names})
    @example({name: "\x00" for name in names})
    def check(params: dict[str, str]) -> None:
        response = client.get(path, params)
        assert response.status_code in (200, 302, 400, 404), (params, response.status_code)

    check()


@pytest.mark.parametrize("pattern", IDS)
def test_an_id_in_the_path_that_no_row_has_is_a_404(pattern, personas, world):
    client = _client(personas.office)
    for value in ["0", TWENTY_DIGITS, "9223372036854775807", "9223372036854775808"]:
        assert client.get(pattern.format(value)).status_code == 404, value


def test_a_superscript_digit_for_an_id_is_a_400_that_says_which_parameter(personas, world):
    response = _client(personas.office).get("/proposals/", {"unit": "²"})
    assert response.status_code == 400
    assert "参数“unit”" in response.content.decode()


def test_a_twenty_digit_category_is_a_400(personas, world):
    response = _client(personas.office).get("/proposals/", {"category": TWENTY_DIGITS})
    assert response.status_code == 400


def test_a_long_search_is_cut_to_a_hundred_characters_and_the_page_says_so(personas, world):
    response = _client(personas.office).get("/proposals/", {"q": "关于" * 30_000})
    assert response.status_code == 200
    assert response.context["query"] == "关于" * 50
    assert "搜索词过长" in response.content.decode()
