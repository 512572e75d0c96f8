from django.urls import include, path

from newsletter import views

app_name = "newsletter"
urlpatterns = [
    path("", views.archive, name="archive"),
    path("aanmelden/", views.subscribe, name="subscribe"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Bounce and complaint webhooks of the e-mail service (django-anymail), e.g. /nieuwsbrief/anymail/postmark/tracking/
    path("anymail/", include("anymail.urls")),
    path("<slug:slug>/", views.detail, name="detail"),
]
