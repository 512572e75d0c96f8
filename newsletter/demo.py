"""The Voorjaar 2022 edition, recreated from the demo content (called by ``manage.py load_demo``)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from newsletter.models import Edition, EditionItem, Section
from wijkwijzer import demo_content

SLUG = "update-platform-wijkwijzer-voorjaar-2022"
TITLE = "Update platform WijkWijzer Voorjaar 2022"

INTRODUCTION = (
    "De kennis- en netwerkorganisaties actief op het terrein van leefbaarheid en veiligheid bundelen hun krachten "
    "in het kennis- en leerplatform WijkWijzer. Deze organisaties hebben de afgelopen tijd aandacht gevraagd voor "
    "het versterken van een brede gebiedsgerichte aanpak en om een beweging te maken naar wijk- en buurtgericht "
    "werken. Dit willen we samen met bewoners, gebiedsgerichte professionals, beleidsmakers en bestuurders voor "
    "elkaar krijgen. Met deze nieuwsbrief laten we zien waar we als WijkWijzer mee bezig zijn geweest én waar we de "
    "komende tijd mee aan de slag gaan. Wat kunt u van ons verwachten de komende maanden? Welke activiteiten staan "
    "er op de agenda? Dit overzicht is bij lange na niet compleet – zie www.wijkwijzer.org voor al onze activiteiten "
    "en publicaties."
)

CLOSING = (
    "WijkWijzer is hét platform voor leefbare en veilige wijken. WijkWijzer heeft als doel om kennisuitwisseling "
    "tussen beleidsmakers, wijkprofessionals en actieve bewoners te stimuleren en draagt bij aan de beweging waarin "
    "betrokken personen en organisaties samenwerken aan stedelijke vernieuwing en versterking van de wijk- en "
    "buurtaanpak. WijkWijzer is een samenwerking van: het Landelijk Samenwerkingsverband Actieve bewoners (LSA), "
    "het Landelijk Platform Buurt- en Wijkgericht Werken (LPB), het Centrum voor Criminaliteitspreventie en "
    "Veiligheid (CCV), het Verwey-Jonker Instituut, Movisie, Platform31, de Vereniging van Nederlandse Gemeenten "
    "(VNG) en het ministerie van Binnenlandse Zaken en Koninkrijksrelaties."
)


@transaction.atomic
def edition_load_demo(*, articles: list, calls: list, events: list, shift: int = 0) -> Edition:
    """Create or update the edition with the given items, in the given order, as sent on its (shifted) date.

    Idempotent: keyed on the slug, and its items are replaced. Only featured events are in the agenda,
    as in the original. Deliveries are not made: the archive shows the edition, nobody is mailed.
    """
    issue_date = demo_content.EDITION_DATE + datetime.timedelta(days=shift)
    sent_at = timezone.make_aware(datetime.datetime.combine(issue_date, datetime.time(10, 0)))
    edition, _ = Edition.objects.update_or_create(
        slug=SLUG,
        defaults={
            "title": TITLE,
            "issue_date": issue_date,
            "introduction": INTRODUCTION,
            "closing": CLOSING,
            "status": Edition.Status.SENT,
            "sent_at": sent_at,
        },
    )
    edition.items.all().delete()
    entries = [
        *[(Section.VERDIEPEN, "article", item) for item in articles],
        *[(Section.MEEDOEN, "call", item) for item in calls],
        *[(Section.AGENDA, "event", item) for item in events if item.featured],
    ]
    EditionItem.objects.bulk_create(
        EditionItem(edition=edition, section=section, order=order, **{field: item})
        for order, (section, field, item) in enumerate(entries, start=1)
    )
    return edition
