"""What a reader may see of claims and sources: the public reads, in one place.

- only published claims about published subjects (``Claim.objects.public()``): a
  published claim about a draft event stays hidden with it;
- only published sources.

Each ``*_list_public`` applies the cleaned query parameters (``filters``, keyed
by parameter name, as declared in ``sources/api/filters.py``); the API uses it for
JSON pages, details and CSV alike.
"""

from collections.abc import Mapping

from curation.api.filters import date_window, ordered

from .models import Claim, ClaimQuerySet, Source, SourceQuerySet

NO_FILTERS: Mapping = {}


def claim_list_public(*, filters: Mapping = NO_FILTERS) -> ClaimQuerySet:
    """Public claims, by key by default."""
    claims = Claim.objects.public()
    if "event" in filters:
        claims = claims.filter(event__slug=filters["event"])
    if "relationship" in filters:
        claims = claims.filter(relationship__slug=filters["relationship"])
    if "state" in filters:
        claims = claims.about_state(filters["state"])
    if "stance" in filters:
        claims = claims.filter(stance=filters["stance"])
    for parameter in ("status", "assessment"):  # two names of one filter
        if parameter in filters:
            claims = claims.filter(assessment=filters[parameter])
    if "credibility" in filters:
        claims = claims.filter(credibility=filters["credibility"])
    if "claimant" in filters:
        claims = claims.filter(claimant__icontains=filters["claimant"])
    if "source" in filters:
        claims = claims.citing(filters["source"])
    if "q" in filters:
        claims = claims.full_text(filters["q"])
    return ordered(claims, filters.get("ordering"), ["slug"])


def source_list_public(*, filters: Mapping = NO_FILTERS) -> SourceQuerySet:
    """Published sources, by key by default."""
    sources = Source.objects.published()
    if "kind" in filters:
        sources = sources.filter(kind=filters["kind"])
    if "publisher" in filters:
        sources = sources.filter(publisher__iexact=filters["publisher"])
    if "reliability" in filters:
        sources = sources.filter(reliability=filters["reliability"])
    if window := date_window(filters):
        sources = sources.published_within(*window)
    if "q" in filters:
        sources = sources.full_text(filters["q"])
    return ordered(sources, filters.get("ordering"), ["slug"])
