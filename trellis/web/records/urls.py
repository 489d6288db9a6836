from django.urls import path

from . import path_views, team_views, views

app_name = "records"
urlpatterns = [
    path("<uuid:learner_id>/", views.learner, name="learner"),
    path("work/<uuid:submission_id>/file/", views.submission_file, name="submission-file"),
    path("<uuid:learner_id>/continuum/", views.continuum, name="continuum"),
    path("<uuid:learner_id>/continuum.csv", views.continuum_csv, name="continuum-csv"),
    path("<uuid:learner_id>/competencies/<uuid:competency_id>/", views.competency, name="competency"),
    path("<uuid:learner_id>/path/", path_views.path, name="path"),
    path("<uuid:learner_id>/profile/", team_views.profile, name="profile"),
    path("<uuid:learner_id>/profile/comment/", team_views.profile_comment, name="profile-comment"),
    path("<uuid:learner_id>/profile/history/", team_views.profile_history, name="profile-history"),
    path("<uuid:learner_id>/goals/", team_views.goals, name="goals"),
    path("<uuid:learner_id>/goals/<uuid:goal_id>/", team_views.goal, name="goal"),
    path("<uuid:learner_id>/goals/<uuid:goal_id>/edit/", team_views.goal_edit, name="goal-edit"),
    path("<uuid:learner_id>/goals/<uuid:goal_id>/review/", team_views.goal_review, name="goal-review"),
    path("<uuid:learner_id>/goals/<uuid:goal_id>/step/", team_views.goal_step, name="goal-step"),
    path("<uuid:learner_id>/goals/<uuid:goal_id>/comment/", team_views.goal_comment, name="goal-comment"),
    path("<uuid:learner_id>/journal/", team_views.journal, name="journal"),
    path("<uuid:learner_id>/journal/<uuid:entry_id>/", team_views.journal_entry, name="journal-entry"),
    path(
        "<uuid:learner_id>/journal/<uuid:entry_id>/comment/",
        team_views.journal_comment,
        name="journal-comment",
    ),
    path("<uuid:learner_id>/journal/<uuid:entry_id>/share/", team_views.journal_share, name="journal-share"),
    path("<uuid:learner_id>/team/", team_views.team, name="team"),
    path("<uuid:learner_id>/team/post/", team_views.team_post, name="team-post"),
]
