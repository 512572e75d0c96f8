"""The shape every published item shares, and the rule that decides what the public sees.

Articles (Verdiepen), calls (Meedoen) and events (Agenda) all inherit from
``Publishable``. Visibility is decided by ``PublishableQuerySet.published()`` against
the current time, so an item goes online and offline by itself: no cron job flips flags.
"""

from __future__ import annotations

import datetime
import functools
import json

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, connections, models
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from wijkwijzer import media, richtext
from wijkwijzer.reversing import cached_reverse


@functools.cache
def _related_rows(model, name: str) -> tuple[type[models.Model], list[str], str]:
    """The related model, its fields, and the SQL of relation ``name`` of the ``model`` rows whose ids are the last
    parameter: one row per item, (item id, its related rows as a JSON array in the related model's order).

    Written once per process from the models' metadata: building the same query with the ORM on every request
    cost more than the rest of a detail page. The tags' query takes the content type's id as first parameter.
    """
    from taggit.models import Tag, TaggedItem

    quote = connection.ops.quote_name

    def column(field_name: str) -> str:
        descending = field_name.startswith("-")
        field = related._meta.get_field(field_name.lstrip("-"))
        return f"r.{quote(field.column)}" + (" DESC" if descending else "")

    if name == "tags":
        related, ordering = Tag, ["name", "id"]
        join = f"JOIN {TaggedItem._meta.db_table} x ON x.tag_id = r.id AND x.content_type_id = %s"
        item = "x.object_id"
    else:
        relation = model._meta.get_field(name)
        related = relation.related_model
        ordering = [related._meta.pk.name if field == "pk" else field for field in related._meta.ordering or ["pk"]]
        through = relation.remote_field.through._meta.db_table
        join = f"JOIN {through} x ON x.{relation.m2m_reverse_name()} = r.{quote(related._meta.pk.column)}"
        item = f"x.{relation.m2m_column_name()}"
    fields = [field.attname for field in related._meta.concrete_fields]
    pairs = ", ".join(f"'{field.attname}', r.{quote(field.column)}" for field in related._meta.concrete_fields)
    order = ", ".join(column(field) for field in ordering)
    sql = (
        f"SELECT {item}, json_agg(json_build_object({pairs}) ORDER BY {order})::text "
        f"FROM {related._meta.db_table} r {join} WHERE {item} = ANY(%s) GROUP BY {item}"
    )
    return related, fields, sql


def attach_related_rows(model, db: str, names: tuple[str, ...], objects: list[models.Model]) -> None:
    """Fetch the many-to-many relations ``names`` of ``objects`` (of ``model``) with one query, and put them where
    ``prefetch_related`` puts them."""
    from django.contrib.contenttypes.models import ContentType

    rows: dict[tuple[str, int], list] = {}
    if objects and names:
        ids = [obj.pk for obj in objects]
        parts, params = [], []
        for number, name in enumerate(names):
            parts.append(f"SELECT {number}, * FROM ({_related_rows(model, name)[2]}) AS r{number}")
            if name == "tags":
                params.append(ContentType.objects.db_manager(db).get_for_model(model).pk)
            params.append(ids)
        with connections[db].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for number, item, array in cursor.fetchall():
                rows[names[number], item] = json.loads(array)
    # The same partner or theme on many cards is one instance (they are read, never changed, from here).
    shared: dict[tuple[str, object], models.Model] = {}
    for obj in objects:
        cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
        for name in names:
            related, fields, _sql = _related_rows(model, name)
            instances = []
            for row in rows.get((name, obj.pk), ()):
                key = (name, row[related._meta.pk.attname])
                if key not in shared:
                    shared[key] = related.from_db(db, fields, [row[field] for field in fields])
                instances.append(shared[key])
            result = models.QuerySet(model=related, using=db)
            result._result_cache, result._prefetch_done = instances, True
            cache[name] = result


class RelatedRowsIterable(ModelIterable):
    """Model instances with their many-to-many relations put where ``prefetch_related`` puts them.

    So ``item.partners.all()`` (templates, feeds, structured data) reads them without a query, exactly as after
    ``prefetch_related("partners", "themes")``, but all relations of all fetched items come with one query.
    """

    def __iter__(self):
        queryset = self.queryset
        objects = list(super().__iter__())
        attach_related_rows(queryset.model, queryset.db, tuple(queryset._related_rows_names), objects)
        yield from objects


class PublishableQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._related_rows_names: tuple[str, ...] = ()

    def _clone(self):
        clone = super()._clone()
        clone._related_rows_names = self._related_rows_names
        return clone

    def with_related(self, *names: str) -> PublishableQuerySet:
        """Fetch the many-to-many relations ``names`` (and ``tags``) of the items with one more query in all.

        Like ``prefetch_related(*names)`` for what reads them (``item.partners.all()``), without a query per
        relation and without building those queries with the ORM on every request.
        """
        clone = self._chain()
        clone._related_rows_names = tuple(dict.fromkeys(clone._related_rows_names + names))
        clone._iterable_class = RelatedRowsIterable
        return clone

    def published(self, at=None) -> PublishableQuerySet:
        """Items a visitor may see now (or at ``at``): published, started, not ended."""
        moment = at or timezone.now()
        return self.filter(
            Q(publish_until__isnull=True) | Q(publish_until__gt=moment),
            status=Publishable.Status.PUBLISHED,
            publish_from__lte=moment,
        )

    def scheduled(self, at=None) -> PublishableQuerySet:
        """Published items whose publication moment is still to come."""
        return self.filter(status=Publishable.Status.PUBLISHED, publish_from__gt=at or timezone.now())

    def expired(self, at=None) -> PublishableQuerySet:
        """Published items whose ‘publiceren tot’ has passed."""
        return self.filter(status=Publishable.Status.PUBLISHED, publish_until__lte=at or timezone.now())

    def drafts(self) -> PublishableQuerySet:
        return self.filter(status=Publishable.Status.DRAFT)

    def with_relations(self) -> PublishableQuerySet:
        """Fetch everything a detail page shows, in a fixed number of queries."""
        return self.with_related("partners", "themes", "audiences", "tags")

    def for_cards(self) -> PublishableQuerySet:
        """Fetch what a card in a list shows (partners and themes), in a fixed number of queries."""
        return self.with_related("partners", "themes")

    def newest_first(self) -> PublishableQuerySet:
        """Most recently published first; the title decides between items published at the same moment."""
        return self.order_by("-publish_from", "title")

    def for_partner(self, partner) -> PublishableQuerySet:
        return self.filter(partners=partner)

    def for_theme(self, theme) -> PublishableQuerySet:
        return self.filter(themes=theme)


class PublishableHistory(HistoricalRecords):
    """Revisions that also follow relations changed from the other side (``theme.articles.add(article)``).

    django-simple-history only handles changes made from the item's side (``article.themes.add(theme)``); from the
    other side the signal's instance is the theme, which has no history. Then each item whose relations changed
    gets a revision instead.
    """

    def m2m_changed(self, instance, action, attr, pk_set, reverse, model=None, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, model=model, **kwargs)
        if action in ("post_add", "post_remove") and pk_set and model is not None:
            for item in model._default_manager.filter(pk__in=pk_set):
                super().m2m_changed(item, action, attr, None, False, **kwargs)
        return None


#: The moments an item can go online or offline. A typing error (the year 1 or 9999) is refused: PostgreSQL
#: cannot store the first, and the admin's date filter cannot step past the second.
_PUBLICATION_RANGE_MESSAGE = _("Vul een datum tussen 1900 en 2099 in.")
PUBLICATION_MOMENT_VALIDATORS = [
    MinValueValidator(datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC), message=_PUBLICATION_RANGE_MESSAGE),
    MaxValueValidator(datetime.datetime(2099, 12, 31, 23, 59, tzinfo=datetime.UTC), message=_PUBLICATION_RANGE_MESSAGE),
]


class Publishable(models.Model):
    """Abstract base of everything editors publish."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        PUBLISHED = "published", _("Gepubliceerd")

    title = models.CharField(
        _("titel"), max_length=200, help_text=_("Kort en concreet, het liefst niet meer dan ongeveer 70 tekens.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("Het laatste deel van het webadres. Alleen kleine letters, cijfers en streepjes."),
    )
    summary = models.TextField(
        _("samenvatting"),
        help_text=_(
            "Twee tot vier zinnen (maximaal ongeveer 400 tekens) die in overzichten en in de nieuwsbrief verschijnen."
        ),
    )
    body = models.TextField(_("tekst"), blank=True, help_text=richtext.RICH_TEXT_HELP)
    image = models.ImageField(
        _("afbeelding"),
        upload_to=media.image_path,
        max_length=255,
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=_(
            "Een JPEG-, PNG- of WebP-afbeelding van hoogstens 10 MB, liefst minstens 1600 pixels breed. "
            "Gegevens van de camera (zoals de plaats) worden verwijderd."
        ),
    )
    image_width = models.PositiveIntegerField(_("breedte van de afbeelding"), null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(_("hoogte van de afbeelding"), null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("alternatieve tekst"),
        max_length=250,
        blank=True,
        help_text=_(
            "Beschrijf in één zin wat er op de afbeelding te zien is, voor wie hem niet kan zien. "
            "Verplicht, tenzij de afbeelding alleen decoratief is."
        ),
    )
    image_decorative = models.BooleanField(
        _("alleen decoratief"),
        default=False,
        help_text=_("Vink aan als de afbeelding niets toevoegt aan de tekst; dan is geen alternatieve tekst nodig."),
    )
    partners = models.ManyToManyField(
        "partners.Partner", verbose_name=_("partnerorganisaties"), blank=True, related_name="%(class)ss"
    )
    themes = models.ManyToManyField("themes.Theme", verbose_name=_("thema’s"), blank=True, related_name="%(class)ss")
    audiences = models.ManyToManyField(
        "themes.Audience", verbose_name=_("doelgroepen"), blank=True, related_name="%(class)ss"
    )
    tags = TaggableManager(_("trefwoorden"), blank=True, help_text=_("Losse trefwoorden, gescheiden door komma’s."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    publish_from = models.DateTimeField(
        _("publiceren vanaf"),
        default=timezone.now,
        db_index=True,
        validators=PUBLICATION_MOMENT_VALIDATORS,
        help_text=_("Het item verschijnt vanaf dit moment op de site, als de status ‘Gepubliceerd’ is."),
    )
    publish_until = models.DateTimeField(
        _("publiceren tot"),
        null=True,
        blank=True,
        validators=PUBLICATION_MOMENT_VALIDATORS,
        help_text=_("Optioneel: vanaf dit moment is het item niet meer zichtbaar."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = PublishableQuerySet.as_manager()
    #: Revisions: every save keeps a copy, with its themes, partners and audiences (django-simple-history).
    history = PublishableHistory(inherit=True, m2m_fields=["partners", "themes", "audiences"])

    #: The URL namespace of the app, e.g. ``"articles"``; set by each subclass.
    url_namespace = ""

    class Meta:
        abstract = True
        ordering = ["-publish_from"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        """Body text is stored sanitised, whatever wrote it (admin, import, shell)."""
        self.body = richtext.sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return cached_reverse(f"{self.url_namespace}:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.publish_until and self.publish_from and self.publish_until <= self.publish_from:
            errors["publish_until"] = _("‘Publiceren tot’ moet na ‘publiceren vanaf’ liggen.")
        if self.image and not self.image_decorative and not self.image_alt.strip():
            errors["image_alt"] = _(
                "Beschrijf wat er op de afbeelding staat, of vink ‘alleen decoratief’ aan als ze niets toevoegt."
            )
        if errors:
            raise ValidationError(errors)

    def related_list(self, name: str) -> list[models.Model]:
        """The objects of relation ``name``: as fetched with the item (``with_related``, ``prefetch_related``),
        else with a query.

        Cards read these lists directly: going through ``item.partners.all()`` builds a related manager and a
        queryset for every card, which cost more than the rest of the card's relations.
        """
        fetched = self.__dict__.get("_prefetched_objects_cache", {}).get(name)
        return list(fetched if fetched is not None else getattr(self, name).all())

    @property
    def partner_list(self) -> list[models.Model]:
        return self.related_list("partners")

    @property
    def theme_list(self) -> list[models.Model]:
        return self.related_list("themes")

    @property
    def body_html(self) -> SafeString:
        """The body for a template: sanitised again, so that only sanitised HTML is ever marked safe."""
        return richtext.body_html(self.body)

    @property
    def publication_state(self) -> str:
        """‘concept’, ‘gepland’, ‘online’ or ‘verlopen’, as the editors' change list shows it."""
        now = timezone.now()
        if self.status != self.Status.PUBLISHED:
            return "concept"
        if self.publish_from > now:
            return "gepland"
        if self.publish_until is not None and self.publish_until <= now:
            return "verlopen"
        return "online"

    @property
    def is_published(self) -> bool:
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_from <= now
            and (self.publish_until is None or self.publish_until > now)
        )
