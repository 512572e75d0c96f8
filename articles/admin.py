from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from wijkwijzer.admin import PublishableAdmin


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = ["title", "kind", *PublishableAdmin.list_display[1:]]
    list_filter = ["kind", *PublishableAdmin.list_filter]
    domain_fieldsets = [(_("Verdiepen"), {"fields": ["kind", "external_url", "external_label", "download"]})]
