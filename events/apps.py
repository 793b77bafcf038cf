from django.apps import AppConfig


class EventsConfig(AppConfig):
    """The world: states, the events they take part in, and the standing ties between them."""

    name = "events"
    verbose_name = "Events, states and relationships"

    def ready(self):
        from curation.registry import registry

        from .csv_files import EventResource, RelationshipResource, StateResource
        from .models import Event, EventParticipant, Relationship, State

        registry.register_fixture_files(StateResource, EventResource, RelationshipResource)
        # A participant is seen with its event (SQL on the participant row r).
        published_event = (
            f"EXISTS (SELECT 1 FROM {Event._meta.db_table} e WHERE e.id = r.event_id AND e.status = 'published')"
        )
        registry.register_public_models(
            State, Event, EventParticipant, Relationship, visible_when={EventParticipant: published_event}
        )
