from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "trellis.apps.growth"
    label = "growth"
    verbose_name = "Profile, goals, journal and learning team"
