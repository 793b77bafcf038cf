"""CSV import/export of states, events (with their participants) and relationships.

Columns and their syntax are those of fixtures/README.md; the strict machinery is in
curation.csvio. Participants have no file of their own: they are the ``participants``
cell of events.csv.
"""

from __future__ import annotations

import re

from django.utils import timezone

from curation.copying import model_rows, staged_delete, staged_insert, staged_update
from curation.csvio.fields import Column, DeferredColumn, ForeignKeyColumn, PartialDateColumn, StatusColumn
from curation.csvio.resource import FixtureResource
from curation.csvio.widgets import (
    BooleanWidget,
    ChoiceListWidget,
    ChoiceWidget,
    KeyWidget,
    RecordWidget,
    TextListWidget,
    TextWidget,
)

from .choices import Domain, EventType, ParticipantRole, RelationshipKind
from .models import Event, EventParticipant, Relationship, State
from .state_cells import StateRoleListWidget, StateWidget


class StateResource(FixtureResource):
    key_columns = ("iso3",)
    export_ordering = ("iso3",)
    # State.save keeps the names table in step: each row is saved (a short file).
    set_based = False

    iso3 = Column(
        attribute="iso3",
        widget=KeyWidget(pattern=re.compile(r"[A-Z]{3}"), description="ISO3 code", hint="three capital letters: PRK"),
    )
    name = Column(attribute="name", widget=TextWidget())
    short_name = Column(attribute="short_name", widget=TextWidget())
    aliases = Column(attribute="aliases", widget=TextListWidget())
    is_axis_member = Column(attribute="is_axis_member", widget=BooleanWidget())
    wikidata_id = Column(attribute="wikidata_id", widget=TextWidget())

    class Meta:
        model = State
        fields = ("iso3", "name", "short_name", "aliases", "is_axis_member", "wikidata_id")


class ParticipantsColumn(DeferredColumn):
    """The ``participants`` cell of events.csv: ``RUS:recipient;PRK:supplier``."""

    def __init__(self):
        super().__init__(attribute="participants", widget=StateRoleListWidget(ParticipantRole, required=True))

    def current(self, instance) -> list:
        return list(EventParticipant.objects.filter(event=instance).order_by("pk").values_list("state_id", "role"))

    def values_for(self, queryset) -> dict:
        values: dict = {}
        rows = EventParticipant.objects.filter(event__in=queryset.order_by().values("pk")).order_by("pk")
        for event_id, state_id, role in rows.values_list("event_id", "state_id", "role"):
            values.setdefault(event_id, []).append((state_id, role))
        return values

    def write_many(self, instances: list, *, user=None) -> None:
        """Participants removed, added and given another role: one statement each for all the events."""
        now = timezone.now()
        user_id = None if user is None else user.pk
        removed, added, changed = [], [], []
        for instance in instances:
            wanted = getattr(instance, self.pending_attribute)
            present = dict(self.present(instance))
            roles = dict(wanted)
            removed.extend((instance.pk, state_id) for state_id in present if state_id not in roles)
            for state_id, role in wanted:
                if state_id not in present:
                    added.append(
                        {
                            "event_id": instance.pk,
                            "state_id": state_id,
                            "role": role,
                            "created_by_id": user_id,
                            "updated_by_id": user_id,
                        }
                    )
                elif present[state_id] != role:
                    changed.append((instance.pk, state_id, role, now, *([] if user is None else [user_id])))
        keys = ["event_id", "state_id"]
        staged_delete(EventParticipant, keys, removed)
        if added:
            staged_insert(EventParticipant, *model_rows(EventParticipant, added, now=now))
        # Without a user, the participant's last editor stays as it was (as ``write`` leaves it).
        staged_update(
            EventParticipant, keys, ["role", "updated_at", *([] if user is None else ["updated_by_id"])], changed
        )

    def write(self, instance, *, user=None) -> None:
        wanted = getattr(instance, self.pending_attribute)
        roles = dict(wanted)
        present = {p.state_id: p for p in EventParticipant.objects.filter(event=instance)}
        for state_id, participant in present.items():
            if state_id not in roles:
                participant.delete()
        for state_id, role in wanted:
            participant = present.get(state_id)
            if participant is None:
                EventParticipant.objects.create(
                    event=instance, state_id=state_id, role=role, created_by=user, updated_by=user
                )
            elif participant.role != role:
                participant.role = role
                if user is not None:
                    participant.updated_by = user
                participant.save()


class EventResource(FixtureResource):
    key = Column(attribute="slug", widget=KeyWidget())
    title = Column(attribute="title", widget=TextWidget())
    summary = Column(attribute="summary", widget=TextWidget())
    type = Column(attribute="type", widget=ChoiceWidget(EventType))
    domains = Column(attribute="domains", widget=ChoiceListWidget(Domain, label="domain"))
    start = PartialDateColumn("start")
    end = PartialDateColumn("end")
    place = Column(attribute="place", widget=TextWidget())
    participants = ParticipantsColumn()
    status = StatusColumn(Event)

    constraint_messages = {
        "event_end_not_before_start": "the end cannot be before the start",
    }

    class Meta:
        model = Event
        fields = ("key", "title", "summary", "type", "domains", "start", "end", "place", "participants", "status")


class RelationshipResource(FixtureResource):
    key = Column(attribute="slug", widget=KeyWidget())
    kind = Column(attribute="kind", widget=ChoiceWidget(RelationshipKind))
    state_a = ForeignKeyColumn(attribute="state_a", widget=StateWidget(required=True))
    state_b = ForeignKeyColumn(attribute="state_b", widget=StateWidget(required=True))
    start = PartialDateColumn("start")
    end = PartialDateColumn("end")
    founding_event = ForeignKeyColumn(attribute="founding_event", widget=RecordWidget(Event, label="event"))
    summary = Column(attribute="summary", widget=TextWidget())
    status = StatusColumn(Relationship)

    constraint_messages = {
        "relationship_no_overlapping_same_tie": "these two states already have this kind of tie "
        "in an overlapping period (another row or record)",
        "relationship_two_different_states": "a relationship needs two different states",
        "relationship_end_not_before_start": "the end cannot be before the start",
    }

    class Meta:
        model = Relationship
        fields = ("key", "kind", "state_a", "state_b", "start", "end", "founding_event", "summary", "status")

    def check_row(self, instance, row, errors):
        # A symmetric tie is stored with its states in alphabetical order: compare it so.
        instance.canonicalize()
