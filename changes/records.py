"""The public records a reader can keep a copy of: their type name, model, key and public read."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from events.models import Event, Relationship, State
from sources.models import Citation, Claim, Source


@dataclass(frozen=True)
class RecordType:
    name: str  # as the feed names it: "event"
    model: type[models.Model]
    public: Callable[[], models.QuerySet]  # what a reader sees now
    list_url: str  # the URL name of its API list


RECORD_TYPES = (
    RecordType("state", State, State.objects.all, "api:state-list"),
    RecordType("event", Event, Event.objects.published, "api:event-list"),
    RecordType("relationship", Relationship, Relationship.objects.published, "api:relationship-list"),
    RecordType("source", Source, Source.objects.published, "api:source-list"),
    RecordType("claim", Claim, Claim.objects.public, "api:claim-list"),
    RecordType("citation", Citation, Citation.objects.public, "api:citation-list"),
)
BY_MODEL = {record_type.model: record_type for record_type in RECORD_TYPES}
BY_NAME = {record_type.name: record_type for record_type in RECORD_TYPES}
