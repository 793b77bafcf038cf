from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    """Numbered, frozen releases of the public data, each kept as the zip it was cut as."""

    name = "releases"
    verbose_name = "Releases"

    def ready(self):
        from curation.registry import registry

        from .models import Release

        # A finished release is public: its arrival moves the API's version (ETags, response cache).
        registry.register_public_models(Release, visible_when={Release: "r.sha256 <> ''"})
        # ?as_of=1.2: the API's answer as of the moment the release's files were read.
        registry.register_release_moment(Release.objects.moment_of)
