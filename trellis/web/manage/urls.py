from django.urls import path

from . import framework_views, views

app_name = "manage"
urlpatterns = [
    path("", views.home, name="home"),
    path("schools/<uuid:school_id>/", views.school, name="school"),
    path("learners/<uuid:learner_id>/team/", views.team, name="team"),
    path("imports/roster/", views.roster_upload, name="roster-upload"),
    path("imports/<uuid:run_id>/", views.import_run, name="import-run"),
    path("imports/<uuid:run_id>/apply/", views.import_apply, name="import-apply"),
    path("frameworks/", framework_views.frameworks, name="frameworks"),
    path("frameworks/<uuid:framework_id>/", framework_views.framework, name="framework"),
    path(
        "frameworks/<uuid:framework_id>/competencies/new/",
        framework_views.competency_new,
        name="competency-new",
    ),
    path(
        "frameworks/<uuid:framework_id>/competencies/<uuid:competency_id>/",
        framework_views.competency_edit,
        name="competency-edit",
    ),
    path("frameworks/<uuid:framework_id>/links/new/", framework_views.link_new, name="link-new"),
    path("frameworks/<uuid:framework_id>/links/remove/", framework_views.link_remove, name="link-remove"),
    path("frameworks/<uuid:framework_id>/rules/", framework_views.rules, name="framework-rules"),
]
