"""What a reader may see of claims and sources: the public reads, in one place.

- only published claims about published subjects (``Claim.objects.public()``): a
  published claim about a draft event stays hidden with it;
- only published sources.

Each ``*_list_public`` applies the cleaned query parameters (``filters``, keyed
by parameter name, as declared in ``sources/api/filters.py``); the API uses it for
JSON pages, details and CSV alike.
"""

from collections.abc import Mapping

from curation.api.filters import matching, ordered, within_dates

from .models import Citation, CitationQuerySet, Claim, ClaimQuerySet, Source, SourceQuerySet

NO_FILTERS: Mapping = {}


def claim_list_public(*, filters: Mapping = NO_FILTERS) -> ClaimQuerySet:
    """Public claims, by key by default."""
    claims = matching(
        Claim.objects.public(),
        filters,
        {
            "event": "event__slug__in",
            "relationship": "relationship__slug",
            "stance": "stance",
            "status": "assessment",  # status and assessment: two names of one filter
            "assessment": "assessment",
            "credibility": "credibility",
            "claimant": "claimant__icontains",
        },
    )
    if "state" in filters:
        claims = claims.about_state(filters["state"])
    if "source" in filters:
        claims = claims.citing(filters["source"])
    if "q" in filters:
        claims = claims.full_text(filters["q"])
    if "contradicted" in filters:
        claims = claims.contradicted(filters["contradicted"])
    if "circular_reporting" in filters:
        claims = claims.filter(circular_reporting=filters["circular_reporting"])
    return ordered(claims, filters.get("ordering"), ["slug"])


def source_list_public(*, filters: Mapping = NO_FILTERS) -> SourceQuerySet:
    """Published sources, by key by default."""
    sources = matching(
        Source.objects.published(),
        filters,
        {"kind": "kind", "publisher": "publisher__iexact", "reliability": "reliability"},
    )
    sources = within_dates(sources, filters, "published")
    if "q" in filters:
        sources = sources.full_text(filters["q"])
    return ordered(sources, filters.get("ordering"), ["slug"])


def citation_list_public(*, filters: Mapping = NO_FILTERS) -> CitationQuerySet:
    """Citations of published sources by public claims, by claim key then source key."""
    citations = matching(
        Citation.objects.public().with_keys(),
        filters,
        {"claim": "claim__slug__in", "source": "source__slug", "reliability": "source__reliability"},
    )
    if "event" in filters:
        citations = citations.filter(claim__event__slug__in=filters["event"])
    if "state" in filters:
        citations = citations.filter(claim__in=Claim.objects.about_state(filters["state"]))
    if "q" in filters:
        citations = citations.full_text(filters["q"])
    return ordered(citations, filters.get("ordering"), ["claim_key", "source_key"])
