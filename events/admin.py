from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.models import Event
from wijkwijzer.admin import PublishableAdmin


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = ["title", "start_date", "end_date", "featured", *PublishableAdmin.list_display[1:]]
    list_filter = ["featured", "attendance", *PublishableAdmin.list_filter]
    list_editable = ["featured"]
    date_hierarchy = "start_date"
    domain_fieldsets = [
        (_("Wanneer"), {"fields": [("start_date", "end_date"), ("start_time", "end_time")]}),
        (_("Waar"), {"fields": ["attendance", "venue", "address", "city", "online_url"]}),
        (_("Aanmelden en uitlichten"), {"fields": ["registration_url", "featured"]}),
    ]
