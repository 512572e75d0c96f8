"""``manage.py make_renditions``: the WebP renditions of every item's image that are not there yet.

An editor's save makes them (``PublishableAdmin.save_model``), so that no visitor waits for them. Run this after a
restore of the database without its renditions, or an upgrade that renamed them (as session 13 did, to keep two
originals of the same name apart), before the new code serves traffic; existing ones are left as they are.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from articles.models import Article
from calls.models import Call
from events.models import Event
from wijkwijzer import media


class Command(BaseCommand):
    help = "Make the missing WebP renditions of every item's image (existing ones are kept)."

    def handle(self, *args, **options) -> None:
        images = made = 0
        for model in (Article, Call, Event):
            for item in model.objects.exclude(image="").only("image", "image_width", "image_height").iterator():
                try:
                    made += media.make_missing_renditions(item.image, item.image_width, item.image_height)
                except OSError as error:  # the original is gone from the storage: nothing to make them from
                    self.stderr.write(f"{model._meta.verbose_name} {item.pk}: {item.image.name}: {error}")
                    continue
                images += 1
        if options["verbosity"]:
            self.stdout.write(f"{images} afbeeldingen bekeken, {made} WebP-versies gemaakt.")
