from django.apps import AppConfig


class WijkwijzerConfig(AppConfig):
    name = "wijkwijzer"
