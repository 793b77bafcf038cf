from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Shared machinery: its templates and static files, and the public data's version (its one table)."""

    name = "curation"
    verbose_name = "curation machinery"

    def ready(self):
        import orjson
        from django.db.models.signals import post_migrate
        from psycopg.types.json import set_json_loads

        from . import web_addresses  # noqa: F401  (registers the check of stored web addresses)
        from .public_version import install_after_migrate

        # The API's representations come from PostgreSQL as json values (curation.api.json_sql), which psycopg
        # decodes: orjson in a quarter of the standard library's time. (Django reads jsonb columns as text and
        # decodes them itself; only json values, the representations and their parts, are read this way.)
        set_json_loads(orjson.loads)

        # After every migrate, so that tables created since get their triggers.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="curation.public_version")
