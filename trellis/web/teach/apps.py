from django.apps import AppConfig


class TeachConfig(AppConfig):
    name = "trellis.web.teach"
    label = "web_teach"
