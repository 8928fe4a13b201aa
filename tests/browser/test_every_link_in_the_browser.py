"""Every demo account follows every link it is shown, on a desktop and on a phone, and none
answers 4xx or 5xx or makes the console log an error: nobody is shown a link to a page they
may not open.

The demo is built once for the module, as `tian load-demo` builds it, and served by a live
server of the module's own, so that the demo stays between the tests (pytest-django's
live_server empties the database after each test). The database is emptied at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import PHONE
from tests.browser.crawl import crawl, shape
from tian.demo import seed_data as sd
from tian.demo.loader import load_demo
from tian.directory.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

DESKTOP = {"width": 1366, "height": 900}
ACCOUNTS = [str(account["username"]) for account in sd.ACCOUNTS]
# The office sees the most: some fifty shapes of page. Far more would mean the crawl runs away.
LIMIT = 90


@pytest.fixture(scope="module")
def media(tmp_path_factory: Any) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _demo_media(media: Path, settings: Any) -> None:
    # Serve the letters the module's demo saved, not each test's own empty folder.
    settings.MEDIA_ROOT = media


@pytest.fixture(scope="module")
def demo_site(
    django_db_setup: Any, django_db_blocker: Any, media: Path
) -> Iterator[tuple[str, dict[str, TOTPDevice]]]:
    """The demo database served on a live server of this module; the admin trio's
    authenticators (动态口令), enrolled as each of them must before their pages open."""
    with (
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=media,
        ),
        django_db_blocker.unblock(),
    ):
        # What the migrations put in (the default workflows, …), to put back at the end.
        shipped = connection.creation.serialize_db_to_string()
        load_demo()
        devices = {
            user.username: TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
            for user in User.objects.filter(username__in=["sysadmin", "secadmin", "auditadmin"])
        }
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url, devices
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(shipped)


def sign_in(page: Page, username: str, device: TOTPDevice | None) -> None:
    """Sign in through the login form; an admin gives a one-time code when first asked."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(sd.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    page.goto("/")
    if device is not None and "/accounts/otp/verify/" in page.url:
        page.get_by_label("动态口令或恢复码").fill(f"{totp(device.bin_key):06d}")
        page.get_by_role("button", name="验证").click()
        page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"


def nav_paths(page: Page) -> set[str]:
    """The paths the navigation links to, in the top bar and the phone's tab bar."""
    hrefs = page.eval_on_selector_all(
        ".mainnav a[href], .tabbar a[href]", "links => links.map((a) => a.pathname)"
    )
    return set(hrefs)


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_link_an_account_is_shown_opens_on_desktop_and_phone(
    browser: Browser, demo_site: tuple[str, dict[str, TOTPDevice]], username: str
) -> None:
    url, devices = demo_site
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP, base_url=url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        sign_in(page, username, devices.get(username))
        page.goto("/")
        shown = nav_paths(page)
        desktop = crawl(page, "/", limit=LIMIT)
        page.set_viewport_size(PHONE)
        phone = crawl(page, "/", limit=LIMIT, pick="last", known=desktop.opened)
    finally:
        context.close()
    problems = list(dict.fromkeys(desktop.problems + phone.problems))
    assert problems == [], "\n".join(problems)
    opened = set(desktop.opened) | set(phone.opened)
    assert {shape(path) for path in shown} <= opened
    assert len(opened) >= 3, sorted(opened)


def test_a_path_s_shape_keeps_its_words_and_its_query_names_only() -> None:
    assert shape("/proposals/166/assign/") == "/proposals/{id}/assign/"
    assert shape("/evaluation/xishan-2022/scheme/") == "/evaluation/{slug}/scheme/"
    assert shape("/proposals/?session=xishan-2022&status=closed") == ("/proposals/?session&status")
    assert shape("/commitments/?view=timeline&session=x") == "/commitments/?session&view"
