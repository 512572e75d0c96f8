"""Per event, bitmaps of its themes, partners and audiences, for the agenda's facet counts (events/filters.py).

``theme_bits`` has bit n set when the event has the theme with id n, for ids below 63; likewise ``partner_bits``
and ``audience_bits``. Counting the upcoming events per theme then reads the events alone, not every row of the
three link tables (those of past events included). Ids of 63 and up are counted through the link tables.

The columns are written by the database only: triggers on the link tables keep them current, whatever changes a
link (the admin, ``.set()``, a bulk insert, a deleted theme). They are not fields of the model, so that saving an
event never writes back a bitmap read before its links changed.
"""

from django.db import migrations

FACETS = (("theme", "events_event_themes"), ("partner", "events_event_partners"), ("audience", "events_event_audiences"))


def _bits(name: str, table: str, event: str) -> str:
    return (
        f"coalesce((SELECT bit_or(1::bigint << x.{name}_id::int) FROM {table} x "
        f"WHERE x.event_id = {event} AND x.{name}_id < 63), 0)"
    )


FORWARD = [
    "ALTER TABLE events_event "
    + ", ".join(f"ADD COLUMN {name}_bits bigint NOT NULL DEFAULT 0" for name, _table in FACETS),
    """
    CREATE FUNCTION events_event_facet_bits() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        name text := TG_ARGV[0];
        events bigint[];
    BEGIN
        IF TG_OP = 'INSERT' THEN
            events := ARRAY[NEW.event_id];
        ELSIF TG_OP = 'DELETE' THEN
            events := ARRAY[OLD.event_id];
        ELSE
            events := ARRAY[OLD.event_id, NEW.event_id];
        END IF;
        EXECUTE format(
            'UPDATE events_event e SET %1$I = coalesce((SELECT bit_or(1::bigint << x.%2$I::int) FROM %3$I x '
            'WHERE x.event_id = e.id AND x.%2$I < 63), 0) WHERE e.id = ANY($1)',
            name || '_bits', name || '_id', TG_TABLE_NAME
        ) USING events;
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_facet_bits AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION events_event_facet_bits('{name}')"
        for name, table in FACETS
    ),
    "UPDATE events_event e SET " + ", ".join(f"{name}_bits = {_bits(name, table, 'e.id')}" for name, table in FACETS),
]

BACKWARD = [
    *(f"DROP TRIGGER {table}_facet_bits ON {table}" for _name, table in FACETS),
    "DROP FUNCTION events_event_facet_bits()",
    "ALTER TABLE events_event " + ", ".join(f"DROP COLUMN {name}_bits" for name, _table in FACETS),
]


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_event_end_date_idx"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
