from django.urls import path

from . import growth_views, path_views, views

app_name = "learn"
urlpatterns = [
    path("", views.home, name="home"),
    path("practice/<uuid:activity_id>/start/", views.practice_start, name="practice-start"),
    path("practice/sessions/<uuid:session_id>/", views.practice, name="practice"),
    path(
        "practice/sessions/<uuid:session_id>/items/<uuid:item_id>/answer/",
        views.practice_answer,
        name="practice-answer",
    ),
    path(
        "practice/sessions/<uuid:session_id>/items/<uuid:item_id>/hint/",
        views.practice_hint,
        name="practice-hint",
    ),
    path("practice/sessions/<uuid:session_id>/finish/", views.practice_finish, name="practice-finish"),
    path("work/", views.work, name="work"),
    path("work/activities/<uuid:activity_id>/", views.activity, name="activity"),
    path("work/<uuid:submission_id>/", views.submission, name="submission"),
    path("work/<uuid:submission_id>/self-assess/", views.self_assess, name="self-assess"),
    path("reviews/<uuid:review_id>/", views.review, name="review"),
    path("path/", path_views.path, name="path"),
    path("path/choose/", path_views.choose, name="path-choose"),
    path("path/done/", path_views.done, name="path-done"),
    path("path/demonstrate/", path_views.demonstrate, name="path-demonstrate"),
    path("path/activities/<uuid:activity_id>/", path_views.activity, name="path-activity"),
    path("about-me/", growth_views.profile, name="profile"),
    path("goals/", growth_views.goals, name="goals"),
    path("journal/", growth_views.journal, name="journal"),
    path("journal/plan/", growth_views.journal_plan, name="journal-plan"),
    path("journal/reflect/", growth_views.journal_reflect, name="journal-reflect"),
]
