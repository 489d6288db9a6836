from django.urls import path

from . import pathways_views, views

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
    path("sections/<uuid:section_id>/pathways/", pathways_views.pathways, name="pathways"),
    path("sections/<uuid:section_id>/pathways/steer/", pathways_views.steer, name="pathways-steer"),
    path("sections/<uuid:section_id>/pathways/ways/", pathways_views.ways, name="pathways-ways"),
    path("sections/<uuid:section_id>/pathways/assign/", pathways_views.assign, name="pathways-assign"),
    path(
        "sections/<uuid:section_id>/pathways/assignments/end/",
        pathways_views.end_assignment,
        name="pathways-end-assignment",
    ),
]
