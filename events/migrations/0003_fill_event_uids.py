import uuid

from django.db import migrations


def fill_uids(apps, schema_editor):
    """Give every existing event its own calendar UID (a shared default would give them all the same one)."""
    Event = apps.get_model("events", "Event")
    for event in Event.objects.filter(uid__isnull=True).only("pk"):
        Event.objects.filter(pk=event.pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_agenda_details"),
    ]

    operations = [
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
    ]
