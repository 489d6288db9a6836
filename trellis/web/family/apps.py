from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "trellis.web.family"
    label = "web_family"
