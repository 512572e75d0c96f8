from django.apps import AppConfig


class EventsConfig(AppConfig):
    verbose_name = "Agenda"
    name = "events"
