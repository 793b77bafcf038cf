"""One record's history, read through pghistory's Events aggregate.

Every insert, update and delete of a curated row is written by a database
trigger (so admin saves, imports, bulk ``.update()`` calls and shell sessions
are all recorded), together with the pghistory context of the change: the
request's user and URL (HistoryMiddleware), the management command and OS user
(manage.py), and what a service added (``action``, ``restored_from``...).
"""

import dataclasses
import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from pghistory.models import Events

from .display import EMPTY, RelatedNames, display_value, field_by_column
from .models import AUDIT_FIELDS, event_model, part_event_models

HIDDEN_CONTEXT = frozenset({"user", "url"})


@dataclasses.dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclasses.dataclass
class HistoryEntry:
    """One version of the record, or of a row that is part of it."""

    event_model: str  # e.g. "events.EventEvent"
    version_id: int  # pgh_id in that event table
    label: str  # insert / update / delete
    created_at: datetime.datetime
    is_own: bool  # a version of the record itself (restorable), not of a part
    subject: str  # "" for the record itself, else e.g. "event participant: state Russia (RUS), role Host"
    changes: list[Change]
    user: Any = None
    context: dict = dataclasses.field(default_factory=dict)
    is_current: bool = False

    @property
    def via(self) -> str:
        """Where the change came from: the admin URL, a command, a restore..."""
        parts = []
        if url := self.context.get("url"):
            parts.append(url)
        parts.extend(f"{key}: {value}" for key, value in sorted(self.context.items()) if key not in HIDDEN_CONTEXT)
        return "; ".join(parts) if parts else "no context recorded (a script or database session)"


def history_events(record: models.Model):
    """Events (pghistory's aggregate) of ``record`` and of its parts, newest first; lazy, sliceable."""
    model = type(record)
    return (
        Events.objects.references(record)
        .across(event_model(model), *part_event_models(model))
        .order_by("-pgh_created_at", "-pgh_id")
    )


def current_version_id(record: models.Model) -> int | None:
    """The pgh_id of the record's latest version: the one it is in now."""
    versions = event_model(type(record)).objects.filter(pgh_obj_id=record.pk).exclude(pgh_label="delete")
    return versions.order_by("-pgh_id").values_list("pgh_id", flat=True).first()


def history_entries(record: models.Model, rows) -> list[HistoryEntry]:
    """``rows`` (some of ``history_events(record)``) as entries with users and readable changes."""
    model = type(record)
    own = event_model(model)
    rows = list(rows)
    users = get_user_model()._default_manager.in_bulk(
        {row.pgh_context["user"] for row in rows if row.pgh_context and row.pgh_context.get("user") is not None}
    )
    current = current_version_id(record)
    names = RelatedNames()
    entries = []
    for row in rows:
        event_cls = _model(row.pgh_model)
        tracked = event_cls.pgh_tracked_model
        context = row.pgh_context or {}
        is_own = event_cls is own
        entries.append(
            HistoryEntry(
                event_model=row.pgh_model,
                version_id=row.pgh_id,
                label=row.pgh_label,
                created_at=row.pgh_created_at,
                is_own=is_own,
                subject="" if is_own else _describe_part(tracked, row.pgh_data, model, names),
                changes=_changes(tracked, row, names),
                user=users.get(context.get("user")),
                context=context,
                is_current=is_own and row.pgh_id == current,
            )
        )
    return entries


def _model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


def _changes(tracked: type[models.Model], row: Events, names: RelatedNames) -> list[Change]:
    fields = field_by_column(tracked)
    if row.pgh_label == "update":
        items = [(column, values[0], values[1]) for column, values in (row.pgh_diff or {}).items()]
    elif row.pgh_label == "insert":
        items = [(column, None, value) for column, value in (row.pgh_data or {}).items()]
    else:
        items = [(column, value, None) for column, value in (row.pgh_data or {}).items()]
    changes = []
    for column, before, after in items:
        field = fields.get(column)
        if field is None or field.primary_key or field.name in AUDIT_FIELDS:
            continue
        if row.pgh_label != "update" and before in (None, "", []) and after in (None, "", []):
            continue
        changes.append(
            Change(str(field.verbose_name), display_value(field, before, names), display_value(field, after, names))
        )
    return changes


def _describe_part(
    tracked: type[models.Model], data: dict, record_model: type[models.Model], names: RelatedNames
) -> str:
    """A part row in words, e.g. "event participant: state RUS, role Host"."""
    fields = field_by_column(tracked)
    described = []
    for column, raw in (data or {}).items():
        field = fields.get(column)
        if (
            field is None
            or field.primary_key
            or field.name in AUDIT_FIELDS
            or getattr(field, "related_model", None) is record_model
            or isinstance(field, models.TextField)
        ):
            continue
        value = display_value(field, raw, names)
        if value != EMPTY:
            described.append(f"{field.verbose_name} {value}")
    name = tracked._meta.verbose_name
    if tracked._meta.auto_created:
        name = "link"
    return f"{name}: {', '.join(described)}" if described else str(name)
