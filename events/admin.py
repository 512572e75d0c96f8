from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.models import Event
from wijkwijzer.admin import PublishableAdmin


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = ["title", "start_date", "end_date", "state", "featured", *PublishableAdmin.list_display[1:]]
    list_filter = ["state", "featured", "attendance", *PublishableAdmin.list_filter]
    list_editable = ["featured"]
    date_hierarchy = "start_date"
    readonly_fields = [*PublishableAdmin.readonly_fields, "sequence", "uid"]
    domain_fieldsets = [
        (_("Wanneer"), {"fields": [("start_date", "end_date"), ("start_time", "end_time")]}),
        (_("Doorgang"), {"fields": ["state", "previous_start_date"]}),
        (_("Waar"), {"fields": ["attendance", "venue", "address", "city", "online_url"]}),
        (_("Kosten en aanmelden"), {"fields": [("price", "price_note"), "registration_url", "registration_deadline"]}),
        (_("Uitlichten"), {"fields": ["featured"]}),
        (_("Agenda-export"), {"classes": ["collapse"], "fields": ["uid", "sequence"]}),
    ]
