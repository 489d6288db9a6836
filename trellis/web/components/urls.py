from django.urls import path

from . import notifications_views, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("preferences/", views.preferences, name="preferences"),
    path("notifications/", notifications_views.notifications, name="notifications"),
    path("notifications/read/", notifications_views.notifications_read, name="notifications-read"),
]
