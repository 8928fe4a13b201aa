"""先联系后答复 and 协办意见先到 become guards listed on the reply's acceptance step.

They were checked in code for every body; every existing workflow gets them, so nothing
changes until someone removes them from a body's workflow.
"""

from django.db import migrations

STEP = "accept_reply"
GUARDS = ["contact_before_reply", "co_opinions_first"]


def add_guards(apps, schema_editor):
    for transition in apps.get_model("workflow", "Transition").objects.filter(code=STEP):
        missing = [name for name in GUARDS if name not in transition.guards]
        if missing:
            transition.guards = [*transition.guards, *missing]
            transition.save(update_fields=["guards"])


def remove_guards(apps, schema_editor):
    for transition in apps.get_model("workflow", "Transition").objects.filter(code=STEP):
        transition.guards = [name for name in transition.guards if name not in GUARDS]
        transition.save(update_fields=["guards"])


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]
    operations = [migrations.RunPython(add_guards, remove_guards)]
