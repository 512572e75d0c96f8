from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
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
    list_display = ["old_slug", "content_type", "object_id", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["old_slug"]
