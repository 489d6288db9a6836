from django.apps import AppConfig


class RostersConfig(AppConfig):
    name = "trellis.apps.rosters"
    label = "rosters"
    verbose_name = "Schools, sections and learning teams"
