"""The policy table is filled by each app's own policy module and read only through can()."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tian import policy


def test_every_rule_is_decided_in_a_policy_module_of_the_app_that_owns_it() -> None:
    owners = {entry.module for entry in policy.table()}
    assert owners == {
        "tian.directory.policy",
        "tian.proposals.policy",
        "tian.handling.policy",
        "tian.supervision.policy",
        "tian.ledgers.policy",
        "tian.reports.policy",
        "tian.evaluation.policy",
    }


def test_a_rule_is_defined_once_and_a_higher_floor_only_widens_it() -> None:
    with pytest.raises(ValueError, match=r"already defined in tian\.proposals\.policy"):
        policy.rules("tian.elsewhere", {"proposal.view": lambda user, obj: True})
    with pytest.raises(LookupError):
        policy.grant("tian.elsewhere", "no.such.rule", lambda user, obj: True)
    transition = next(e for e in policy.table() if e.name == "transition")
    assert transition.widened_by == ["tian.handling.policy"]


def test_an_unknown_rule_name_is_an_error_not_a_refusal(personas) -> None:
    with pytest.raises(KeyError):
        policy.can(personas.office, "proposal.veiw")


def test_tian_rules_prints_the_table_with_each_refusal() -> None:
    out = StringIO()
    call_command("rules", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(list(policy.table()))
    assert "role.grant\ttian.directory.policy\t只有安全管理员可以授予角色,且不能授予自己。" in lines
