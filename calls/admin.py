from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from wijkwijzer.admin import PublishableAdmin


@admin.register(Call)
class CallAdmin(PublishableAdmin):
    list_display = ["title", "deadline_date", *PublishableAdmin.list_display[1:]]
    domain_fieldsets = [(_("Oproep"), {"fields": ["deadline_date", "deadline_time", "action_label", "action_url"]})]
    # Editors look for calls by their deadline ("which close this month?"), as for events by their date.
    date_hierarchy = "deadline_date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_published and not obj.is_open:
            messages.warning(
                request,
                _(
                    "Let op: de deadline van deze oproep is al voorbij. Ze staat daarom bij de gesloten oproepen, "
                    "niet bij Meedoen."
                ),
            )
