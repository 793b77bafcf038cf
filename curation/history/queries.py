"""One record's history, read through pghistory's Events aggregate.

Every insert, update and delete of a curated row is written by a database
trigger (so admin saves, imports, bulk ``.update()`` calls and shell sessions
are all recorded), together with the pghistory context of the change (see
``describe``).

A version of a record is one change to it: the rows of the record and of its
parts (participants, citations, state links) written in one context (a request,
a command) and one transaction (they share ``pgh_created_at``). Versions are
numbered 1, 2, 3... in the order they were made; restoring version n puts the
record and its parts back as they were after it.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from pghistory.models import Events

from .describe import describe, origin
from .display import EMPTY, RelatedNames, display_value, field_by_column
from .models import AUDIT_FIELDS, PartLink, event_model, part_event_models, part_links


@dataclasses.dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclasses.dataclass
class PartChange:
    """A change to one row that is part of the record."""

    label: str  # insert / update / delete
    subject: str  # e.g. "event participant: state Russia (RUS), role Host"
    changes: list[Change]

    @property
    def verb(self) -> str:
        return {"insert": "added", "delete": "removed"}.get(self.label, "changed")


@dataclasses.dataclass
class HistoryEntry:
    """One version: a change of the record and/or of its parts."""

    created_at: datetime.datetime
    label: str  # of the record's own row: insert / update / delete; "" when only its parts changed
    context: dict
    user: Any = None
    number: int | None = None  # the version number (1, 2, 3...)
    version_id: int | None = None  # pgh_id of the record's own row in it, if it changed
    changes: list[Change] = dataclasses.field(default_factory=list)
    parts: list[PartChange] = dataclasses.field(default_factory=list)
    is_current: bool = False

    @property
    def is_own(self) -> bool:
        """Whether the record's own row changed (not only its parts)."""
        return bool(self.label)

    @property
    def what(self) -> str:
        return describe(self.label or (self.parts[0].label if self.parts else "update"), self.context)

    @property
    def origin(self) -> str:
        return origin(self.context)

    @property
    def restorable(self) -> bool:
        return self.number is not None and self.label != "delete" and not self.is_current


def history_events(record: models.Model):
    """Events (pghistory's aggregate) of ``record`` and of its parts, newest first; lazy, sliceable."""
    model = type(record)
    return (
        Events.objects.references(record)
        .across(event_model(model), *part_event_models(model))
        .order_by("-pgh_created_at", "-pgh_id")
    )


@dataclasses.dataclass
class Version:
    """One change of a record: the rows of it and of its parts written in one context and transaction."""

    number: int
    context_id: Any  # the pghistory context (None: none recorded)
    created_at: datetime.datetime
    own_ids: list[int]  # pgh_ids of the record's own rows written in it (often one)

    @property
    def key(self) -> tuple:
        return (self.context_id, self.created_at)


def record_versions(model: type[models.Model], pk) -> list[Version]:
    """The versions of the record ``pk`` (which may since have been deleted), oldest first.

    One query for the record's own rows and one per kind of part.
    """
    groups: dict[tuple, list[int]] = {}
    own = event_model(model).objects.filter(pgh_obj_id=pk).order_by("pgh_id")
    for pgh_id, context_id, created_at in own.values_list("pgh_id", "pgh_context_id", "pgh_created_at"):
        groups.setdefault((context_id, created_at), []).append(pgh_id)
    for link in part_links(model):
        rows = link.event_model.objects.filter(**{link.record_column: pk}).order_by()
        for key in rows.values_list("pgh_context_id", "pgh_created_at").distinct():
            groups.setdefault(tuple(key), [])
    # In time order; changes made in one transaction in several contexts (a script) by their own rows.
    ordered = sorted(groups.items(), key=lambda item: (item[0][1], min(item[1], default=float("inf"))))
    return [Version(n, key[0], key[1], ids) for n, (key, ids) in enumerate(ordered, start=1)]


def up_to(versions: list[Version], number: int) -> models.Q:
    """Event rows written in versions 1 to ``number``."""
    last = versions[number - 1]
    same_time = {v.context_id for v in versions[:number] if v.created_at == last.created_at}
    contexts = models.Q(pgh_context_id__in=[c for c in same_time if c is not None])
    if None in same_time:
        contexts |= models.Q(pgh_context_id__isnull=True)
    return models.Q(pgh_created_at__lt=last.created_at) | (models.Q(pgh_created_at=last.created_at) & contexts)


def history_entries(record: models.Model, rows) -> list[HistoryEntry]:
    """``rows`` (some of ``history_events(record)``) as entries, newest first, with users and readable changes."""
    model = type(record)
    own = event_model(model)
    rows = list(rows)
    versions = record_versions(model, record.pk)
    numbers = {version.key: version.number for version in versions}
    current = len(versions)
    users = get_user_model()._default_manager.in_bulk(
        {row.pgh_context["user"] for row in rows if row.pgh_context and row.pgh_context.get("user") is not None}
    )
    names = RelatedNames()
    links = {link.event_model: link for link in part_links(model)}

    # One version = the rows written in one context (request, command) and one transaction.
    groups: dict[Any, list] = defaultdict(list)
    for row in rows:
        groups[(row.pgh_context_id, row.pgh_created_at)].append(row)

    entries = []
    for key, group in groups.items():
        owns = sorted((r for r in group if _model(r.pgh_model) is own), key=lambda r: r.pgh_id, reverse=True)
        parts = [
            PartChange(
                label=r.pgh_label,
                subject=_describe_part(links[_model(r.pgh_model)], r.pgh_data, names),
                changes=_changes(_model(r.pgh_model).pgh_tracked_model, r, names),
            )
            for r in reversed(group)  # in the order they were written
            if _model(r.pgh_model) is not own
        ]
        context = group[0].pgh_context or {}
        number = numbers.get(key)
        own_changes = [change for row in owns for change in _changes(own.pgh_tracked_model, row, names)]
        entries.append(
            HistoryEntry(
                created_at=group[0].pgh_created_at,
                label=owns[0].pgh_label if owns else "",
                context=context,
                user=users.get(context.get("user")),
                number=number,
                version_id=owns[0].pgh_id if owns else None,
                changes=own_changes,
                parts=parts,
                is_current=number == current,
            )
        )
    entries.sort(key=lambda e: e.number or 0, reverse=True)
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


def _describe_part(link: PartLink, data: dict, names: RelatedNames) -> str:
    """A part row in words, e.g. "participant: state Russia (RUS), role Host"."""
    data = data or {}
    described = []
    for field in link.model._meta.concrete_fields:  # in the model's order, not the JSON's
        if field.column not in data:
            continue
        raw = data[field.column]
        if (
            field.primary_key
            or field.name in AUDIT_FIELDS
            or field is link.field
            or isinstance(field, models.TextField)
        ):
            continue
        value = display_value(field, raw, names)
        if value != EMPTY:
            described.append(f"{field.verbose_name} {value}")
    return f"{link.name}: {', '.join(described)}" if described else link.name


def last_published_version(record: models.Model) -> int | None:
    """The number of the record's last version in which it was published, or None."""
    model = type(record)
    row = (
        event_model(model)
        .objects.filter(pgh_obj_id=record.pk, status="published")
        .order_by("-pgh_created_at", "-pgh_id")
        .first()
    )
    if row is None:
        return None
    return next(v.number for v in record_versions(model, record.pk) if row.pgh_id in v.own_ids)
