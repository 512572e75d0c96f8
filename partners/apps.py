from django.apps import AppConfig


class PartnersConfig(AppConfig):
    verbose_name = "Partners"
    name = "partners"
