from django.apps import AppConfig


class AxisdbConfig(AppConfig):
    """The project itself: shared templates, filters and management commands."""

    name = "axisdb"
    verbose_name = "axisdb"
