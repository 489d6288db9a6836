from django.urls import path

from . import views

app_name = "records"
urlpatterns = [path("<uuid:learner_id>/", views.learner, name="learner")]
