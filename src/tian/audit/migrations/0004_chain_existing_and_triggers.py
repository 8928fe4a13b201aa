"""Chain the events written before the hash chain existed, then make the table append-only."""

from django.db import migrations


def chain_existing(apps, schema_editor):
    from tian.audit import chain

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChain = apps.get_model("audit", "AuditChain")
    User = apps.get_model("directory", "User")
    names = dict(User.objects.values_list("pk", "username"))
    previous = chain.GENESIS
    last_id = None
    secret = chain.key()
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        event.actor_username = names.get(event.actor_id, "") if event.actor_id else ""
        event.prev_hash = previous
        event.data = chain.normalise_data(event.data or {})
        row = {name: getattr(event, name) for name in chain.HASHED}
        event.hash = chain.compute(row, secret)
        event.save(update_fields=["actor_username", "prev_hash", "data", "hash"])
        previous, last_id = event.hash, event.pk
    AuditChain.objects.update_or_create(
        pk=1, defaults={"last_hash": "" if last_id is None else previous, "last_event_id": last_id}
    )


def install_triggers(apps, schema_editor):
    from tian.audit import triggers

    triggers.install(schema_editor.connection)


def remove_triggers(apps, schema_editor):
    from tian.audit import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_chain_and_source"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
