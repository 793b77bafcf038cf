"""Representations of states, events and relationships: all a reader needs in one response.

Nothing here queries the database: the views join and prefetch what is read
(participants with their states, the founding event) and annotate the claim
counts (``claims_<stance>``). The claims are the ``sources`` app's, reached through
the ``Event.claims`` relation, since ``events`` never imports ``sources``.
"""

from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from axisdb.api.csv import CsvFormat
from axisdb.api.partial_dates import PartialDateField
from events.resources import EventResource, RelationshipResource, StateResource

from ..choices import Domain, EditorialStatus, EventType, ParticipantRole, RelationshipKind
from ..models import Event, Relationship, State


def stance_choices() -> list[tuple[str, str]]:
    """The claims' stances (supports, disputes, context), read from the ``sources`` model."""
    claim_model = Event._meta.get_field("claims").related_model
    return list(claim_model._meta.get_field("stance").choices)


ClaimCountsSerializer = type(
    "ClaimCountsSerializer",
    (serializers.Serializer,),
    {
        **{
            value: serializers.IntegerField(help_text=f"Published claims: {label.lower()}.")
            for value, label in stance_choices()
        },
        "total": serializers.IntegerField(help_text="All published claims about it."),
        "Meta": type("Meta", (), {"ref_name": "ClaimCounts"}),
    },
)


def claim_counts(record) -> dict:
    counts = {value: getattr(record, f"claims_{value}") for value, _ in stance_choices()}
    counts["total"] = sum(counts.values())
    return counts


def claims_url(request, parameter: str, key: str) -> str:
    return reverse("api:claim-list", request=request) + "?" + urlencode({parameter: key})


class StateRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = State
        fields = ["iso3", "name", "short_name"]
        ref_name = "StateRef"


class StateSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="api:state-detail", lookup_field="iso3")
    wikidata_id = serializers.SerializerMethodField()

    class Meta:
        model = State
        fields = ["iso3", "name", "short_name", "aliases", "is_axis_member", "wikidata_id", "api_url"]
        ref_name = "State"

    @extend_schema_field({"type": "string", "pattern": "^Q[1-9][0-9]*$", "nullable": True})
    def get_wikidata_id(self, state):
        return state.wikidata_id or None


class ParticipantSerializer(serializers.Serializer):
    iso3 = serializers.CharField(source="state.iso3")
    name = serializers.CharField(source="state.name")
    short_name = serializers.CharField(source="state.short_name")
    role = serializers.ChoiceField(choices=ParticipantRole.choices)

    class Meta:
        ref_name = "Participant"


class EventRefSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="slug")
    api_url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")

    class Meta:
        model = Event
        fields = ["key", "title", "api_url"]
        ref_name = "EventRef"


class EventSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="slug")
    api_url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    type = serializers.ChoiceField(choices=EventType.choices)
    domains = serializers.ListField(child=serializers.ChoiceField(choices=Domain.choices))
    start = PartialDateField("start", allow_null=True, help_text="Null when no source dates the event.")
    end = PartialDateField("end", allow_null=True, help_text="Null for a one-off or ongoing event.")
    participants = ParticipantSerializer(many=True)
    claim_counts = serializers.SerializerMethodField()
    claims_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "key",
            "api_url",
            "title",
            "summary",
            "type",
            "domains",
            "start",
            "end",
            "place",
            "participants",
            "claim_counts",
            "claims_url",
        ]
        ref_name = "Event"

    @extend_schema_field(ClaimCountsSerializer)
    def get_claim_counts(self, event):
        return claim_counts(event)

    @extend_schema_field(OpenApiTypes.URI)
    def get_claims_url(self, event):
        return claims_url(self.context.get("request"), "event", event.slug)


class RelationshipSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="slug")
    api_url = serializers.HyperlinkedIdentityField(view_name="api:relationship-detail", lookup_field="slug")
    kind = serializers.ChoiceField(choices=RelationshipKind.choices)
    directed = serializers.BooleanField(
        source="is_directed",
        help_text="True for a directed kind: state A supplies, buys from, is the main trading partner of, "
        "or backs state B. False for a mutual tie (states in alphabetical order).",
    )
    state_a = StateRefSerializer()
    state_b = StateRefSerializer()
    start = PartialDateField("start", allow_null=True, help_text="Null when unknown.")
    end = PartialDateField("end", allow_null=True, help_text="Null while the tie holds.")
    founding_event = serializers.SerializerMethodField()
    claim_counts = serializers.SerializerMethodField()
    claims_url = serializers.SerializerMethodField()

    class Meta:
        model = Relationship
        fields = [
            "key",
            "api_url",
            "kind",
            "directed",
            "state_a",
            "state_b",
            "start",
            "end",
            "founding_event",
            "summary",
            "claim_counts",
            "claims_url",
        ]
        ref_name = "Relationship"

    @extend_schema_field(EventRefSerializer(allow_null=True))
    def get_founding_event(self, relationship):
        event = relationship.founding_event
        if event is None or event.status != EditorialStatus.PUBLISHED:
            return None
        return EventRefSerializer(event, context=self.context).data

    @extend_schema_field(ClaimCountsSerializer)
    def get_claim_counts(self, relationship):
        return claim_counts(relationship)

    @extend_schema_field(OpenApiTypes.URI)
    def get_claims_url(self, relationship):
        return claims_url(self.context.get("request"), "relationship", relationship.slug)


# --- CSV: the fixture files' rows, written by the import/export resources ----


class PublicRelationshipResource(RelationshipResource):
    """Relationships as readers see them: a draft founding event is not named."""

    def dehydrate_founding_event(self, relationship) -> str:
        event = relationship.founding_event
        return event.slug if event is not None and event.status == EditorialStatus.PUBLISHED else ""


STATE_CSV = CsvFormat("states.csv", StateResource)
EVENT_CSV = CsvFormat("events.csv", EventResource)
RELATIONSHIP_CSV = CsvFormat("relationships.csv", PublicRelationshipResource)
