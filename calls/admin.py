from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from wijkwijzer.admin import PublishableAdmin


@admin.register(Call)
class CallAdmin(PublishableAdmin):
    list_display = ["title", "deadline_date", *PublishableAdmin.list_display[1:]]
    domain_fieldsets = [(_("Oproep"), {"fields": ["deadline_date", "deadline_time", "action_label", "action_url"]})]
