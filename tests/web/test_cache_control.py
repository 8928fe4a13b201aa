"""Nothing personal is kept by a browser or a proxy: pages for a signed-in person, the login
page and every download say `Cache-Control: no-store`; static files keep their caching."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_a_signed_in_persons_page_is_not_stored(personas):
    response = _signed_in(personas.office).get(reverse("worklist"))
    assert response.status_code == 200
    assert {"no-store", "private"} <= _cache_control(response)


def test_a_refusal_shown_to_a_signed_in_person_is_not_stored_either(personas):
    response = _signed_in(personas.member).get(reverse("oversight"))
    assert response.status_code == 403
    assert "no-store" in _cache_control(response)


def test_the_login_page_is_not_stored():
    response = Client().get(reverse("login"))
    assert "no-store" in _cache_control(response)


def test_a_download_is_not_stored(personas, session):
    response = _signed_in(personas.office).get(reverse("evaluation-export", args=[session.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert {"no-store", "private"} <= _cache_control(response)


def test_static_files_keep_their_caching(personas):
    response = _signed_in(personas.office).get("/static/tian/tian.css")
    assert response.status_code == 200
    assert "no-store" not in _cache_control(response)
    assert any(part.startswith("max-age=") for part in _cache_control(response))
