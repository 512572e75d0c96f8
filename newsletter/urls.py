from django.urls import include, path

from newsletter import views
from newsletter.webhooks import tracking_urlpatterns

app_name = "newsletter"
urlpatterns = [
    path("", views.archive, name="archive"),
    path("aanmelden/", views.subscribe, name="subscribe"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Bounce and complaint webhooks of the e-mail service (django-anymail): /nieuwsbrief/anymail/postmark/tracking/,
    # answering 404 until ANYMAIL_WEBHOOK_SECRET is set (newsletter/webhooks.py).
    path("anymail/", include((tracking_urlpatterns(), "anymail"))),
    path("<slug:slug>/", views.detail, name="detail"),
]
