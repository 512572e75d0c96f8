"""A call's year in the search (the ‘Jaar’ facet) is that of its deadline, the date its result shows; before, it was
the year it was published. The match rows follow by their trigger (migration 0003)."""

from django.db import migrations

FORWARD = """
UPDATE search_searchentry SET year = extract(year FROM display_date)::smallint
WHERE kind = 'meedoen' AND display_date IS NOT NULL AND year IS DISTINCT FROM extract(year FROM display_date)
"""

BACKWARD = """
UPDATE search_searchentry SET year = extract(year FROM published_at AT TIME ZONE 'Europe/Amsterdam')::smallint
WHERE kind = 'meedoen'
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0004_match_rows_published_day")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
