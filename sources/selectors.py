"""What a reader may see of claims and sources: the public reads, in one place.

- only published claims about published subjects (``Claim.objects.public()``): a
  published claim about a draft event stays hidden with it;
- only published sources.

Each ``*_list_public`` applies the cleaned query parameters (``filters``, keyed
by parameter name, as declared in ``sources/api/filters.py``); the API uses it for
JSON pages, details and CSV alike.
"""

from collections.abc import Mapping

from curation.api.filters import date_window, matching, ordered

from .models import Claim, ClaimQuerySet, Source, SourceQuerySet

NO_FILTERS: Mapping = {}


def claim_list_public(*, filters: Mapping = NO_FILTERS) -> ClaimQuerySet:
    """Public claims, by key by default."""
    claims = matching(
        Claim.objects.public(),
        filters,
        {
            "event": "event__slug",
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
    return ordered(claims, filters.get("ordering"), ["slug"])


def source_list_public(*, filters: Mapping = NO_FILTERS) -> SourceQuerySet:
    """Published sources, by key by default."""
    sources = matching(
        Source.objects.published(),
        filters,
        {"kind": "kind", "publisher": "publisher__iexact", "reliability": "reliability"},
    )
    if window := date_window(filters):
        sources = sources.published_within(*window)
    if "q" in filters:
        sources = sources.full_text(filters["q"])
    return ordered(sources, filters.get("ordering"), ["slug"])
