from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    verbose_name = "Verdiepen"
    name = "articles"
