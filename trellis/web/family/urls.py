from django.urls import path

from . import portal_views, views, whats_next_views

app_name = "family"
urlpatterns = [
    path("", views.home, name="home"),
    path("whats-next/", whats_next_views.whats_next, name="whats-next"),
    path("children/<uuid:learner_id>/", portal_views.portal, name="portal"),
]
