from django.urls import path

from . import views

app_name = "teach"
urlpatterns = [
    path("", views.home, name="home"),
    path("sections/<uuid:section_id>/", views.section, name="section"),
    path("sections/<uuid:section_id>/mastery/", views.mastery, name="mastery"),
]
