"""The workflow models moved from handling to their own app without losing a row.

Like Django's own migration tests: migrate a database back to the last handling migration
before the move, write rows with the models as they were then, migrate forward again, and
read the rows through the models as they are now.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tian.workflow.models import Transition

# The last handling migration before the move, and the workflow app not yet there.
BEFORE_THE_MOVE = [("handling", "0006_rehandling_cascade"), ("workflow", None)]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_keeps_its_transitions_when_the_models_move():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    content_type = ContentType.objects.get(app_label="workflow", model="transition")
    try:
        executor = _migrate(BEFORE_THE_MOVE)
        old = executor.loader.project_state([BEFORE_THE_MOVE[0]]).apps
        workflow = old.get_model("handling", "Workflow").objects.create(
            slug="kept", name="迁移前配置的流程", body_kind="kept"
        )
        old.get_model("handling", "Transition").objects.create(
            workflow=workflow,
            code="kept_step",
            label="迁移前的步骤",
            source="draft",
            target="submitted",
        )
        assert ContentType.objects.get(pk=content_type.pk).app_label == "handling"
    finally:
        _migrate(latest)

    moved = Transition.objects.select_related("workflow").get(code="kept_step")
    assert (moved.label, moved.workflow.name) == ("迁移前的步骤", "迁移前配置的流程")
    assert ContentType.objects.get(pk=content_type.pk).app_label == "workflow"
