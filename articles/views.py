from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article
from wijkwijzer import media
from wijkwijzer.pagination import ForgivingPaginationMixin
from wijkwijzer.prepared import prepared

#: The querysets of the Verdiepen pages, their SQL written once per process (wijkwijzer/prepared.py).
_published = prepared(lambda moment: Article.objects.published(moment).for_cards().newest_first())
_detail = prepared(lambda moment, slug: Article.objects.published(moment).with_relations().filter(slug=slug))


class ArticleListView(ForgivingPaginationMixin, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        return _published.selection()


class ArticleDetailView(DetailView):
    model = Article
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        return _detail.get(self.kwargs["slug"])


def article_download(request, slug):
    """The article's attachment, served as a download."""
    return media.attachment_response(get_object_or_404(Article.objects.published(), slug=slug).download)
