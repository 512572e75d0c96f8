"""The admin shared by everything editors publish.

``PublishableAdmin`` gives articles, calls and events: organisation scoping for Redacteuren (``editors``),
the publication state with a filter and bulk actions, revisions with restore (django-simple-history, relations
included), the rich-text body, checked images and attachments, and previews with share links.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from taggit.models import Tag

from editors.models import PreviewLink, SlugRedirect
from editors.roles import edits_all_organisations, organisation_ids
from editors.scoping import OrganisationScopedAdminMixin
from partners.models import Partner
from wijkwijzer import media, preview, richtext

STATE_LABELS = {
    "concept": _("Concept"),
    "gepland": _("Gepland"),
    "online": _("Online"),
    "verlopen": _("Verlopen"),
}


class UploadsNotKeptMixin:
    """Says so when a save fails after files were chosen: browsers empty a file field on the returned form, so
    the editor would otherwise save again without the image or attachment and not notice. Files refused for
    themselves are left out: their field says why, and choosing them again would not help."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A POST only comes back to the form when something in it was wrong (a good save redirects).
        if request.method == "POST" and request.FILES:
            forms = [context["adminform"].form]
            for inline in context.get("inline_admin_formsets", []):
                forms += inline.formset.forms
            refused = {form.add_prefix(name) for form in forms for name in form.errors}
            names = [upload.name for field, upload in request.FILES.items() if field not in refused]
            if names:
                listed = [f"‘{name}’" for name in names]
                together = listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} en {listed[-1]}"
                messages.warning(
                    request,
                    ngettext(
                        "Het gekozen bestand %(names)s is niet opgeslagen, omdat het formulier nog fouten heeft. "
                        "Kies het opnieuw voordat je opslaat.",
                        "De gekozen bestanden %(names)s zijn niet opgeslagen, omdat het formulier nog fouten heeft. "
                        "Kies ze opnieuw voordat je opslaat.",
                        len(names),
                    )
                    % {"names": together},
                )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


def expired_warning(count: int) -> str:
    return ngettext(
        "Let op: ‘publiceren tot’ ligt al in het verleden. Bezoekers zien dit item daarom niet; maak het veld leeg "
        "of kies een latere datum.",
        "Let op: bij %(count)d items ligt ‘publiceren tot’ al in het verleden. Bezoekers zien ze daarom niet; maak "
        "het veld leeg of kies een latere datum.",
        count,
    ) % {"count": count}


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("zichtbaarheid")
    parameter_name = "zichtbaarheid"

    def lookups(self, request, model_admin):
        return [(key, STATE_LABELS[key]) for key in ("online", "gepland", "verlopen", "concept")]

    def queryset(self, request, queryset):
        match self.value():
            case "online":
                return queryset.published()
            case "gepland":
                return queryset.scheduled()
            case "verlopen":
                return queryset.expired()
            case "concept":
                return queryset.drafts()
        return queryset


class CheckedImageField(forms.ImageField):
    """An image field that leaves the checks to ``media.clean_image`` (the form's ``clean_image``), whose messages
    say what is wrong and what to do. Django's own check came first and said only that the file was "geen of een
    beschadigde afbeelding", for an SVG and for an image of too many pixels alike, and the list of eighty file
    extensions it checked next meant formats that are refused anyway (the contents decide, not the name)."""

    default_validators = []

    def to_python(self, data):
        return forms.FileField.to_python(self, data)


class PublishableAdminForm(forms.ModelForm):
    """Checks what an editor enters: organisations, images, attachments; restores relations from a revision."""

    class Meta:
        field_classes = {"image": CheckedImageField}

    #: Set per request by ``PublishableAdmin.get_form``.
    editor = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].widget = richtext.RichTextarea()
        self._limit_partner_choices()
        self._initial_relations_from_revision()

    def _limit_partner_choices(self) -> None:
        field = self.fields.get("partners")
        if field is None or self.editor is None or edits_all_organisations(self.editor):
            return
        # A Redacteur chooses among his own organisations; partners an item already has (a joint publication
        # with another organisation) stay choosable so that saving does not drop them.
        current = self.instance.partners.values("pk") if self.instance.pk else []
        field.queryset = Partner.objects.filter(Q(pk__in=organisation_ids(self.editor)) | Q(pk__in=current))

    def _initial_relations_from_revision(self) -> None:
        """On the ‘restore this version’ form: the themes, partners and audiences of that version."""
        record = getattr(self.instance, "_history", None)
        if record is None or self.is_bound:
            return
        for field in record._history_m2m_fields:
            if field.name in self.fields:
                through_field = field.m2m_reverse_field_name()
                self.initial[field.name] = [
                    getattr(row, f"{through_field}_id") for row in getattr(record, field.name).all()
                ]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return media.clean_image(image)
        return image

    def clean_tags(self):
        """Each keyword fits taggit's column (100 characters): a pasted sentence without commas gave a server error
        and lost the form."""
        tags = self.cleaned_data.get("tags") or []
        limit = Tag._meta.get_field("name").max_length
        too_long = [tag for tag in tags if len(tag) > limit]
        if too_long:
            raise forms.ValidationError(
                _(
                    "Een trefwoord mag hooguit %(limit)d tekens lang zijn; ‘%(tag)s…’ heeft er %(length)d. Scheid "
                    "trefwoorden met komma’s."
                )
                % {"limit": limit, "tag": too_long[0][:40], "length": len(too_long[0])}
            )
        return tags

    def clean_download(self):
        download = self.cleaned_data.get("download")
        if download and hasattr(download, "content_type"):
            media.validate_attachment(download)
        return download

    def clean_slug(self):
        """A Redacteur cannot take an old address of another organisation's item: links to it (in sent newsletters,
        on partners' sites) lead to that item by a redirect, and would lead to his item instead."""
        slug = self.cleaned_data.get("slug")
        if not slug or self.editor is None or edits_all_organisations(self.editor):
            return slug
        model = self._meta.model
        owner = (
            SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(model), old_slug=slug)
            .exclude(object_id=self.instance.pk or 0)
            .values_list("object_id", flat=True)
            .first()
        )
        if (
            owner is not None
            and not model.objects.filter(pk=owner, partners__in=organisation_ids(self.editor)).exists()
        ):
            raise ValidationError(
                _(
                    "Dit is het oude webadres van een item van een andere organisatie: links daarheen, bijvoorbeeld in "
                    "verstuurde nieuwsbrieven, leiden nog naar dat item. Kies een ander webadres."
                ),
                code="old_slug_of_other_organisation",
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        if "partners" in self.fields and self.editor is not None and not edits_all_organisations(self.editor):
            own = organisation_ids(self.editor)
            chosen = cleaned.get("partners")
            if chosen is not None and not chosen.exists():
                # A new item gets the editor's organisation(s) by itself.
                cleaned["partners"] = Partner.objects.filter(pk__in=own)
            elif chosen is not None and not chosen.filter(pk__in=own).exists():
                self.add_error(
                    "partners",
                    _("Kies ten minste één van je eigen organisaties; anders kun je dit item niet meer bewerken."),
                )
        return cleaned


class DutchHistoryContextHelper(HistoricalRecordContextHelper):
    """A revision's changes as an editor reads them: choices by their label, dates in Dutch, lists without
    brackets, ‘(leeg)’ for nothing."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, list):
            return ", ".join(str(item) for item in value) or _("(geen)")
        if value is None or value == "":
            return _("(leeg)")
        if isinstance(value, bool):
            return _("ja") if value else _("nee")
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, datetime.datetime):
            return formats.localize(timezone.localtime(value))
        if isinstance(value, datetime.date):
            return formats.localize(value)
        return value


def _require_key(field, value) -> None:
    """404 for an address whose id is not one (``…/12/change/history/`` read as item ‘12/change’): simple-history
    would look it up as it is and fail with a server error."""
    try:
        field.to_python(value)
    except ValidationError:
        raise Http404 from None


class PublishableAdmin(UploadsNotKeptMixin, OrganisationScopedAdminMixin, SimpleHistoryAdmin):
    """Admin for ``Publishable`` models: state at a glance, bulk publish, scoping, revisions and previews."""

    form = PublishableAdminForm
    change_form_template = "admin/wijkwijzer/publishable_change_form.html"
    list_display = ["title", "publication_state", "publish_from", "partner_names"]
    list_filter = [
        PublicationStateFilter,
        "status",
        ("partners", admin.RelatedOnlyFieldListFilter),
        "themes",
        "audiences",
    ]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}

    def view_on_site(self, obj):
        """Django's "Weergeven op website" only for an item that is online: the others' page is a 404 to everyone
        (their "Voorbeeld bekijken" shows them)."""
        return obj.get_absolute_url() if obj.is_published else None

    autocomplete_fields = ["partners", "themes", "audiences"]
    date_hierarchy = "publish_from"
    actions = ["publish", "unpublish"]
    list_per_page = 50
    # Django's "-" for nothing, in empty cells and as the filters' choice for items without partner or theme.
    empty_value_display = _("(geen)")
    readonly_fields = ["created_at", "updated_at"]
    history_list_display = ["history_status", "history_publish_from"]
    content_fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Afbeelding"), {"fields": ["image", "image_alt", "image_decorative"]}),
    ]
    tail_fieldsets = [
        (_("Indeling"), {"fields": ["partners", "themes", "audiences", "tags"]}),
        (
            _("Publicatie"),
            {
                "fields": ["status", "publish_from", "publish_until", "created_at", "updated_at"],
                "description": _(
                    "Een item met status ‘Gepubliceerd’ verschijnt vanzelf op ‘publiceren vanaf’ en verdwijnt "
                    "vanzelf na ‘publiceren tot’. Zet een datum in de toekomst om het in te plannen."
                ),
            },
        ),
    ]
    domain_fieldsets = []

    def get_fieldsets(self, request, obj=None):
        return [*self.content_fieldsets, *self.domain_fieldsets, *self.tail_fieldsets]

    def get_deleted_objects(self, objs, request):
        """Django's list of what a delete takes along, without the rows that link an item to its partners, themes
        and audiences: they go with the item, and Django names them by their table ("Article_partners object
        (13)", "Article-partner-relaties: 2")."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = [
            field.remote_field.through._meta
            for field in self.model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        prefixes = tuple(f"{capfirst(meta.verbose_name)}: " for meta in links)
        plurals = {str(meta.verbose_name_plural) for meta in links}

        def without_links(items: list) -> list:
            kept = []
            for item in items:
                if isinstance(item, list):
                    if children := without_links(item):
                        kept.append(children)
                elif not str(item).startswith(prefixes):
                    kept.append(item)
            return kept

        counts = {name: count for name, count in model_count.items() if str(name) not in plurals}
        return without_links(to_delete), counts, perms_needed, protected

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"editor": request.user})

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partners")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "partners" not in initial and not edits_all_organisations(request.user):
            initial["partners"] = list(organisation_ids(request.user))
        return initial

    def response_change(self, request, obj):
        match = request.resolver_match
        restoring = match and match.url_name and match.url_name.endswith("_simple_history")
        if restoring and "_change_history" not in request.POST:  # (that button edits a version: SIMPLE_HISTORY_EDIT)
            # Restoring a version: Django's message would say "changed", and send the editor to the list.
            # (The URL's second group is the version: simple_history's ``history/<version>/``, checked by its view.)
            version = self.model.history.filter(history_id=match.args[1]).first()
            when = formats.localize(timezone.localtime(version.history_date)) if version else ""
            self.message_user(
                request,
                _(
                    "Teruggezet: %(name)s ‘%(obj)s’ heeft weer de inhoud van de versie van %(when)s, opgeslagen als "
                    "nieuwe versie."
                )
                % {"name": self.opts.verbose_name, "obj": obj, "when": when},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
            )
        return super().response_change(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        _require_key(self.opts.pk, unquote(object_id))
        # The columns' names (templates/simple_history/object_history_list.html): their methods' descriptions.
        labels = [getattr(self, name).short_description for name in self.history_list_display]
        extra_context = {"history_list_labels": labels, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    @admin.display(description=_("Status"))
    def history_status(self, record) -> str:
        return record.get_status_display()

    @admin.display(description=_("Publiceren vanaf"))
    def history_publish_from(self, record) -> str:
        return formats.localize(timezone.localtime(record.publish_from)) if record.publish_from else "–"

    def get_historical_record_context_helper(self, request, historical_record):
        return DutchHistoryContextHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _require_key(self.opts.pk, unquote(object_id))
        _require_key(self.model.history.model._meta.pk, version_id)
        if request.method == "POST":
            # The revision that a restore writes says so, in the history's "Reden" column (it said "Gewijzigd" only).
            restored = self.model.history.filter(pk=version_id).values_list("history_date", flat=True).first()
            if restored is not None:
                request.wijkwijzer_restored = formats.localize(timezone.localtime(restored))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple-history would call select_related() without fields for models without foreign keys, which
        # Django 6.1 deprecates; a revision's only foreign key is its author.
        return history_manager.filter(**{pk_name: object_id}).select_related("history_user")

    # --- Saving: one revision per save, with the relations as saved ---
    # The admin saves an object, then its relations, then logs the change; the revision is written at that last
    # step, so that it holds the themes, partners and audiences as saved (restoring a revision goes the same way).

    def save_model(self, request, obj, form, change):
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)
        if obj.status == obj.Status.PUBLISHED and obj.publish_until and obj.publish_until <= timezone.now():
            messages.warning(request, expired_warning(1))
        if obj.image and "image" in form.changed_data:
            # Made now, while the editor waits, so that no visitor waits for them.
            media.renditions(obj.image, obj.image_width, obj.image_height)

    def log_addition(self, request, obj, message):
        self._write_revision(request, obj, created=True)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._write_revision(request, obj, created=False)
        return super().log_change(request, obj, message)

    def _write_revision(self, request, obj, *, created: bool) -> None:
        if not hasattr(obj, "skip_history_when_saving"):
            return
        del obj.skip_history_when_saving
        obj._history_user = request.user
        restored = getattr(request, "wijkwijzer_restored", None)
        if restored:
            obj._change_reason = _("Teruggezet naar de versie van %(moment)s") % {"moment": restored}
        obj.save(update_fields=["updated_at"])
        obj.__dict__.pop("_change_reason", None)
        if created:
            obj.history.filter(pk=obj.history.latest().pk).update(history_type="+")

    # --- The change list ---

    @admin.display(description=_("zichtbaarheid"))
    def publication_state(self, obj) -> str:
        return STATE_LABELS[obj.publication_state]

    @admin.display(description=_("partners"))
    def partner_names(self, obj) -> str:
        return ", ".join(partner.short_name for partner in obj.partners.all())

    def _set_status(self, request, queryset, status) -> tuple[int, int]:
        """Set ``status`` on the items, each with a revision, all or none; the number changed, and of those the
        number whose ‘publiceren tot’ has passed (published, they stay offline)."""
        count = expired = 0
        now = timezone.now()
        with transaction.atomic():
            for item in queryset:
                if item.status != status:
                    item.status = status
                    item._history_user = request.user
                    item.save(update_fields=["status", "updated_at"])
                    count += 1
                    expired += item.publish_until is not None and item.publish_until <= now
        return count, expired

    @admin.action(description=_("Geselecteerde items publiceren"), permissions=["change"])
    def publish(self, request, queryset):
        count, expired = self._set_status(request, queryset, "published")
        self.message_user(
            request,
            ngettext(
                "%d item gepubliceerd; een item met een latere publicatiedatum verschijnt op die datum.",
                "%d items gepubliceerd; items met een latere publicatiedatum verschijnen op die datum.",
                count,
            )
            % count,
            messages.SUCCESS,
        )
        if expired:
            self.message_user(request, expired_warning(expired), messages.WARNING)

    @admin.action(description=_("Geselecteerde items terugzetten naar concept"), permissions=["change"])
    def unpublish(self, request, queryset):
        count, _expired = self._set_status(request, queryset, "draft")
        self.message_user(
            request,
            ngettext("%d item teruggezet naar concept.", "%d items teruggezet naar concept.", count) % count,
            messages.SUCCESS,
        )

    # --- Previews and share links ---

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/voorbeeld/", wrap(self.preview_view), name=f"{prefix}_preview"),
            path("<path:object_id>/deellinks/", wrap(self.preview_links_view), name=f"{prefix}_preview_links"),
            *super().get_urls(),
        ]

    def _editable_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("Dit item bestaat niet, of je mag het niet bewerken."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def preview_view(self, request, object_id):
        return preview.render_preview(request, self._editable_object(request, object_id))

    def preview_links_view(self, request, object_id):
        obj = self._editable_object(request, object_id)
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            if "revoke" in request.POST:
                _require_key(PreviewLink._meta.pk, request.POST["revoke"])
                link = get_object_or_404(preview.links_for(obj), pk=request.POST["revoke"])
                preview.preview_link_revoke(link=link)
                self.message_user(request, _("De voorbeeldlink is ingetrokken; hij werkt niet meer."), messages.SUCCESS)
            else:
                try:
                    days = int(request.POST.get("days", preview.DEFAULT_LIFETIME_DAYS))
                    preview.preview_link_create(item=obj, user=request.user, days=days)
                except ValueError:
                    self.message_user(request, _("Kies hoe lang de link geldig is."), messages.ERROR)
                else:
                    self.message_user(
                        request, _("Voorbeeldlink gemaakt. Kopieer hem hieronder en stuur hem door."), messages.SUCCESS
                    )
            return HttpResponseRedirect(request.path)
        links = [
            {"link": link, "url": request.build_absolute_uri(preview.url_for(link)) if link.is_active else ""}
            for link in preview.links_for(obj)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Voorbeeldlinks voor ‘%(title)s’") % {"title": obj},
            "subtitle": None,
            "opts": self.opts,
            "original": obj,
            "links": links,
            "lifetimes": preview.LIFETIME_CHOICES,
            "default_lifetime": preview.DEFAULT_LIFETIME_DAYS,
            "preview_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_preview", args=[obj.pk]),
            "change_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]),
            "can_change": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/wijkwijzer/preview_links.html", context)


__all__ = ["PreviewLink", "PublicationStateFilter", "PublishableAdmin", "PublishableAdminForm"]
