from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Zoeken"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from search import signals

        signals.connect()
        post_migrate.connect(signals.fill_empty_index, sender=self, dispatch_uid="search-fill-empty-index")
