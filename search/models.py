"""The search index: one row per published item (Verdiepen, Meedoen, Agenda) and per partner.

The rows are written by ``search.indexing`` whenever an item, its relations or its vocabulary change (signals in
``search.apps``). Everything derived from a row is computed by PostgreSQL on every write, so nothing else needs to
remember to keep it current: the title and head vectors are stored generated columns, and a trigger (migration
0003) writes the entry's ``SearchMatchRow``, with the full weighted vector, whenever the entry is written.

Whether a row is visible (publication window) and whether a call is closed or an event is past are decided when
searching, against the current time, from the stored moments: no job flips flags.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkwijzer import bitmaps

#: The text search configuration made by migration 0001: Dutch stemming after ``unaccent``.
SEARCH_CONFIG = "wijkwijzer_dutch"


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        # The values appear in the search page's URL (``?soort=verdiepen``).
        ARTICLE = "verdiepen", _("Verdiepen")
        CALL = "meedoen", _("Meedoen")
        EVENT = "agenda", _("Agenda")
        PARTNER = "partners", _("Partners")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    #: The article's own kind (``rapport``, ``manifest``…), for the label shown with a result.
    subkind = models.CharField(max_length=20, blank=True)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    #: Theme names, tags and partner names: counted in the ranking like the summary.
    keywords = models.TextField(blank=True)
    partner_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    theme_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    audience_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    #: The year facet: publication year, or for an event the year it takes place.
    year = models.SmallIntegerField(null=True, blank=True)
    #: The date shown with a result: publication, deadline or event date.
    display_date = models.DateField(null=True, blank=True)
    #: Recency, to break ties between equally relevant results.
    published_at = models.DateTimeField(null=True, blank=True)
    #: The publication window; empty for partners, which are always visible.
    visible_from = models.DateTimeField(null=True, blank=True)
    visible_until = models.DateTimeField(null=True, blank=True)
    #: From this moment a call is closed or an event is past; empty when it never ends.
    ends_at = models.DateTimeField(null=True, blank=True)
    # The vectors of the ranking's tiers, each containing the one below it: everything, then without the body,
    # without the themes and tags, and the title alone. Stored out of line here (migrations 0002 and 0003) and
    # searched through their copies in ``SearchMatchRow``.
    #: Title (A), summary with themes and tags (B) and body (C).
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", "keywords", weight="B", config=SEARCH_CONFIG)
            + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    head_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", "keywords", weight="B", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    summary_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    title_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("zoekresultaat")
        verbose_name_plural = _("zoekindex")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_unique_object"),
        ]
        indexes = [
            GinIndex(OpClass("title", name="gin_trgm_ops"), name="search_entry_title_trgm"),
            GinIndex(fields=["theme_ids"], name="search_entry_themes_gin"),
            GinIndex(fields=["partner_ids"], name="search_entry_partners_gin"),
            models.Index(fields=["-published_at"], name="search_entry_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title


#: Facet values (themes, partners, audiences) with a primary key below ``FACET_BITS`` are stored as bits of one bigint.
FACET_BITS = bitmaps.FACET_BITS


class SearchMatchRow(models.Model):
    """What a search reads of every matching entry, in a narrow row: the facet values, recency and the vectors.

    A broad search (‘buurten’ is in almost half of all items) counts its facets over every match and may rank
    thousands, so these rows are kept to under 200 bytes: the vectors live out of line (TOAST; only their GIN
    indexes are read), and the themes, partners and audiences are bitmaps (bit ``n`` for primary key ``n``; larger
    keys, should they ever exist, in the ``*_more`` arrays), which PostgreSQL groups and tests far faster than
    arrays. Written by a trigger on ``SearchEntry`` (migration 0003) with the entry's own values, never by Python
    code; deleted with the entry by the database.

    The vectors are copies of the entry's: copied while stored out of line, they are stored out of line here too,
    whereas vectors computed here would stay in the row when it is shorter than about 2 kB (PostgreSQL moves values
    out of line only from rows of that size, whatever ``toast_tuple_target`` says).
    """

    # Deleted with the entry by the database: the foreign key's ON DELETE CASCADE is made by migration 0003
    # (Django's DB_CASCADE cannot follow the Python-level cascade from ContentType to SearchEntry).
    entry = models.OneToOneField(
        SearchEntry, on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True, related_name="+"
    )
    # Fixed-width and never NULL, first in the row: quick to read for every match. A missing moment is stored as
    # the first or last day that Python's datetime knows (publication: the oldest; visibility: without bound), a
    # missing year as 0.
    theme_bits = models.BigIntegerField()
    partner_bits = models.BigIntegerField()
    audience_bits = models.BigIntegerField()
    published_at = models.DateTimeField()
    visible_from = models.DateTimeField()
    visible_until = models.DateTimeField()
    year = models.SmallIntegerField()
    kind = models.CharField(max_length=20, choices=SearchEntry.Kind.choices)
    theme_more = ArrayField(models.BigIntegerField(), null=True)
    partner_more = ArrayField(models.BigIntegerField(), null=True)
    audience_more = ArrayField(models.BigIntegerField(), null=True)
    search_vector = SearchVectorField()
    head_vector = SearchVectorField()
    summary_vector = SearchVectorField()
    title_vector = SearchVectorField()

    # The GIN index of each vector holds ``published_day`` too, a column the database computes from
    # ``published_at``: both are the database's only (migration 0004), to rank a broad word's matches by recency
    # without reading them all.

    def __str__(self) -> str:
        return str(self.entry_id)


class SearchWord(models.Model):
    """A word that occurs in the indexed text, for ‘Bedoelde je …?’ (trigram similarity)."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        indexes = [GinIndex(OpClass("word", name="gin_trgm_ops"), name="search_word_trgm")]

    def __str__(self) -> str:
        return self.word
