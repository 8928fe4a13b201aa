"""The pages that compose several floors import only downwards: the higher apps plug their
parts into the proposal page, the worklist and the list filters (`tian.lib.hooks`)."""

from __future__ import annotations

import grimp
import pytest

# Floors above each package that it must not import (pyproject's layers contract).
ABOVE = {
    "tian.lib": ["tian.policy", "tian.audit", "tian.directory", "tian.proposals"],
    "tian.audit": ["tian.directory", "tian.proposals", "tian.handling"],
    "tian.directory": ["tian.proposals", "tian.handling", "tian.supervision", "tian.reports"],
    "tian.proposals": ["tian.workflow", "tian.handling", "tian.supervision", "tian.reports"],
}
# Moved by other engineers in the same redesign (the policy split, the workflow engine), and
# the shim that policy.py imports `attach_units` through until the policy split.
ELSEWHERE = {
    "tian.lib.templatetags.tian": {"tian.policy"},
    "tian.proposals.actions": {"tian.handling"},
    "tian.audit.history": {"tian.proposals"},
}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("tian", include_external_packages=False)


@pytest.mark.parametrize("package", sorted(ABOVE))
def test_a_lower_floor_imports_nothing_from_the_floors_above_it(graph, package):
    upward = []
    for module in sorted(graph.find_children(package) | graph.find_descendants(package)):
        for imported in graph.find_modules_directly_imported_by(module):
            floor = next((f for f in ABOVE[package] if imported.startswith(f + ".")), None)
            if floor and floor not in ELSEWHERE.get(module, set()):
                upward.append(f"{module} -> {imported}")
    assert upward == []
