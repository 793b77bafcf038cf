from django.apps import AppConfig


def visible_when() -> dict:
    """When readers see a row (SQL on the row ``r``): a claim published and about nothing unpublished;
    a claim's state link with its claim; a citation of a published source with its claim; a link
    between claims, or between sources, with both ends."""
    from events.models import Event, Relationship

    from .models import Citation, Claim, ClaimLink, Source

    def published(model, column: str) -> str:
        return f"EXISTS (SELECT 1 FROM {model._meta.db_table} p WHERE p.id = r.{column} AND p.status = 'published')"

    return {
        Claim: f"r.status = 'published' AND (r.event_id IS NULL OR {published(Event, 'event_id')})"
        f" AND (r.relationship_id IS NULL OR {published(Relationship, 'relationship_id')})",
        Claim.states.through: published(Claim, "claim_id"),
        Citation: f"{published(Claim, 'claim_id')} AND {published(Source, 'source_id')}",
        ClaimLink: f"{published(Claim, 'from_claim_id')} AND {published(Claim, 'to_claim_id')}",
        Source.based_on.through: f"{published(Source, 'from_source_id')} AND {published(Source, 'to_source_id')}",
    }


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
            Source,
            Source.based_on.through,
            Claim,
            Claim.states.through,
            Citation,
            ClaimLink,
            visible_when=visible_when(),
        )
        registry.register_import_check(import_check)
        # The columns the evidence triggers keep (never in the history), derived again on the tables
        # rebuilt as of a moment by the triggers' own functions (migration 0009). Rows unchanged since
        # the moment come with their values of now: a source's origins are recomputed wherever it relies
        # on others then; a claim's count wherever its citations changed since (or it did), and every
        # claim's if any reliance between sources changed since.
        registry.register_as_of_derivation(
            "UPDATE sources_source SET origins = '{}' WHERE cardinality(origins) > 0"
            " AND id NOT IN (SELECT from_source_id FROM sources_source_based_on)",
            "UPDATE sources_source SET origins = sources_origins_of(id)"
            " WHERE id IN (SELECT from_source_id FROM sources_source_based_on)",
            "SELECT sources_claims_recount(ARRAY("
            "SELECT id FROM sources_claim"
            " WHERE EXISTS (SELECT 1 FROM sources_sourcebasedonevent WHERE pgh_created_at > %(moment)s)"
            " UNION SELECT claim_id FROM sources_citationevent WHERE pgh_created_at > %(moment)s"
            " UNION SELECT ci.claim_id FROM sources_citation ci WHERE EXISTS (SELECT 1 FROM sources_citationevent h"
            " WHERE h.pgh_obj_id = ci.id AND h.pgh_created_at > %(moment)s)"
            " UNION SELECT c.id FROM sources_claim c WHERE EXISTS (SELECT 1 FROM sources_claimevent h"
            " WHERE h.pgh_obj_id = c.id AND h.pgh_created_at > %(moment)s)))",
            # Each source's count of public claims (migration 0013), counted again over the tables
            # as they were: the count of now is not the count of then.
            "UPDATE sources_source s SET claim_count = coalesce(n.claims, 0)"
            " FROM sources_source s0 LEFT JOIN (SELECT ci.source_id, count(*) AS claims"
            " FROM sources_citation ci JOIN sources_claim c ON c.id = ci.claim_id"
            " WHERE sources_claim_public(c.status, c.event_id, c.relationship_id) GROUP BY ci.source_id) n"
            " ON n.source_id = s0.id"
            " WHERE s.id = s0.id AND s.claim_count IS DISTINCT FROM coalesce(n.claims, 0)",
        )
        on_events.contribute(registry)
