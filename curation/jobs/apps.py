from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs on uploaded files (see the package docstring)."""

    name = "curation.jobs"
    label = "jobs"
    verbose_name = "background jobs"
    default_auto_field = "django.db.models.BigAutoField"
