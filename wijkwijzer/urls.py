from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from editors import scoping
from wijkwijzer import health, pages, preview, views

admin.site.site_header = "WijkWijzer redactie"
admin.site.site_title = "WijkWijzer redactie"
admin.site.index_title = "Inhoud beheren"
# Without the navigation sidebar: beside it and the filters, the lists of items scrolled sideways at 1280 px and
# hid their last columns. The breadcrumbs and the index lead everywhere.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", views.home, name="home"),
    path("verdiepen/", include("articles.urls")),
    path("meedoen/", include("calls.urls")),
    path("agenda/", include("events.urls")),
    path("partners/", include("partners.urls")),
    path("themas/", include("themes.urls")),
    path("nieuwsbrief/", include("newsletter.urls")),
    path("zoeken/", include("search.urls")),
    path("feeds/", include("wijkwijzer.feeds")),
    path("", include("wijkwijzer.sitemaps")),
    path("toegankelijkheid/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path(".well-known/security.txt", pages.security_txt, name="security-txt"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("voorbeeld/<str:token>/", preview.shared_preview, name="preview"),
    # Before the admin's own "r/" (view on site), which checks no permission (editors/scoping.py).
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(scoping.view_on_site),
        name="admin-view-on-site",
    ),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "wijkwijzer.views.page_not_found"
handler500 = "wijkwijzer.views.server_error"
