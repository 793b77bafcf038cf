"""Representations of states, events and relationships: all a reader needs in one response.

Nothing here queries the database: the views join and prefetch what is read
(participants with their states, the founding event).
"""

# Each event's and relationship's claim counts and claims link are contributed by
# sources/on_events/ through curation.registry: events never imports sources.

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from curation.api.csv import CsvFormat
from curation.api.json_sql import RequestLinks, SqlJson, partial_date_sql
from curation.api.partial_dates import PartialDateField
from curation.api.serializers import DetailUrlField, RecordSerializer
from curation.workflow.status import EditorialStatus
from events.csv_files import EventResource, RelationshipResource, StateResource

from ..choices import Domain, EventType, ParticipantRole, RelationshipKind
from ..models import Event, Relationship, State, participant_refs_sql
from .csv_cells import EVENT_CELLS


class StateRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = State
        fields = ["iso3", "name", "short_name"]
        ref_name = "StateRef"


class StateSerializer(serializers.ModelSerializer):
    """A state; for a former one (ISO 3166-3 code) also when it existed and the state that continues it."""

    api_url = DetailUrlField(view_name="api:state-detail", lookup_field="iso3")
    wikidata_id = serializers.SerializerMethodField()
    former = serializers.BooleanField(
        source="is_former", help_text="True for a state that no longer exists (it has an end of existence)."
    )
    valid_from = PartialDateField(
        "valid_from", allow_null=True, help_text="When a former state came into being. Null for a state that exists."
    )
    valid_until = PartialDateField(
        "valid_until", allow_null=True, help_text="When a former state ceased to exist. Null while it exists."
    )
    successor = StateRefSerializer(
        allow_null=True,
        help_text="The one state that continues a former state (RUS for SUN). Null for a state that exists, "
        "and for a former state with several successors or none recorded (Czechoslovakia, Yugoslavia).",
    )
    predecessors = StateRefSerializer(
        many=True,
        source="predecessor_refs",
        help_text="The former states this state continues (SUN for RUS), oldest first; "
        "the events API counts their events as this state's with predecessors=true.",
    )

    class Meta:
        model = State
        fields = [
            "iso3",
            "name",
            "short_name",
            "aliases",
            "is_axis_member",
            "wikidata_id",
            "former",
            "valid_from",
            "valid_until",
            "successor",
            "predecessors",
            "api_url",
        ]
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


@extend_schema_field(ParticipantSerializer(many=True))
class ParticipantRefsField(serializers.Field):
    """An event's participants, as ``EventQuerySet.with_participant_refs`` reads them: already in their final shape."""

    def __init__(self, **kwargs):
        super().__init__(source="participant_refs", read_only=True, **kwargs)

    def to_representation(self, participant_refs):
        return participant_refs


class EventRefSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="slug")
    api_url = DetailUrlField(view_name="api:event-detail", lookup_field="slug")

    class Meta:
        model = Event
        fields = ["key", "title", "api_url"]
        ref_name = "EventRef"


class EventSerializer(RecordSerializer):
    """Something that happened (or was proposed), with its participants and dates at their precision."""

    key = serializers.CharField(source="slug")
    api_url = DetailUrlField(view_name="api:event-detail", lookup_field="slug")
    type = serializers.ChoiceField(choices=EventType.choices)
    domains = serializers.ListField(child=serializers.ChoiceField(choices=Domain.choices))
    start = PartialDateField("start", allow_null=True, help_text="Null when no source dates the event.")
    end = PartialDateField("end", allow_null=True, help_text="Null for a one-off or ongoing event.")
    participants = ParticipantRefsField()

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
        ]
        ref_name = "Event"

    @classmethod
    def own_json_sql(cls, table: str, links: RequestLinks) -> SqlJson:
        row = f'"{table}"'
        before, after = links.detail("api:event-detail", "slug", "key")
        return SqlJson(
            (
                ("key", f"{row}.slug"),
                ("api_url", f"%s || {row}.slug || %s"),
                ("title", f"{row}.title"),
                ("summary", f"{row}.summary"),
                ("type", f"{row}.type"),
                ("domains", f"{row}.domains"),
                ("start", partial_date_sql(f"{row}.start", f"{row}.start_approximate")),
                ("end", partial_date_sql(f'{row}."end"', f"{row}.end_approximate")),
                ("place", f"{row}.place"),
                ("participants", f"({participant_refs_sql(table)})"),
            ),
            (before, after),
        )


class RelationshipSerializer(RecordSerializer):
    """A standing tie between two states over a period."""

    key = serializers.CharField(source="slug")
    api_url = DetailUrlField(view_name="api:relationship-detail", lookup_field="slug")
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
        ]
        ref_name = "Relationship"

    @extend_schema_field(EventRefSerializer(allow_null=True))
    def get_founding_event(self, relationship):
        event = relationship.founding_event
        if event is None or event.status != EditorialStatus.PUBLISHED:
            return None
        return EventRefSerializer(event, context=self.context).data


# --- CSV: the fixture files' rows, written by the import/export resources ----


class PublicRelationshipResource(RelationshipResource):
    """Relationships as readers see them: a draft founding event is not named."""

    def dehydrate_founding_event(self, relationship) -> str:
        event = relationship.founding_event
        return event.slug if event is not None and event.status == EditorialStatus.PUBLISHED else ""


STATE_CSV = CsvFormat("states.csv", StateResource)
EVENT_CSV = CsvFormat("events.csv", EventResource, sql_cells=EVENT_CELLS)
RELATIONSHIP_CSV = CsvFormat("relationships.csv", PublicRelationshipResource)
