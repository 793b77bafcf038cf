from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    """Public data sets imported with their provenance: SIPRI arms transfers, ATOP alliances."""

    name = "datasets"
    verbose_name = "Data sets (SIPRI, ATOP)"
