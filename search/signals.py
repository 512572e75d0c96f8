"""Signal handlers that keep the search index current; connected in ``SearchConfig.ready``.

Every save, delete and change of partners, themes, audiences or tags of an item re-indexes that item at once,
in the same transaction, so a search right after an editor's save already finds the new text. Renaming or
deleting a theme, audience or partner re-indexes every item that mentions it.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import TaggedItem

from partners.models import Partner
from search import indexing
from search.models import SearchEntry
from themes.models import Audience, Theme

_M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}


def _item_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata: relations may not exist yet; run rebuild_search_index afterwards
        return
    indexing.index_object(instance)


def _item_deleted(sender, instance, **kwargs) -> None:
    indexing.unindex_object(instance)


def _relations_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    if action not in _M2M_ACTIONS:
        return
    if not reverse:
        if type(instance) in indexing.INDEXED_MODELS:
            indexing.index_object(instance)
        return
    # theme.articles.add(...): ``model`` is the item model, ``pk_set`` its changed items (None on clear).
    if model in indexing.INDEXED_MODELS:
        if pk_set is None:
            field = {Theme: "theme_ids", Audience: "audience_ids", Partner: "partner_ids"}.get(type(instance))
            if field:
                indexing.reindex_entries(SearchEntry.objects.filter(**{f"{field}__contains": [instance.pk]}))
        else:
            indexing.index_objects(model, pk_set)


def _vocabulary_changed(sender, instance, raw=False, **kwargs) -> None:
    """A theme, audience or partner was renamed or deleted: the items that mention it change too."""
    if raw:
        return
    field = {Theme: "theme_ids", Audience: "audience_ids", Partner: "partner_ids"}[sender]
    entries = SearchEntry.objects.filter(**{f"{field}__contains": [instance.pk]})
    if sender is Partner:
        entries = entries.exclude(kind=SearchEntry.Kind.PARTNER)
    indexing.reindex_entries(entries)


def fill_empty_index(sender, using="default", **kwargs) -> None:
    """After ``migrate``: an empty index over existing content (a database from before search) is filled."""
    from django.db import connections

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if not {model._meta.db_table for model in (SearchEntry, *indexing.INDEXED_MODELS)} <= tables:
        return
    if SearchEntry.objects.using(using).exists():
        return
    if any(model.objects.using(using).exists() for model in indexing.INDEXED_MODELS):
        indexing.rebuild_index()


def connect() -> None:
    for model in indexing.INDEXED_MODELS:
        post_save.connect(_item_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_item_deleted, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
    for model in indexing.PUBLISHABLE_MODELS:
        for name in ("partners", "themes", "audiences"):
            through = getattr(model, name).through
            m2m_changed.connect(_relations_changed, sender=through, dispatch_uid=f"search-m2m-{through.__name__}")
    m2m_changed.connect(_relations_changed, sender=TaggedItem, dispatch_uid="search-m2m-tags")
    for model in (Theme, Audience, Partner):
        post_save.connect(_vocabulary_changed, sender=model, dispatch_uid=f"search-vocabulary-{model.__name__}")
        post_delete.connect(_vocabulary_changed, sender=model, dispatch_uid=f"search-vocabulary-del-{model.__name__}")
