from django.urls import path

from . import views, whats_next_views

app_name = "family"
urlpatterns = [
    path("", views.home, name="home"),
    path("whats-next/", whats_next_views.whats_next, name="whats-next"),
]
