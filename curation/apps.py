from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Shared machinery: its templates and static files, and the public data's version (its one table)."""

    name = "curation"
    verbose_name = "curation machinery"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import web_addresses  # noqa: F401  (registers the check of stored web addresses)
        from .public_version import install_after_migrate

        # After every migrate, so that tables created since get their triggers.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="curation.public_version")
