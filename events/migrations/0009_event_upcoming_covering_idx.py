"""An index that holds everything the agenda's facet counts read of an upcoming event.

The facet statement (events/filters.py, ``_facet_sql``) reads every upcoming event (about half of all events) for
its dates, form, price and facet bitmaps, and checks that it is published. An event's row is wide (its body), so
those few columns were spread over hundreds of table pages. With them in the index, PostgreSQL reads them from the
index alone (an index-only scan, as soon as autovacuum has marked the table's pages all-visible): on the
benchmark's 4,000 events, 31 pages instead of 721, and the agenda's SQL time went from 3.3 to 2.3 ms.

The bitmaps are columns of the database only (0008), so the index is SQL here, not ``Meta.indexes``.
"""

from django.db import migrations

FORWARD = """
CREATE INDEX event_upcoming_covering_idx ON events_event (start_date)
INCLUDE (id, end_date, status, publish_from, publish_until, attendance, price, theme_bits, partner_bits, audience_bits)
"""
BACKWARD = "DROP INDEX event_upcoming_covering_idx"


class Migration(migrations.Migration):
    dependencies = [("events", "0008_event_facet_bits")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
