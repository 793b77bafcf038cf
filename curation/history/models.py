"""Which pghistory event tables belong to a record."""

from django.db import models
from django.db.models import GeneratedField

AUDIT_FIELDS = frozenset({"created_at", "created_by", "updated_at", "updated_by"})


def event_model(model: type[models.Model]) -> type[models.Model]:
    """The pghistory event model tracking ``model`` (each curated model has exactly one)."""
    event_models = set(getattr(model, "pgh_event_models", {}).values())
    if len(event_models) != 1:
        raise LookupError(f"{model._meta.label} is not tracked by exactly one pghistory event model.")
    return event_models.pop()


def part_event_models(model: type[models.Model]) -> list[type[models.Model]]:
    """Event models of the rows that are part of a ``model`` record.

    A row is part of a record when its foreign key to the record cascades: an
    event's participants, a claim's citations and its links to states. Those
    rows are edited on the record's page, so their changes belong to its history.
    """
    from pghistory.models import Event

    parts = []
    for candidate in _tracked_models():
        if candidate is model:
            continue
        for field in candidate._meta.concrete_fields:
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is model
                and field.remote_field.on_delete is models.CASCADE
            ):
                parts.extend(m for m in set(candidate.pgh_event_models.values()) if issubclass(m, Event))
                break
    return sorted(set(parts), key=lambda m: m._meta.label)


def _tracked_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models(include_auto_created=True) if getattr(m, "pgh_event_models", None)]


def restorable_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a restore copies back: the record's content.

    Not the key, not generated columns, not who/when (the restore sets those).
    """
    tracked = {field.name for field in event_model(model)._meta.concrete_fields}
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not isinstance(field, GeneratedField)
        and field.name not in AUDIT_FIELDS
        and field.name in tracked
    ]
