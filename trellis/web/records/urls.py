from django.urls import path

from . import path_views, views

app_name = "records"
urlpatterns = [
    path("<uuid:learner_id>/", views.learner, name="learner"),
    path("work/<uuid:submission_id>/file/", views.submission_file, name="submission-file"),
    path("<uuid:learner_id>/continuum/", views.continuum, name="continuum"),
    path("<uuid:learner_id>/continuum.csv", views.continuum_csv, name="continuum-csv"),
    path("<uuid:learner_id>/competencies/<uuid:competency_id>/", views.competency, name="competency"),
    path("<uuid:learner_id>/path/", path_views.path, name="path"),
]
