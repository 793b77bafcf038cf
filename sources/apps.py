from django.apps import AppConfig


class SourcesConfig(AppConfig):
    """The evidence: sources, the claims found in them, and the citations linking the two."""

    name = "sources"
    verbose_name = "Sources, claims and citations"

    def ready(self):
        from curation.registry import registry

        from . import on_events
        from .models import Citation, Claim, Source
        from .resources import CitationResource, ClaimResource, SourceResource

        registry.register_fixture_files(SourceResource, ClaimResource, CitationResource)
        registry.register_public_models(Source, Claim, Claim.states.through, Citation)
        on_events.contribute(registry)
