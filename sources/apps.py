from django.apps import AppConfig


class SourcesConfig(AppConfig):
    """The evidence: sources, the claims found in them, and the citations linking the two."""

    name = "sources"
    verbose_name = "Sources, claims and citations"

    def ready(self):
        from curation.registry import registry

        from . import on_events
        from .evidence import import_check
        from .models import Citation, Claim, ClaimLink, Source
        from .resources import CitationResource, ClaimLinkResource, ClaimResource, SourceResource

        registry.register_fixture_files(SourceResource, ClaimResource, CitationResource, ClaimLinkResource)
        registry.register_public_models(
            Source, Source.based_on.through, Claim, Claim.states.through, Citation, ClaimLink
        )
        registry.register_import_check(import_check)
        on_events.contribute(registry)
