from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article
from editors.redirects import RedirectOldSlugMixin
from wijkwijzer import media
from wijkwijzer.pagination import ForgivingPaginationMixin


class ArticleListView(ForgivingPaginationMixin, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_cards().order_by("-publish_from", "title")


class ArticleDetailView(RedirectOldSlugMixin, DetailView):
    model = Article
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        return get_object_or_404(Article.objects.published().with_relations(), slug=self.kwargs["slug"])


def article_download(request, slug):
    """The article's attachment, served as a download."""
    return media.attachment_response(get_object_or_404(Article.objects.published(), slug=slug).download)
