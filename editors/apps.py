from django.apps import AppConfig


class EditorsConfig(AppConfig):
    name = "editors"
    verbose_name = "Redactie"

    def ready(self) -> None:
        from editors import redirects

        redirects.connect_signals()
