from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "trellis.apps.learning"
    label = "learning"
    verbose_name = "Activities, items and rubrics"
