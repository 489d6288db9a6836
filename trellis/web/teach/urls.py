from django.urls import path

from . import views

app_name = "teach"
urlpatterns = [
    path("", views.home, name="home"),
    path("sections/<uuid:section_id>/", views.section, name="section"),
    path("sections/<uuid:section_id>/mastery/", views.mastery, name="mastery"),
    path("sections/<uuid:section_id>/work/", views.inbox, name="inbox"),
    path("sections/<uuid:section_id>/work/<uuid:submission_id>/", views.score, name="score"),
    path("sections/<uuid:section_id>/work/<uuid:submission_id>/return/", views.return_work, name="return"),
    path(
        "sections/<uuid:section_id>/work/<uuid:submission_id>/reviewers/",
        views.assign_reviewer,
        name="assign-reviewer",
    ),
]
