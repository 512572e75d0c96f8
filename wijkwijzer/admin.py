"""The admin shared by everything editors publish."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("zichtbaarheid")
    parameter_name = "zichtbaarheid"

    def lookups(self, request, model_admin):
        return [
            ("online", _("Online")),
            ("gepland", _("Gepland")),
            ("verlopen", _("Verlopen")),
            ("concept", _("Concept")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status="published")
        match self.value():
            case "online":
                return queryset.published(now)
            case "gepland":
                return published.filter(publish_from__gt=now)
            case "verlopen":
                return published.filter(publish_until__lte=now)
            case "concept":
                return queryset.filter(status="draft")
        return queryset


class PublishableAdmin(admin.ModelAdmin):
    """Admin for ``Publishable`` models: state at a glance, bulk publish, autocomplete for relations."""

    list_display = ["title", "publication_state", "publish_from", "partner_names"]
    list_filter = [PublicationStateFilter, "status", "partners", "themes", "audiences"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["partners", "themes", "audiences"]
    date_hierarchy = "publish_from"
    actions = ["publish", "unpublish"]
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at"]
    content_fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Afbeelding"), {"fields": ["image", "image_alt"]}),
    ]
    tail_fieldsets = [
        (_("Indeling"), {"fields": ["partners", "themes", "audiences", "tags"]}),
        (_("Publicatie"), {"fields": ["status", "publish_from", "publish_until", "created_at", "updated_at"]}),
    ]
    domain_fieldsets = []

    def get_fieldsets(self, request, obj=None):
        return [*self.content_fieldsets, *self.domain_fieldsets, *self.tail_fieldsets]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partners")

    @admin.display(description=_("zichtbaarheid"))
    def publication_state(self, obj) -> str:
        now = timezone.now()
        if obj.status != obj.Status.PUBLISHED:
            return _("Concept")
        if obj.publish_from > now:
            return _("Gepland")
        if obj.publish_until and obj.publish_until <= now:
            return _("Verlopen")
        return _("Online")

    @admin.display(description=_("partners"))
    def partner_names(self, obj) -> str:
        return ", ".join(partner.short_name for partner in obj.partners.all())

    @admin.action(description=_("Geselecteerde items publiceren"))
    def publish(self, request, queryset):
        count = queryset.update(status="published")
        self.message_user(
            request,
            ngettext("%d item gepubliceerd.", "%d items gepubliceerd.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Geselecteerde items terugzetten naar concept"))
    def unpublish(self, request, queryset):
        count = queryset.update(status="draft")
        self.message_user(
            request,
            ngettext("%d item teruggezet naar concept.", "%d items teruggezet naar concept.", count) % count,
            messages.SUCCESS,
        )
