"""The one pagination component: page links keep the list's filters."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def render_page(query: str, number: int) -> str:
    request = RequestFactory().get(f"/commitments/?{query}")
    page = Paginator(range(95), 20).get_page(number)
    return render_to_string("components/pagination.html", {"page": page}, request=request)


def test_page_links_keep_the_filters_and_replace_the_page() -> None:
    html = render_page("session=3&view=timeline&page=2", 2)
    assert 'href="?session=3&amp;view=timeline&amp;page=1"' in html
    assert 'href="?session=3&amp;view=timeline&amp;page=3"' in html
    assert "第 2 / 5 页" in html


def test_a_single_page_shows_no_pagination() -> None:
    request = RequestFactory().get("/inbox/")
    page = Paginator(range(3), 20).get_page(1)
    assert "pagination" not in render_to_string(
        "components/pagination.html", {"page": page}, request=request
    )


def test_the_first_page_has_no_previous_link() -> None:
    html = render_page("pending=1", 1)
    assert 'rel="prev"' not in html
    assert 'href="?pending=1&amp;page=2"' in html
