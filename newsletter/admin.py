"""Composing, previewing, testing and sending editions; subscribers and the delivery ledger."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.csp import csp_override

from newsletter import services
from newsletter.models import SECTION_FIELDS, Delivery, Edition, EditionItem, Section, Subscriber
from newsletter.rendering import UNSUBSCRIBE_PLACEHOLDER, render_edition

NO_SUBSCRIBERS = _(
    "Er zijn geen abonnees met een bevestigd adres, dus de editie kan niet worden verstuurd. Ze blijft een "
    "concept; versturen kan zodra iemand zich heeft aangemeld en dat heeft bevestigd."
)

#: The mail preview is mail HTML (inline styles, a <style> block), not a page of the site.
MAIL_PREVIEW_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.NONE],
    "base-uri": [CSP.NONE],
}


def section_form(section: str) -> type[forms.ModelForm]:
    class SectionItemForm(forms.ModelForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # Set before validation, so that the model's constraints see the right section.
            self.instance.section = section
            # An item added by hand goes to the end of its section unless the editor gives a place (the model's
            # default, 0, would put it first).
            self.fields["order"].required = False
            self.fields["order"].help_text = _("Leeg: achteraan in de rubriek.")
            # A row needs its item: the model's constraint says so too, but Django leaves a constraint on a field
            # that is not on the form (the section) to the database, which answered with a server error.
            item = self.fields[SECTION_FIELDS[Section(section)]]
            item.required = True
            item.error_messages["required"] = _("Kies een item voor deze regel, of haal de regel weg.")
            if self.instance.pk is None:
                self.initial["order"] = None

        def save(self, commit=True):
            if self.instance.order is None:
                last = EditionItem.objects.filter(edition=self.instance.edition, section=section).aggregate(
                    last=Max("order")
                )["last"]
                self.instance.order = 1 if last is None else last + 1
            return super().save(commit)

    return SectionItemForm


class SectionFormSet(forms.BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        # Django's names the field ("Corrigeer de dubbele gegevens voor article").
        return _("Dit item staat twee keer in de editie. Haal het dubbele weg.")


class SectionInline(admin.TabularInline):
    model = EditionItem
    formset = SectionFormSet
    section = ""
    extra = 0
    ordering = ["order", "pk"]

    def get_fields(self, request, obj=None):
        return [SECTION_FIELDS[Section(self.section)], "blurb", "order"]

    def get_autocomplete_fields(self, request):
        return [SECTION_FIELDS[Section(self.section)]]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = section_form(self.section)
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(section=self.section)
            .select_related(SECTION_FIELDS[Section(self.section)])
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "blurb":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # An edition that went out is a record: its items no longer change.
    def has_add_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.is_draft) and super().has_delete_permission(request, obj)


class VerdiepenInline(SectionInline):
    section = Section.VERDIEPEN
    verbose_name = _("Verdiepen-item")
    verbose_name_plural = _("Verdiepen")


class MeedoenInline(SectionInline):
    section = Section.MEEDOEN
    verbose_name = _("Meedoen-oproep")
    verbose_name_plural = _("Meedoen")


class AgendaInline(SectionInline):
    section = Section.AGENDA
    verbose_name = _("activiteit")
    verbose_name_plural = _("Uitgelichte activiteiten")


def offline_warning(edition: Edition) -> str:
    """ "Niet online, en daarom niet in de mail: ‘A’ en ‘B’. …", or nothing when every item is online."""
    titles = [f"‘{item.item.title}’" for item in edition.offline_items()]
    if not titles:
        return ""
    listed = titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} {_('en')} {titles[-1]}"
    return ngettext(
        "Niet online, en daarom niet in de mail: %(titles)s. Publiceer het item, of haal het uit de editie.",
        "Niet online, en daarom niet in de mail: %(titles)s. Publiceer de items, of haal ze uit de editie.",
        len(titles),
    ) % {"titles": listed}


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["title", "issue_date", "status", "progress"]
    list_filter = ["status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [VerdiepenInline, MeedoenInline, AgendaInline]
    readonly_fields = ["status", "sent_at", "progress"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "issue_date", "introduction", "closing"]}),
        (_("Verzending"), {"fields": ["status", "sent_at", "progress"]}),
    ]
    change_form_template = "admin/newsletter/edition/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            # What went out by mail stays as it was, and so does its address: every mail links to it.
            return [*self.readonly_fields, "title", "slug", "issue_date", "introduction", "closing"]
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and not obj.is_draft else self.prepopulated_fields

    # The object tools have their own "Bekijk in het archief", once the sending started (the archive shows no
    # drafts to readers: Django's "Weergeven op website" led them to a 404).
    view_on_site = False

    @admin.display(description=_("voortgang"))
    def progress(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "–"
        if not hasattr(obj, "deliveries_total"):
            obj = Edition.objects.with_progress().get(pk=obj.pk)
        if not obj.deliveries_total:
            # A sent edition without deliveries was sent before WijkWijzer sent them (the demo's, an import).
            return _("geen verzendgegevens") if obj.status == Edition.Status.SENT else _("nog niet verstuurd")
        return _("%(sent)d verstuurd, %(failed)d mislukt of onzeker, %(to_go)d te gaan (van %(total)d)") % {
            "sent": obj.deliveries_sent,
            "failed": obj.deliveries_failed,
            "to_go": obj.deliveries_to_go,
            "total": obj.deliveries_total,
        }

    def get_urls(self):
        own = [
            path("<int:pk>/vullen/", self.admin_site.admin_view(self.fill_view), name="newsletter_edition_fill"),
            path(
                "<int:pk>/voorbeeld/", self.admin_site.admin_view(self.preview_view), name="newsletter_edition_preview"
            ),
            path("<int:pk>/test/", self.admin_site.admin_view(self.test_view), name="newsletter_edition_test"),
            path("<int:pk>/versturen/", self.admin_site.admin_view(self.send_view), name="newsletter_edition_send"),
            path("<int:pk>/hervatten/", self.admin_site.admin_view(self.resume_view), name="newsletter_edition_resume"),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        edition = Edition.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        extra_context = {
            **(extra_context or {}),
            "subscriber_count": Subscriber.objects.subscribed().count(),
            "offline_warning": offline_warning(edition) if edition is not None and edition.is_draft else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _edition(self, request, pk: int, *, change: bool = True) -> Edition:
        edition = get_object_or_404(Edition, pk=pk)
        allowed = self.has_change_permission(request, edition) if change else self.has_view_permission(request, edition)
        if not allowed:
            raise PermissionDenied
        return edition

    def _back(self, edition: Edition) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:newsletter_edition_change", args=[edition.pk]))

    def response_change(self, request, obj):
        """The buttons above a draft (fill, test, send) submit the edition's form: what the editor changed is saved
        first, instead of being lost (fill reloaded the page) or left out (the test showed the last saved text)."""
        if ("_fill" in request.POST or "_send" in request.POST) and not obj.is_draft:
            # From a page opened before the edition went out: it is a record now.
            self.message_user(request, _("Deze editie is al verstuurd of wordt nu verstuurd."), messages.WARNING)
        elif "_fill" in request.POST:
            self._fill(request, obj)
        elif "_test" in request.POST:
            self._send_test(request, obj)
        elif "_send" in request.POST:
            return HttpResponseRedirect(reverse("admin:newsletter_edition_send", args=[obj.pk]))
        else:
            return super().response_change(request, obj)
        return self._back(obj)

    def fill_view(self, request, pk: int):
        edition = self._edition(request, pk)
        if request.method != "POST" or not edition.is_draft:
            return self._back(edition)
        self._fill(request, edition)
        return self._back(edition)

    def _fill(self, request, edition: Edition) -> None:
        added = services.edition_fill(edition=edition)
        self.message_user(
            request,
            ngettext(
                "%(count)d item toegevoegd dat sinds de vorige editie is gepubliceerd.",
                "%(count)d items toegevoegd die sinds de vorige editie zijn gepubliceerd.",
                added,
            )
            % {"count": added},
            messages.SUCCESS if added else messages.INFO,
        )

    def preview_view(self, request, pk: int):
        edition = self._edition(request, pk, change=False)
        html = render_edition(edition).html.replace(UNSUBSCRIBE_PLACEHOLDER, reverse("newsletter:archive"))
        return csp_override(MAIL_PREVIEW_CSP)(lambda request: HttpResponse(html))(request)

    def test_view(self, request, pk: int):
        edition = self._edition(request, pk, change=False)
        if request.method == "POST":
            self._send_test(request, edition)
        return self._back(edition)

    def _send_test(self, request, edition: Edition) -> None:
        if not request.user.email:
            self.message_user(
                request,
                _("Je account heeft nog geen e-mailadres. Vraag een beheerder het in te vullen bij je gebruiker."),
                messages.ERROR,
            )
        else:
            try:
                services.edition_send_test(edition=edition, email=request.user.email)
            except services.MailServerUnavailable as error:
                self.message_user(
                    request,
                    _(
                        "De testmail is niet verstuurd: de mailserver is niet bereikbaar (%(error)s). Probeer het "
                        "later opnieuw."
                    )
                    % {"error": error},
                    messages.ERROR,
                )
            else:
                self.message_user(request, _("Testmail verstuurd naar %(email)s.") % {"email": request.user.email})

    def send_view(self, request, pk: int):
        edition = self._edition(request, pk)
        if not edition.is_draft:
            self.message_user(request, _("Deze editie is al verstuurd of wordt nu verstuurd."), messages.WARNING)
            return self._back(edition)
        if request.method == "POST":
            try:
                count = services.edition_send(edition=edition)
            except services.EditionNotDraft:
                self.message_user(request, _("Deze editie is al verstuurd of wordt nu verstuurd."), messages.WARNING)
            except services.NoSubscribers:
                self.message_user(request, NO_SUBSCRIBERS, messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "De editie gaat naar %(count)d abonnee. De voortgang zie je hieronder.",
                        "De editie gaat naar %(count)d abonnees. De voortgang zie je hieronder.",
                        count,
                    )
                    % {"count": count},
                    messages.SUCCESS,
                )
            return self._back(edition)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "edition": edition,
            "subscriber_count": Subscriber.objects.subscribed().count(),
            "has_items": any(section.items for section in edition.sections()),
            "offline_warning": offline_warning(edition),
            "title": _("Editie versturen"),
            "no_subscribers": NO_SUBSCRIBERS,
        }
        return TemplateResponse(request, "admin/newsletter/edition/send_confirmation.html", context)

    def resume_view(self, request, pk: int):
        edition = self._edition(request, pk)
        if request.method == "POST" and edition.status == Edition.Status.SENDING:
            recovered = services.edition_resume(edition=edition)
            message = str(_("Verzending hervat."))
            if recovered.uncertain:
                message += " " + ngettext(
                    "%(uncertain)d mail die onderweg was staat op ‘onzeker’: controleer die.",
                    "%(uncertain)d mails die onderweg waren staan op ‘onzeker’: controleer ze.",
                    recovered.uncertain,
                ) % {"uncertain": recovered.uncertain}
            self.message_user(request, message)
        return self._back(edition)


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "consent_at", "consent_form_version", "unsubscribed_at"]
    list_filter = ["status", "consent_form_version"]
    search_fields = ["email"]
    # Read-only, the status too: only the subscriber (double opt-in, the unsubscribe link), the mail service's
    # bounces and the action below change it; an editor must not subscribe an address again without its consent.
    readonly_fields = [
        "email",
        "status",
        "requested_at",
        "consent_at",
        "consent_form_version",
        "unsubscribed_at",
        "deactivation_reason",
    ]
    fields = readonly_fields
    actions = ["unsubscribe"]
    list_per_page = 100

    def has_add_permission(self, request):
        # Only the subscriber can subscribe (double opt-in); an editor cannot add addresses.
        return False

    def get_deleted_objects(self, objs, request):
        """Deleting a subscriber (the right to erasure) takes their deliveries with it, although nobody may delete
        a delivery on its own."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(str(Delivery._meta.verbose_name))
        return deleted, counts, perms_needed, protected

    @admin.action(description=_("Geselecteerde abonnees afmelden"))
    def unsubscribe(self, request, queryset):
        count = 0
        for subscriber in queryset.subscribed():
            services.subscriber_unsubscribe(subscriber=subscriber, reason="afgemeld door redactie")
            count += 1
        self.message_user(
            request, ngettext("%(count)d abonnee afgemeld.", "%(count)d abonnees afgemeld.", count) % {"count": count}
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "edition", "status", "sent_at", "error"]
    list_filter = ["status", "edition"]
    search_fields = ["subscriber__email"]
    list_select_related = ["subscriber", "edition"]
    actions = ["retry"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("newsletter.change_edition")

    @admin.action(
        description=_("Opnieuw versturen (alleen mislukte of onzekere, na controle)"),
        permissions=["retry"],
    )
    def retry(self, request, queryset):
        count = services.deliveries_retry(deliveries=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d verzending staat weer in de wachtrij.",
                "%(count)d verzendingen staan weer in de wachtrij.",
                count,
            )
            % {"count": count},
        )
