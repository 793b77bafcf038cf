"""Test data, made in one place.

Each factory creates a valid, saved record with sensible defaults; pass keyword
arguments to override. Keys are unique per call.
"""

import itertools

from curation.partial_dates import PartialDate
from curation.workflow.status import EditorialStatus
from events.choices import EventType, ParticipantRole, RelationshipKind
from events.models import Event, EventParticipant, Relationship, State
from sources.choices import SourceKind
from sources.models import Citation, Claim, ClaimLink, Source

_sequence = itertools.count(1)

STATES = {
    "RUS": ("Russian Federation", "Russia", ["Moscow"], True),
    "CHN": ("People's Republic of China", "China", ["PRC", "Beijing", "CCP"], True),
    "IRN": ("Islamic Republic of Iran", "Iran", ["Tehran"], True),
    "PRK": ("Democratic People's Republic of Korea", "North Korea", ["DPRK", "Pyongyang"], True),
    "USA": ("United States of America", "United States", ["U.S.", "Washington"], False),
    "UKR": ("Ukraine", "Ukraine", ["Kyiv"], False),
    "KOR": ("Republic of Korea", "South Korea", ["Seoul"], False),
}


def make_state(iso3: str = "RUS", **overrides) -> State:
    """A state from the table above (or any ISO3 code with overrides)."""
    name, short_name, aliases, axis = STATES.get(iso3, (f"State {iso3}", f"State {iso3}", [], False))
    fields = {"name": name, "short_name": short_name, "aliases": aliases, "is_axis_member": axis, **overrides}
    state, _ = State.objects.get_or_create(iso3=iso3, defaults=fields)
    return state


def make_states(*codes: str) -> list[State]:
    return [make_state(code) for code in codes]


def make_event(*, participants: dict[str, str] | None = None, **overrides) -> Event:
    """An event; ``participants`` maps ISO3 to role, e.g. {"RUS": "host", "CHN": "participant"}."""
    n = next(_sequence)
    fields = {
        "slug": f"event-{n}",
        "title": f"Event {n}",
        "summary": "A naval exercise.",
        "type": EventType.MILITARY_EXERCISE,
        "domains": ["military"],
        "start": PartialDate(2024, 3),
        "place": "Gulf of Oman",
        "status": EditorialStatus.PUBLISHED,
        **overrides,
    }
    event = Event.objects.create(**fields)
    for iso3, role in (participants or {"RUS": ParticipantRole.PARTICIPANT}).items():
        EventParticipant.objects.create(event=event, state=make_state(iso3), role=role)
    return event


def make_relationship(state_a: str = "CHN", state_b: str = "RUS", **overrides) -> Relationship:
    n = next(_sequence)
    fields = {
        "slug": f"relationship-{n}",
        "kind": RelationshipKind.STRATEGIC_PARTNERSHIP,
        "state_a": make_state(state_a),
        "state_b": make_state(state_b),
        "start": PartialDate(2020),
        "summary": "A standing tie.",
        "status": EditorialStatus.PUBLISHED,
        **overrides,
    }
    return Relationship.objects.create(**fields)


def make_source(**overrides) -> Source:
    n = next(_sequence)
    fields = {
        "slug": f"source-{n}",
        "title": f"Source {n}",
        "publisher": "Reuters",
        "kind": SourceKind.NEWS_ARTICLE,
        "reliability": "B",
        "published": PartialDate(2025, 1),
        "status": EditorialStatus.PUBLISHED,
        **overrides,
    }
    return Source.objects.create(**fields)


def make_claim(*, sources: list[Source] | None = None, states: list[str] | None = None, **overrides) -> Claim:
    """A claim citing ``sources`` (one new source by default)."""
    n = next(_sequence)
    fields = {
        "slug": f"claim-{n}",
        "statement": f"Claim number {n} about a drill.",
        "claimant": "Reuters",
        "asserted": PartialDate(2025, 1),
        "credibility": 3,
        "status": EditorialStatus.PUBLISHED,
        **overrides,
    }
    claim = Claim.objects.create(**fields)
    for state in make_states(*(states or [])):
        claim.states.add(state)  # one at a time: the links keep the order given, as the importer's do
    for source in sources if sources is not None else [make_source()]:
        Citation.objects.create(claim=claim, source=source, quote=f"Quote {n} from {source.slug}.", locator="para 1")
    return claim


def make_user(username: str | None = None, *, role: str | None = None, password: str = "pw-Role-8e1f2a", **overrides):
    """A staff user in the group ``role`` ("Editor" or "Reviewer", made by the roles migration).

    A transactional test's flush empties the groups table; the migration's own
    function then makes the groups again, exactly as on a fresh database.
    """
    import importlib

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    username = username or f"{(role or 'user').lower()}-{next(_sequence)}"
    user = get_user_model().objects.create_user(username=username, password=password, is_staff=True, **overrides)
    if role:
        if not Group.objects.filter(name=role).exists():
            importlib.import_module("axisdb.migrations.0001_roles").create_roles(apps, None)
        user.groups.add(Group.objects.get(name=role))
    return user


def make_claim_link(from_claim: Claim, to_claim: Claim, kind: str = "contradicts", **overrides) -> ClaimLink:
    return ClaimLink.objects.create(from_claim=from_claim, to_claim=to_claim, kind=kind, **overrides)
