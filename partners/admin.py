from django.contrib import admin

from editors.scoping import OrganisationScopedAdminMixin
from partners.models import Partner
from wijkwijzer.admin import UploadsNotKeptMixin


@admin.register(Partner)
class PartnerAdmin(UploadsNotKeptMixin, OrganisationScopedAdminMixin, admin.ModelAdmin):
    """A Redacteur sees only his own organisation(s), here and in the partner choices of every form."""

    organisation_lookup = "pk"
    list_display = ["name", "short_name", "order", "website"]
    list_editable = ["order"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
