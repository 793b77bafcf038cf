from django.apps import AppConfig


class ChangesConfig(AppConfig):
    """The changes feed and ``updated_since``, built on the recorded history."""

    name = "changes"
    verbose_name = "Changes feed"

    def ready(self):
        from curation.registry import registry

        from .tracking import changed_since

        registry.register_change_finder(changed_since)
