from django.contrib import admin
from taggit.models import Tag

from themes.models import Audience, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# Keywords are shared by the items of every organisation: a Redacteur adds them (on his items) and sees them, only
# the Hoofdredactie renames or deletes them. This replaces django-taggit's own admin, whose "Merge selected tags"
# (in English) checked no permission, so that any editor could rename keywords on other organisations' items, and
# whose change form listed every content type of the site.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
