"""One index on an event's start date, not two.

``event_upcoming_covering_idx`` (0009) has the start date as its key, so the plain index of ``db_index=True`` on
the same column only cost space and a write on every save. The history table's copy of that index goes too:
nothing looks history up by start date.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0009_event_upcoming_covering_idx"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="start_date",
            field=models.DateField(verbose_name="begindatum"),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="start_date",
            field=models.DateField(verbose_name="begindatum"),
        ),
    ]
