from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Shared machinery (no models of its own): its templates and static files."""

    name = "curation"
    verbose_name = "curation machinery"

    def ready(self):
        from . import web_addresses  # noqa: F401  (registers the check of stored web addresses)
