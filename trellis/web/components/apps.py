from django.apps import AppConfig


class ComponentsConfig(AppConfig):
    name = "trellis.web.components"
    label = "web_components"
