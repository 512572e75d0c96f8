from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from editors.models import Membership, SlugRedirect

User = get_user_model()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    verbose_name = _("organisatie waarvoor deze gebruiker redacteur is")
    verbose_name_plural = _("organisaties waarvoor deze gebruiker redacteur is")


admin.site.unregister(User)


@admin.register(User)
class EditorUserAdmin(UserAdmin):
    """Django's user admin, with the organisations a Redacteur edits for."""

    inlines = [*UserAdmin.inlines, MembershipInline]


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "content_type", "item_link", "created_at"]
    # Only the kinds of item that have redirects (Django's filter lists every table: sessions, revisions, …).
    list_filter = [("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["old_slug"]
    empty_value_display = _("(verwijderd)")

    # Made when an editor changes a slug (editors/redirects.py) and gone with the item; by hand it would take a table
    # and a number. They can be looked at and deleted.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The items of a page of redirects: one query per kind of item.
        return super().get_queryset(request).select_related("content_type").prefetch_related("item")

    @admin.display(description=_("item"))
    def item_link(self, redirect: SlugRedirect):
        """The item by its title, linked to where it is edited (its id alone told the editor nothing)."""
        if redirect.item is None:
            return None
        meta = redirect.item._meta
        return format_html(
            '<a href="{}">{}</a>',
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[redirect.item.pk]),
            redirect.item,
        )
