"""Reading query strings and posted values: ASCII digits in range or a 400 naming the
parameter; slugs are slugs; the search text is cleaned and capped."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from tian.lib.http import (
    ID_MAX,
    BadParameter,
    int_param,
    page_param,
    posted_version,
    search_param,
    slug_param,
)

factory = RequestFactory()


def test_an_id_is_read_from_ascii_digits():
    assert int_param(factory.get("/", {"unit": "42"}), "unit") == 42
    assert int_param(factory.get("/", {"unit": ""}), "unit") is None
    assert int_param(factory.get("/"), "unit") is None


@pytest.mark.parametrize("value", ["²", "٣", "０", "-1", "0", "1e3", str(ID_MAX + 1), "9" * 5000])
def test_anything_else_is_a_bad_parameter_that_names_itself(value):
    with pytest.raises(BadParameter, match="参数“unit”"):
        int_param(factory.get("/", {"unit": value}), "unit")


def test_a_page_number_defaults_to_one_and_refuses_superscripts():
    assert page_param(factory.get("/")) == 1
    assert page_param(factory.get("/", {"page": "3"})) == 3
    with pytest.raises(BadParameter):
        page_param(factory.get("/", {"page": "²"}))


def test_a_posted_version_that_is_not_ascii_digits_never_matches():
    assert posted_version(factory.post("/", {"version": "7"})) == 7
    assert posted_version(factory.post("/", {"version": "²"})) == 0
    assert posted_version(factory.post("/", {"version": "9" * 30})) == 0


def test_a_session_slug_is_a_slug():
    assert slug_param(factory.get("/", {"session": "xishan-2022"}), "session") == "xishan-2022"
    with pytest.raises(BadParameter):
        slug_param(factory.get("/", {"session": "a\x00b"}), "session")


def test_the_search_loses_control_and_invisible_characters_and_is_cut_at_a_hundred():
    assert search_param(factory.get("/", {"q": " 路\x00灯\u200b "})) == ("路灯", False)
    assert search_param(factory.get("/", {"q": "字" * 150})) == ("字" * 100, True)
