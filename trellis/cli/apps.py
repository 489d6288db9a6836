from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "trellis.cli"
    label = "trellis_cli"
    verbose_name = "Command line"
