from django.apps import AppConfig


class ManageConfig(AppConfig):
    name = "trellis.web.manage"
    label = "web_manage"
