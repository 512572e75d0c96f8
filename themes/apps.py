from django.apps import AppConfig


class ThemesConfig(AppConfig):
    verbose_name = "Thema’s en doelgroepen"
    name = "themes"
