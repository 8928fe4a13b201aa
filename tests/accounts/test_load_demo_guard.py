"""`tian load-demo` never runs where people have real accounts (it resets passwords)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import PASSWORD
from tian.demo.management.commands.load_demo import demo_refusal
from tian.directory.models import User

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_a_database_with_real_accounts_even_when_forced(personas):
    for flags in ([], ["--force-demo"]):
        with pytest.raises(CommandError, match="不是演示数据创建的账号"):
            call_command("load_demo", *flags, stdout=StringIO())

    personas.sysadmin.refresh_from_db()
    assert personas.sysadmin.check_password(PASSWORD)
    assert not User.objects.filter(username="tiwei").exists()


def test_load_demo_refuses_a_database_with_other_data_unless_forced(session):
    with pytest.raises(CommandError, match="--force-demo"):
        call_command("load_demo", stdout=StringIO())

    assert demo_refusal(force=True) == ""


def test_an_empty_database_may_take_the_demo(db):
    assert demo_refusal(force=False) == ""
