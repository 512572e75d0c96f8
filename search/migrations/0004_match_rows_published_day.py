"""The day each match row was published on, in the four GIN indexes of the vectors, for ranking by recency.

A search ranks its matches in tiers, newest first within a tier (search/engine.py, ``_Query._tier``), and reads a
tier only as far as the page needs. But within a tier every match was read and sorted: a broad word ranked
thousands of rows for a page of twelve. With the day of publication (UTC, days since 2000) as a second column of
each tier's GIN index, a tier is read in two parts: first the matches of the newest thousand or so rows' days
(the index finds them without reading the others), then, only when those do not fill the page, the older ones.

``published_day`` is computed by PostgreSQL from ``published_at`` (a generated column, like the entries' vectors),
so the trigger that writes the match rows (0003) is unchanged; it is a column of the database only, not of the
model, and so are the indexes (``btree_gin`` lets a GIN index hold the integer).
"""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

VECTORS = ("title_vector", "summary_vector", "head_vector", "search_vector")
INDEX = {
    "title_vector": "search_match_title_gin",
    "summary_vector": "search_match_summary_gin",
    "head_vector": "search_match_head_gin",
    "search_vector": "search_match_vector_gin",
}

FORWARD = [
    "ALTER TABLE search_searchmatchrow ADD COLUMN published_day integer GENERATED ALWAYS AS "
    "(extract(day FROM published_at - timestamptz '2000-01-01 00:00:00+00')::integer) STORED",
    # Where the newest rows' days begin (an index-only scan of a thousand entries).
    "CREATE INDEX search_match_day_idx ON search_searchmatchrow (published_day)",
    *(
        f"CREATE INDEX {INDEX[vector]} ON search_searchmatchrow USING gin ({vector}, published_day)"
        for vector in VECTORS
    ),
]
BACKWARD = [
    *(f"DROP INDEX {INDEX[vector]}" for vector in VECTORS),
    "DROP INDEX search_match_day_idx",
    "ALTER TABLE search_searchmatchrow DROP COLUMN published_day",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_match_rows_and_ranking_tiers")]

    operations = [
        BtreeGinExtension(),
        # The single-column indexes make way for two-column ones of the same names.
        *(migrations.RemoveIndex(model_name="searchmatchrow", name=INDEX[vector]) for vector in VECTORS),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
