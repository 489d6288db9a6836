from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "trellis.apps.imports"
    label = "imports"
    verbose_name = "Imports"
