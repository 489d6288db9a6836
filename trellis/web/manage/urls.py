from django.urls import path

from . import views

app_name = "manage"
urlpatterns = [
    path("", views.home, name="home"),
    path("schools/<uuid:school_id>/", views.school, name="school"),
    path("learners/<uuid:learner_id>/team/", views.team, name="team"),
    path("imports/roster/", views.roster_upload, name="roster-upload"),
    path("imports/<uuid:run_id>/", views.import_run, name="import-run"),
    path("imports/<uuid:run_id>/apply/", views.import_apply, name="import-apply"),
]
