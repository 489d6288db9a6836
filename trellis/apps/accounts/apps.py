from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trellis.apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"
