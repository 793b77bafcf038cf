"""One search across the public records: states, events, relationships, claims and sources, ranked together.

Each type is searched with its own list's ``q`` (``State.objects.matching``, the
``full_text`` of the others, on their stored vectors and GIN indexes) among the
records its public list shows, and ranked with ``ts_rank`` on the same vector
(normalised to [0, 1)). A state has no vector: one whose code, name, short name
or alias is the search is ranked 1, above any text; one whose name only
contains it, 0.1. The five are one ``UNION ALL`` query, each part cut to the
rows the page can need, so a page costs one query whatever it holds.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchRank
from django.db.models import Case, CharField, F, FloatField, Value, When
from django.db.models.functions import Concat

from curation.models import web_search
from events.models import Event, Relationship, State
from sources.models import Claim, Source

#: ts_rank's normalisation 32: rank / (rank + 1), so every text rank lies in [0, 1).
RANK_NORMALISATION = 32
TYPES = ("state", "event", "relationship", "claim", "source")


@dataclass(frozen=True)
class Hit:
    type: str
    key: str
    title: str
    rank: float


def ranked(queryset, kind: str, title, rank, limit: int):
    return (
        queryset.order_by()
        .annotate(
            hit_type=Value(kind, output_field=CharField()),
            hit_key=F("slug") if kind != "state" else F("iso3"),
            hit_title=title,
            hit_rank=rank,
        )
        .values("hit_type", "hit_key", "hit_title", "hit_rank")
        .order_by("-hit_rank", "hit_key")[:limit]
    )


def text_rank(text: str):
    return SearchRank(F("search"), web_search(text), normalization=RANK_NORMALISATION)


def search_public(text: str, *, limit: int) -> list[Hit]:
    """The ``limit`` best public records matching ``text``, best first (then by type and key)."""
    exact_states = State.objects.named(text).values("iso3")
    parts = [
        ranked(
            State.objects.matching(text),
            "state",
            F("short_name"),
            Case(When(iso3__in=exact_states, then=Value(1.0)), default=Value(0.1), output_field=FloatField()),
            limit,
        ),
        ranked(Event.objects.published().full_text(text), "event", F("title"), text_rank(text), limit),
        ranked(
            Relationship.objects.published().full_text(text),
            "relationship",
            # state A, kind, state B: made readable by ``relationship_label``
            Concat("state_a_id", Value(" "), "kind", Value(" "), "state_b_id", output_field=CharField()),
            text_rank(text),
            limit,
        ),
        ranked(Claim.objects.public().full_text(text), "claim", F("statement"), text_rank(text), limit),
        ranked(Source.objects.published().full_text(text), "source", F("title"), text_rank(text), limit),
    ]
    union = parts[0].union(*parts[1:], all=True).order_by("-hit_rank", "hit_type", "hit_key")[:limit]
    return [
        Hit(
            type=row["hit_type"],
            key=row["hit_key"],
            title=relationship_label(row["hit_title"]) if row["hit_type"] == "relationship" else row["hit_title"],
            rank=float(row["hit_rank"]),
        )
        for row in union
    ]


def relationship_label(raw: str) -> str:
    """``RUS arms_supplier IRN`` as the admin shows the tie: ``RUS → IRN: Arms supplier``."""
    state_a, kind, state_b = raw.split(" ")
    return str(Relationship(state_a_id=state_a, kind=kind, state_b_id=state_b))
