"""Workflow and Transition move here from handling, keeping their tables and rows.

Only Django's picture of the models changes (state operations); the tables stay as they
are, under their old names. The content types are renamed too, so permissions granted on
the old models and admin history keep pointing at the right models.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("workflow", "transition")


def rename_content_types(apps, schema_editor, *, old="handling", new="workflow"):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not content_type.objects.using(db).filter(app_label=new, model=model).exists():
            content_type.objects.using(db).filter(app_label=old, model=model).update(
                app_label=new
            )


def restore_content_types(apps, schema_editor):
    rename_content_types(apps, schema_editor, old="workflow", new="handling")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("handling", "0006_rehandling_cascade"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Workflow",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("slug", models.SlugField(unique=True, verbose_name="代号")),
                        ("name", models.CharField(max_length=60, verbose_name="名称")),
                        ("body_kind", models.CharField(choices=[("cppcc", "政协"), ("npc", "人大")], max_length=10, unique=True, verbose_name="适用机构")),
                    ],
                    options={
                        "verbose_name": "办理流程",
                        "verbose_name_plural": "办理流程",
                        "db_table": "handling_workflow",
                    },
                ),
                migrations.CreateModel(
                    name="Transition",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.CharField(max_length=30, verbose_name="代码")),
                        ("label", models.CharField(max_length=30, verbose_name="名称")),
                        ("source", models.CharField(max_length=12, verbose_name="起始状态")),
                        ("target", models.CharField(max_length=12, verbose_name="目标状态")),
                        ("roles", models.JSONField(default=list, verbose_name="可执行角色")),
                        ("guards", models.JSONField(blank=True, default=list, verbose_name="前置条件")),
                        ("effects", models.JSONField(blank=True, default=list, verbose_name="附带动作")),
                        ("notify", models.JSONField(blank=True, default=list, verbose_name="通知对象")),
                        ("order", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
                        ("workflow", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="transitions", to="workflow.workflow")),
                    ],
                    options={
                        "verbose_name": "流程步骤",
                        "verbose_name_plural": "流程步骤",
                        "db_table": "handling_transition",
                        "ordering": ["workflow", "order", "id"],
                        "constraints": [models.UniqueConstraint(fields=("workflow", "code", "source"), name="transition_unique_source")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
