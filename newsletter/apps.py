from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Nieuwsbrief"

    def ready(self) -> None:
        from anymail.signals import tracking

        from newsletter.webhooks import tracking_received

        tracking.connect(tracking_received, dispatch_uid="newsletter.tracking_received")
