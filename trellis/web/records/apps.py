from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "trellis.web.records"
    label = "web_records"
