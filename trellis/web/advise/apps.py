from django.apps import AppConfig


class AdviseConfig(AppConfig):
    name = "trellis.web.advise"
    label = "web_advise"
