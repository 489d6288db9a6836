from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "trellis.apps.pathways"
    label = "pathways"
    verbose_name = "Pathways and plans"
