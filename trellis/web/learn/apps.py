from django.apps import AppConfig


class LearnConfig(AppConfig):
    name = "trellis.web.learn"
    label = "web_learn"
