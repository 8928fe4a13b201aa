"""The default workflows (fixtures/workflows.json) and how they are written to the database.

Takes the model classes as arguments so the data migration can pass its historical models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "workflows.json"


def sync_workflows(workflow_model: Any, transition_model: Any, *, replace: bool = True) -> None:
    """Create the default workflows; with `replace`, reset their transitions to the fixture's."""
    for slug, spec in json.loads(FIXTURE.read_text()).items():
        workflow, created = workflow_model.objects.get_or_create(
            slug=slug, defaults={"name": spec["name"], "body_kind": spec["body_kind"]}
        )
        if not (created or replace):
            continue
        workflow.transitions.all().delete()
        for order, step in enumerate(spec["transitions"]):
            transition_model.objects.create(workflow=workflow, order=order, **step)
