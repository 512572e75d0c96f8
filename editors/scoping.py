"""Admin mixins that keep a Redacteur inside his own organisation(s).

Every way into an object goes through ``get_queryset`` or the object-level permission methods: change lists,
change/history/delete URLs, admin actions (they run on the change list's queryset), autocomplete (it asks the
related model's admin for its queryset) and the choices of (inline) form fields.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse

from editors.roles import edits_all_organisations, organisation_ids, scope_to_organisations


def _is_scoped_model(model: type[Model]) -> bool:
    from partners.models import Partner
    from wijkwijzer.publishing import Publishable

    return issubclass(model, Partner | Publishable)


def scoped_choices(user, queryset):
    """The choices of a form field: limited for Partner and publishable items, left alone otherwise."""
    from partners.models import Partner

    model = queryset.model
    if not _is_scoped_model(model):
        return queryset
    return scope_to_organisations(user, queryset, "pk" if model is Partner else "partners")


class ScopedChoicesMixin:
    """Limits foreign-key and many-to-many choices to the editor's organisations (also for inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped_choices(request.user, field.queryset)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped_choices(request.user, field.queryset)
        return field


class OrganisationScopedAdminMixin(ScopedChoicesMixin):
    """For a ModelAdmin whose objects belong to partner organisations.

    ``organisation_lookup`` leads from the model to ``Partner``: ``"partners"`` for publishable items, ``"pk"``
    for the partners themselves.
    """

    organisation_lookup = "partners"

    def get_queryset(self, request):
        return scope_to_organisations(request.user, super().get_queryset(request), self.organisation_lookup)

    def in_scope(self, request, obj) -> bool:
        if obj is None or obj.pk is None or edits_all_organisations(request.user):
            return True
        if not organisation_ids(request.user):
            return False
        return scope_to_organisations(
            request.user, type(obj)._default_manager.filter(pk=obj.pk), self.organisation_lookup
        ).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)


class ScopedInlineMixin(ScopedChoicesMixin):
    """For inlines: their choices of partners and items are limited like the main form's."""


def view_on_site(request: HttpRequest, content_type_id: str, object_id: str) -> HttpResponse:
    """The admin's "Weergeven op website" link (``/admin/r/<type>/<id>/``), for the objects the editor may see in
    the admin only: Django's own view checks nothing, so that an editor could read the address (the title, as a
    slug) of another organisation's draft by trying numbers."""
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ValueError, ContentType.DoesNotExist):
        raise Http404 from None
    try:
        model_admin = admin.site.get_model_admin(model)
    except admin.exceptions.NotRegistered:
        raise Http404 from None
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
