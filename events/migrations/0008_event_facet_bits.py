"""Per event, bitmaps of its themes, partners and audiences, for the agenda's facet counts (events/filters.py).

``theme_bits`` has bit n set when the event has the theme with id n, for ids below 63; likewise ``partner_bits``
and ``audience_bits``. Counting the upcoming events per theme then reads the events alone, not every row of the
three link tables (those of past events included). Ids of 63 and up are counted through the link tables.

The columns are written by the database only: triggers on the link tables keep them current, whatever changes a
link (the admin, ``.set()``, a bulk insert, a deleted theme). They are not fields of the model, so that saving an
event never writes back a bitmap read before its links changed.
"""

from django.db import migrations

FACETS = (
    ("theme", "events_event_themes"),
    ("partner", "events_event_partners"),
    ("audience", "events_event_audiences"),
)


#: Ids below this have a bit (``wijkwijzer.bitmaps.FACET_BITS``, written out: a migration stays as it was).
BITS = 63


def _bits(name: str, table: str, event: str) -> str:
    return (
        f"coalesce((SELECT bit_or(1::bigint << x.{name}_id::int) FROM {table} x "
        f"WHERE x.event_id = {event} AND x.{name}_id < {BITS}), 0)"
    )


FORWARD = [
    "ALTER TABLE events_event "
    + ", ".join(f"ADD COLUMN {name}_bits bigint NOT NULL DEFAULT 0" for name, _table in FACETS),
    # A link's own bit is set or cleared on the event's row: the update waits for any other transaction that
    # changes the same event and then applies to its result, so two editors linking at once both count.
    f"""
    CREATE FUNCTION events_event_facet_bits() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        bits text := quote_ident(TG_ARGV[0] || '_bits');
        id text := TG_ARGV[0] || '_id';
        old_id bigint;
        new_id bigint;
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            old_id := to_jsonb(OLD) ->> id;
            IF old_id < {BITS} THEN
                EXECUTE format('UPDATE events_event SET %1$s = %1$s & ~(1::bigint << $1::int) WHERE id = $2', bits)
                    USING old_id, OLD.event_id;
            END IF;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            new_id := to_jsonb(NEW) ->> id;
            IF new_id < {BITS} THEN
                EXECUTE format('UPDATE events_event SET %1$s = %1$s | (1::bigint << $1::int) WHERE id = $2', bits)
                    USING new_id, NEW.event_id;
            END IF;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    # Emptying a link table empties its bitmaps.
    """
    CREATE FUNCTION events_event_facet_bits_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        EXECUTE format('UPDATE events_event SET %I = 0', TG_ARGV[0] || '_bits');
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_facet_bits AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION events_event_facet_bits('{name}')"
        for name, table in FACETS
    ),
    *(
        f"CREATE TRIGGER {table}_facet_bits_truncated AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION events_event_facet_bits_truncated('{name}')"
        for name, table in FACETS
    ),
    "UPDATE events_event e SET " + ", ".join(f"{name}_bits = {_bits(name, table, 'e.id')}" for name, table in FACETS),
]

BACKWARD = [
    *(f"DROP TRIGGER {table}_facet_bits ON {table}" for _name, table in FACETS),
    *(f"DROP TRIGGER {table}_facet_bits_truncated ON {table}" for _name, table in FACETS),
    "DROP FUNCTION events_event_facet_bits()",
    "DROP FUNCTION events_event_facet_bits_truncated()",
    "ALTER TABLE events_event " + ", ".join(f"DROP COLUMN {name}_bits" for name, _table in FACETS),
]


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_event_end_date_idx"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
