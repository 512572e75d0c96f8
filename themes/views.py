from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView

from themes.models import Theme
from wijkwijzer.content import content_for


class ThemeListView(ListView):
    model = Theme
    template_name = "themes/theme_list.html"
    context_object_name = "themes"


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    return render(
        request,
        "themes/theme_detail.html",
        {"theme": theme, "content": content_for(request, theme=theme)},
    )
