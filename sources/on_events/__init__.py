"""What the evidence adds to events and relationships, which know nothing of it.

``events`` never imports ``sources``; ``sources`` contributes, through
``curation.registry`` (registered in ``SourcesConfig.ready``):

- in the admin (``admin.py``), the claims about an event or relationship on its
  page with "Add a claim about this event", the "Save and add a claim about it"
  button of their forms, and an event list's claim count (for the page shown only);
- in the API (``api.py``), each event's and relationship's ``claim_counts``
  (public claims by stance) and ``claims_url`` (the claims list filtered to it).
"""

from curation.registry import AdminContribution, Registry
from events.api.serializers import EventSerializer, RelationshipSerializer
from events.models import Event, Relationship

from .admin import (
    ClaimsOnEventInline,
    ClaimsOnRelationshipInline,
    add_claim_follow_up,
    count_event_claims,
    event_claim_count,
)
from .api import claim_fields, with_claim_count


def contribute(registry: Registry) -> None:
    registry.contribute_to_admin(
        Event,
        AdminContribution(
            inlines=(ClaimsOnEventInline,),
            columns=(event_claim_count,),
            prepare_page=count_event_claims,
            follow_ups=(add_claim_follow_up("event"),),
        ),
    )
    registry.contribute_to_admin(
        Relationship,
        AdminContribution(inlines=(ClaimsOnRelationshipInline,), follow_ups=(add_claim_follow_up("relationship"),)),
    )
    registry.contribute_to_api(EventSerializer, claim_fields("event"))
    registry.contribute_to_api(RelationshipSerializer, claim_fields("relationship"))
    registry.contribute_sort(Event, "claim_count", lambda events: with_claim_count(events, "event"))
    registry.contribute_sort(Relationship, "claim_count", lambda ties: with_claim_count(ties, "relationship"))
