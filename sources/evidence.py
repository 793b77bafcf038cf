"""The evidence rules in Python, for messages an editor can act on.

PostgreSQL keeps and enforces them (migration 0009): a claim's ``origin_count``, ``corroborated``
only with two independent origins, a ``disputes`` claim naming what it disputes. Here the same
rules are read for the admin's forms (before anything is written) and the CSV import (after
its files are written, before they are committed), to say which origins collapsed into one.

A citation leads back to the origins of its source (the sources at the ends of its
``based_on`` chains, or the source itself), and one that only ``reports`` also to "unnamed
reports"; a citation that ``denies`` supports nothing. Citations whose origins overlap are one
piece of evidence: the independent origins are the groups they fall into.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from .choices import Assessment, Attribution, LinkKind, Stance
from .models import Claim, ClaimLink, Source

#: The origin shared by every citation that only reports what unnamed others said.
UNNAMED_REPORTS = 0


@dataclass(frozen=True)
class Cited:
    source: Source
    attribution: str

    @property
    def origins(self) -> frozenset[int]:
        own = set(self.source.origins or [self.source.pk])
        if self.attribution == Attribution.REPORTS:
            own.add(UNNAMED_REPORTS)
        return frozenset(own)


def origin_groups(citations: Iterable[Cited]) -> list[list[Cited]]:
    """The citations that support a claim, grouped by shared origin (one group = one independent origin)."""
    groups: list[tuple[set[int], list[Cited]]] = []
    for cited in citations:
        if cited.attribution == Attribution.DENIES:
            continue
        origins, members = set(cited.origins), [cited]
        for group in [g for g in groups if g[0] & origins]:
            groups.remove(group)
            origins |= group[0]
            members = group[1] + members
        groups.append((origins, members))
    return [members for _origins, members in groups]


def _origin_names(groups: Sequence[list[Cited]]) -> dict[int, str]:
    ids = {o for group in groups for cited in group for o in cited.origins} - {UNNAMED_REPORTS}
    names = dict(Source.objects.filter(pk__in=ids).values_list("pk", "slug"))
    names[UNNAMED_REPORTS] = "unnamed reports"
    return names


def describe_groups(groups: Sequence[list[Cited]]) -> str:
    """``seed-000 and seed-001 lead back to one origin (unnamed reports)``, for each group of several."""
    names = _origin_names(groups)
    parts = []
    for group in groups:
        keys = " and ".join(cited.source.slug for cited in group)
        if len(group) == 1:
            parts.append(f"{keys} alone")
            continue
        shared = frozenset.intersection(*(cited.origins for cited in group)) or frozenset().union(
            *(cited.origins for cited in group)
        )
        origin = ", ".join(sorted(names.get(o, str(o)) for o in shared))
        parts.append(f"{keys} lead back to one origin ({origin})")
    return "; ".join(parts)


def corroboration_error(assessment: str, citations: Iterable[Cited]) -> str | None:
    """Why ``corroborated`` cannot be chosen with these citations, or None."""
    if assessment != Assessment.CORROBORATED:
        return None
    groups = origin_groups(citations)
    if len(groups) >= 2:
        return None
    if not groups:
        return "'Corroborated' needs at least two independent origins, and no citation supports this claim."
    return (
        "'Corroborated' needs at least two independent origins, and this claim's citations have one: "
        f"{describe_groups(groups)}. Choose 'unverified', or cite a source with another origin."
    )


def disputes_error(*, stance: str, has_event: bool, has_relationship: bool, contradicts: int) -> str | None:
    """Why a ``disputes`` claim cannot be saved as it is, or None."""
    if stance != Stance.DISPUTES or has_event or has_relationship or contradicts:
        return None
    return (
        "A claim that disputes must name what it disputes: an event, a relationship, "
        "or a claim it contradicts (a 'contradicts' link below)."
    )


def claim_citations(claim: Claim) -> list[Cited]:
    return [Cited(c.source, c.attribution) for c in claim.citations.select_related("source").order_by("source__slug")]


# --- the CSV import's check across files (registered in SourcesConfig.ready) -----------------


def claims_breaking_rules():
    """``(claim, column, message)`` for each claim that would be refused at commit. The partial
    indexes of these conditions are empty in a committed database, so this costs nothing."""
    for claim in Claim.objects.filter(assessment=Assessment.CORROBORATED, origin_count__lt=2).order_by("slug"):
        yield claim, "assessment", corroboration_error(claim.assessment, claim_citations(claim))
    contradicting = ClaimLink.objects.filter(from_claim=OuterRef("pk"), kind=LinkKind.CONTRADICTS)
    disputing = Claim.objects.filter(stance=Stance.DISPUTES, event__isnull=True, relationship__isnull=True)
    for claim in disputing.filter(~Exists(contradicting)).order_by("slug"):
        yield (
            claim,
            "stance",
            disputes_error(stance=claim.stance, has_event=False, has_relationship=False, contradicts=0),
        )


def import_check(rows: dict[type, dict[str, int]]) -> list:
    """Each claim breaking a rule, on its row in claims.csv, else in citations.csv or claim_links.csv."""
    from curation.csvio.errors import Problem

    from .resources import CitationResource, ClaimLinkResource, ClaimResource

    def row_of(resource: type, key: str) -> int | None:
        return next((r[key] for cls, r in rows.items() if issubclass(cls, resource) and key in r), None)

    problems = []
    for claim, column, message in claims_breaking_rules():
        if (row := row_of(ClaimResource, claim.slug)) is not None:
            problems.append((ClaimResource, Problem(message, row, column, getattr(claim, column))))
        elif (row := row_of(CitationResource, claim.slug)) is not None:
            problems.append((CitationResource, Problem(f"claim {claim.slug}: {message}", row, "claim", claim.slug)))
        elif (row := row_of(ClaimLinkResource, claim.slug)) is not None:
            problems.append(
                (ClaimLinkResource, Problem(f"claim {claim.slug}: {message}", row, "from_claim", claim.slug))
            )
        else:
            problems.append((None, Problem(f"claim {claim.slug}: {message}")))
    return problems
