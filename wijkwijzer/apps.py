from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class WijkwijzerConfig(AppConfig):
    name = "wijkwijzer"
    default = True  # the app's config, although this module holds others

    def ready(self) -> None:
        from wijkwijzer import caching

        caching.connect_signals()


class TagsConfig(TaggitAppConfig):
    """django-taggit under a Dutch name in the admin (its own is ‘Taggit’)."""

    verbose_name = _("Tags")
