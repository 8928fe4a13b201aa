"""Every Excel import into a session follows the same upload → preview → confirm flow."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import login
from tian.lib.previews import find_preview

IMPORTS = [("ledger-import", "ledger"), ("commitment-import", "progress")]


@pytest.fixture
def office_client(client, personas):
    login(client, personas.office)
    return client


@pytest.mark.parametrize(("url_name", "kind"), IMPORTS)
def test_an_import_without_a_file_is_refused_with_a_reason(office_client, session, url_name, kind):
    response = office_client.post(reverse(url_name), {"session": session.slug})

    assert response.status_code == 400
    assert "请选择要导入的 Excel" in response.content.decode()


@pytest.mark.parametrize(("url_name", "kind"), IMPORTS)
def test_a_file_that_is_not_a_workbook_is_refused_and_not_kept(
    office_client, session, settings, url_name, kind
):
    junk = SimpleUploadedFile("进展.xlsx", b"not a workbook at all")

    response = office_client.post(reverse(url_name), {"session": session.slug, "file": junk})

    assert response.status_code == 400
    assert response.context.get("token") is None
    assert list((settings.MEDIA_ROOT / "imports").glob(f"{kind}-*")) == []


@pytest.mark.parametrize(("url_name", "kind"), IMPORTS)
def test_an_expired_preview_sends_the_clerk_back_to_upload_again(
    office_client, session, url_name, kind
):
    token = "0" * 32
    assert find_preview(kind, token) is None

    response = office_client.post(
        reverse(url_name), {"session": session.slug, "token": token}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse(url_name)
    assert "预览已过期,请重新上传。" in response.content.decode()
