from django import forms
from django.contrib import admin

from editors.scoping import OrganisationScopedAdminMixin
from partners.models import Partner
from wijkwijzer import media
from wijkwijzer.admin import CheckedImageField, UploadsNotKeptMixin


class PartnerAdminForm(forms.ModelForm):
    """A logo is checked and cleaned as every other image (``media.clean_image``): JPEG, PNG or WebP within the
    size limits, without the camera's metadata, and refused with a message that says what to do."""

    class Meta:
        field_classes = {"logo": CheckedImageField}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            return media.clean_image(logo)
        return logo


@admin.register(Partner)
class PartnerAdmin(UploadsNotKeptMixin, OrganisationScopedAdminMixin, admin.ModelAdmin):
    """A Redacteur sees only his own organisation(s), here and in the partner choices of every form."""

    form = PartnerAdminForm
    organisation_lookup = "pk"
    list_display = ["name", "short_name", "order", "website"]
    list_editable = ["order"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
