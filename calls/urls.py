from django.urls import path

from calls import views

app_name = "calls"
urlpatterns = [
    path("", views.CallListView.as_view(), name="list"),
    path("gesloten/", views.CallListView.as_view(closed=True), name="closed"),
    path("<slug:slug>/", views.CallDetailView.as_view(), name="detail"),
]
