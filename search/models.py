"""The search index: one row per published item (Verdiepen, Meedoen, Agenda) and per partner.

The rows are written by ``search.indexing`` whenever an item, its relations or its vocabulary change (signals in
``search.apps``). The weighted full-text vector is a stored generated column, so PostgreSQL recomputes it on
every write; nothing else needs to remember to keep it current.

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
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", "keywords", weight="B", config=SEARCH_CONFIG)
            + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    #: Title and summary (with themes and tags) only: small enough to stay in the row, for ranking many matches
    #: fast without reading the body's vector from TOAST storage (see migration 0002).
    head_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", "keywords", weight="B", config=SEARCH_CONFIG)
        ),
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
            GinIndex(fields=["search_vector"], name="search_entry_vector_gin"),
            GinIndex(OpClass("title", name="gin_trgm_ops"), name="search_entry_title_trgm"),
            GinIndex(fields=["theme_ids"], name="search_entry_themes_gin"),
            GinIndex(fields=["partner_ids"], name="search_entry_partners_gin"),
            models.Index(fields=["-published_at"], name="search_entry_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class SearchWord(models.Model):
    """A word that occurs in the indexed text, for ‘Bedoelde je …?’ (trigram similarity)."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        indexes = [GinIndex(OpClass("word", name="gin_trgm_ops"), name="search_word_trgm")]

    def __str__(self) -> str:
        return self.word
