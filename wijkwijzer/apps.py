from django.apps import AppConfig


class WijkwijzerConfig(AppConfig):
    name = "wijkwijzer"

    def ready(self) -> None:
        from wijkwijzer import caching

        caching.connect_signals()
