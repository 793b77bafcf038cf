"""Which pghistory event tables belong to a record, and which of its fields a restore puts back."""

from __future__ import annotations

import dataclasses

from django.db import models
from django.db.models import GeneratedField

AUDIT_FIELDS = frozenset({"created_at", "created_by", "updated_at", "updated_by"})


def event_model(model: type[models.Model]) -> type[models.Model]:
    """The pghistory event model tracking ``model`` (each curated model has exactly one)."""
    event_models = set(getattr(model, "pgh_event_models", {}).values())
    if len(event_models) != 1:
        raise LookupError(f"{model._meta.label} is not tracked by exactly one pghistory event model.")
    return event_models.pop()


@dataclasses.dataclass(frozen=True)
class PartLink:
    """Rows of ``model`` that are part of a record: ``field`` (a foreign key) points at the record."""

    model: type[models.Model]
    field: models.ForeignKey

    @property
    def event_model(self) -> type[models.Model]:
        return event_model(self.model)

    @property
    def name(self) -> str:
        """What one row is called on the record's pages: "participant", "citation", "state link"."""
        opts = self.model._meta
        if opts.auto_created:
            other = next(f for f in opts.concrete_fields if f.is_relation and f is not self.field)
            return f"{other.related_model._meta.verbose_name} link"
        record = str(self.field.related_model._meta.verbose_name)
        name = str(opts.verbose_name)
        return name[len(record) + 1 :] if name.startswith(record + " ") else name

    @property
    def name_plural(self) -> str:
        return self.name + "s"

    @property
    def record_column(self) -> str:
        """The attribute of the part (and of its event rows) holding the record's key: ``event_id``."""
        return self.field.attname


def part_links(model: type[models.Model]) -> list[PartLink]:
    """The rows that are part of a ``model`` record.

    A row is part of a record when its foreign key to the record cascades: an
    event's participants, a claim's citations and its links to states. Those
    rows are edited on the record's page, so their changes belong to its history
    and a restore brings them back with it. A many-to-many link belongs to the
    record that declares the field (a claim's states), not to the other side.
    """
    links = []
    for candidate in _tracked_models():
        if candidate is model:
            continue
        for field in candidate._meta.concrete_fields:
            if not (
                isinstance(field, models.ForeignKey)
                and field.related_model is model
                and field.remote_field.on_delete is models.CASCADE
            ):
                continue
            if candidate._meta.auto_created and not _declares_link(model, candidate):
                continue
            links.append(PartLink(candidate, field))
            break
    return sorted(links, key=lambda link: link.model._meta.label)


def part_event_models(model: type[models.Model]) -> list[type[models.Model]]:
    """Event models of the rows that are part of a ``model`` record (see ``part_links``)."""
    return [link.event_model for link in part_links(model)]


def _declares_link(model: type[models.Model], through: type[models.Model]) -> bool:
    return any(field.remote_field.through is through for field in model._meta.local_many_to_many)


def _tracked_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models(include_auto_created=True) if getattr(m, "pgh_event_models", None)]


def restorable_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a restore copies back: the record's content.

    Not the primary key, not generated columns, not who/when (the restore sets those).
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
