from django.urls import path

from . import views

app_name = "advise"
urlpatterns = [path("", views.home, name="home")]
