from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "trellis.apps.frameworks"
    label = "frameworks"
    verbose_name = "Competency frameworks"
