from django.apps import AppConfig


class CallsConfig(AppConfig):
    verbose_name = "Meedoen"
    name = "calls"
