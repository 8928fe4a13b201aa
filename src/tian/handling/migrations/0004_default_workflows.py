"""Load the default workflows (政协提案, 人大建议) from fixtures/workflows.json."""

from django.db import migrations

from tian.workflow.fixture import sync_workflows


def load(apps, schema_editor):
    sync_workflows(apps.get_model("handling", "Workflow"), apps.get_model("handling", "Transition"))


class Migration(migrations.Migration):
    dependencies = [("handling", "0003_workflow_transition")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
