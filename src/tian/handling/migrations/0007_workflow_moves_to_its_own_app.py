"""Workflow and Transition now belong to the workflow app (its migration 0001).

State only: the tables stay, with their rows, and are the workflow app's from now on.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("handling", "0006_rehandling_cascade"),
        ("workflow", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Transition"),
                migrations.DeleteModel(name="Workflow"),
            ],
            database_operations=[],
        ),
    ]
