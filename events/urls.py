from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.AgendaView.as_view(), name="list"),
    path("archief/", views.AgendaView.as_view(archive=True), name="archive"),
    path("archief/<int:year>/", views.AgendaView.as_view(archive=True), name="archive_year"),
    path("abonneren/", views.subscribe, name="subscribe"),
    path("abonneren/wijkwijzer-agenda.ics", views.agenda_feed, name="feed"),
    path("abonneren/thema/<slug:slug>.ics", views.theme_feed, name="theme_feed"),
    path("abonneren/partner/<slug:slug>.ics", views.partner_feed, name="partner_feed"),
    path("<slug:slug>.ics", views.event_ics, name="ics"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
]
