"""Load the default workflows (政协提案, 人大建议) from fixtures/workflows.json."""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "workflows.json"


def load(apps, schema_editor):
    Workflow = apps.get_model("handling", "Workflow")
    Transition = apps.get_model("handling", "Transition")
    for slug, spec in json.loads(FIXTURE.read_text()).items():
        workflow, _ = Workflow.objects.update_or_create(
            slug=slug, defaults={"name": spec["name"], "body_kind": spec["body_kind"]}
        )
        workflow.transitions.all().delete()
        for order, step in enumerate(spec["transitions"]):
            Transition.objects.create(workflow=workflow, order=order, **step)


class Migration(migrations.Migration):
    dependencies = [("handling", "0003_workflow_transition")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
