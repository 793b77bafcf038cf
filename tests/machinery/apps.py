from django.apps import AppConfig


class MachineryConfig(AppConfig):
    name = "tests.machinery"
    label = "machinery"
    verbose_name = "Machinery test models"
