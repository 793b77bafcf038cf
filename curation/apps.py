from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Shared machinery (no models of its own): its templates and static files."""

    name = "curation"
    verbose_name = "curation machinery"
