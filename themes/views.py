from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from themes.dossier import dossier_for
from themes.models import Theme


class ThemeListView(ListView):
    model = Theme
    template_name = "themes/theme_list.html"
    context_object_name = "themes"


@require_safe
def theme_detail(request, slug):
    """The theme dossier: the editors' introduction, then the newest of each section of the site."""
    theme = get_object_or_404(Theme, slug=slug)
    return render(request, "themes/theme_detail.html", {"theme": theme, "dossier": dossier_for(theme)})
