from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.models import Event
from wijkwijzer.admin import PublishableAdmin
from wijkwijzer.dates import format_date_range


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    # Narrow enough for 1280 px beside the filters: one column for the dates, and the date hierarchy and filters
    # instead of a column for "publiceren vanaf".
    list_display = ["title", "dates", "state", "featured", "publication_state", "partner_names"]
    list_filter = ["state", "featured", "attendance", *PublishableAdmin.list_filter]
    list_editable = ["featured"]
    date_hierarchy = "start_date"
    readonly_fields = [*PublishableAdmin.readonly_fields, "sequence", "uid"]

    @admin.display(description=_("Wanneer"), ordering="start_date")
    def dates(self, event: Event) -> str:
        return format_date_range(event.start_date, event.end_date)

    domain_fieldsets = [
        (_("Wanneer"), {"fields": [("start_date", "end_date"), ("start_time", "end_time")]}),
        (_("Doorgang"), {"fields": ["state", "previous_start_date"]}),
        (_("Waar"), {"fields": ["attendance", "venue", "address", "city", "online_url"]}),
        (_("Kosten en aanmelden"), {"fields": [("price", "price_note"), "registration_url", "registration_deadline"]}),
        (_("Uitlichten"), {"fields": ["featured"]}),
        (_("Agenda-export"), {"classes": ["collapse"], "fields": ["uid", "sequence"]}),
    ]
