from django.urls import path

from . import board_views, views

app_name = "advise"
urlpatterns = [
    path("", views.home, name="home"),
    path("board/", board_views.board, name="board"),
    path("board/<uuid:learner_id>/themes/", board_views.themes, name="themes"),
    path("schools/<uuid:school_id>/journal-rule/", board_views.journal_policy, name="journal-policy"),
]
