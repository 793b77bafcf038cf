"""What a restore would change: the plan that the preview shows and the restore carries out.

Restoring version n of a record puts back its own fields as they were in that
version and its parts (an event's participants, a claim's citations and state
links) as they were when that version was made: rows since removed come back,
rows since added go, changed rows are changed back. Restoring a deleted record
brings it back as it was when it was deleted, with the parts deleted with it.

Part rows are read from their history tables. A version's moment is its
``pgh_created_at`` (the time of the transaction that wrote it, which every row
of one save shares).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any

from django.db import models

from .display import RelatedNames, display_value
from .models import AUDIT_FIELDS, PartLink, event_model, part_links, restorable_fields
from .queries import Change, record_versions, up_to


@dataclasses.dataclass
class RowRestore:
    """One part row to put back: ``insert`` it, ``update`` it, or ``delete`` it."""

    link: PartLink
    pk: Any
    action: str
    values: dict[str, Any]  # attname -> value wanted (insert and update)
    subject: str
    changes: list[Change]

    @property
    def verb(self) -> str:
        return {"insert": "comes back", "delete": "is removed", "update": "is changed back"}[self.action]


@dataclasses.dataclass
class RestorePlan:
    model: type[models.Model]
    pk: Any
    number: int  # the version whose content is restored
    version: models.Model  # its row in the record's event table
    deleted: bool  # the record no longer exists: it is inserted again
    values: dict[str, Any]  # attname -> value of the record's content fields
    changes: list[Change]
    parts: list[RowRestore]
    problems: list[str]
    made_at: Any = None  # when the version restored was made (or the record deleted)
    made_in: dict = dataclasses.field(default_factory=dict)  # the pghistory context it was made in

    @property
    def changes_nothing(self) -> bool:
        return not self.deleted and not self.changes and not self.parts

    @property
    def status(self) -> str | None:
        return self.values.get("status")

    def instance(self) -> models.Model:
        """The record as it will be (unsaved)."""
        return self.model(pk=self.pk, **self.values)


def version_plan(record: models.Model, number: int) -> RestorePlan | None:
    """The plan to restore ``record`` to its version ``number``; None if it has no such earlier version."""
    model = type(record)
    versions = record_versions(model, record.pk)
    if not 1 <= number < len(versions):
        return None  # no such version, or the current one
    window = up_to(versions, number)
    version = (
        event_model(model).objects.filter(window, pgh_obj_id=record.pk).order_by("-pgh_created_at", "-pgh_id").first()
    )
    if version is None or version.pgh_label == "delete":
        return None
    current = {field.attname: getattr(record, field.attname) for field in restorable_fields(model)}
    plan = _plan(model, record.pk, number, version, current, lambda rows: rows.filter(window))
    made = versions[number - 1]
    plan.made_at, plan.made_in = made.created_at, _metadata(made.context_id)
    return plan


def _metadata(context_id) -> dict:
    from pghistory.models import Context

    if context_id is None:
        return {}
    return Context.objects.filter(pk=context_id).values_list("metadata", flat=True).first() or {}


def deleted_plan(model: type[models.Model], pk) -> RestorePlan | None:
    """The plan to bring back the deleted record ``pk`` of ``model``; None if it exists or never did."""
    if model._default_manager.filter(pk=pk).exists():
        return None
    version = event_model(model).objects.filter(pgh_obj_id=pk).order_by("-pgh_created_at", "-pgh_id").first()
    if version is None or version.pgh_label != "delete":
        return None
    versions = record_versions(model, pk)
    # The parts deleted with it: in the same change (the cascade), as they were then.
    context = (
        models.Q(pgh_context_id=version.pgh_context_id)
        if version.pgh_context_id
        else models.Q(pgh_context_id__isnull=True)
    )
    deleted_with = lambda rows: rows.filter(context, pgh_created_at=version.pgh_created_at)  # noqa: E731
    plan = _plan(model, pk, max(len(versions) - 1, 1), version, None, deleted_with, deleted=True)
    plan.made_at, plan.made_in = version.pgh_created_at, _metadata(version.pgh_context_id)
    return plan


def _plan(model, pk, number, version, current, window, *, deleted=False) -> RestorePlan:
    names = RelatedNames()
    fields = restorable_fields(model)
    values = {field.attname: getattr(version, field.attname) for field in fields}
    changes = []
    for field in fields:
        before = current.get(field.attname) if current is not None else None
        after = values[field.attname]
        if current is None or _differs(before, after):
            if current is None and after in (None, "", []):
                continue
            changes.append(
                Change(str(field.verbose_name), display_value(field, before, names), display_value(field, after, names))
            )
    parts = []
    for link in part_links(model):
        parts.extend(_part_restores(link, pk, window, names, deleted=deleted))
    plan = RestorePlan(model, pk, number, version, deleted, values, changes, parts, [])
    plan.problems = _problems(plan, names)
    return plan


def _differs(before, after) -> bool:
    return before != after and not (before in (None, "", []) and after in (None, "", []))


def _part_fields(link: PartLink) -> list[models.Field]:
    return [field for field in restorable_fields(link.model) if field is not link.field]


def _part_restores(link: PartLink, pk, window, names: RelatedNames, *, deleted: bool) -> list[RowRestore]:
    history = link.event_model.objects
    ever_here = history.filter(**{link.record_column: pk}).values("pgh_obj_id")
    rows = window(history.filter(pgh_obj_id__in=ever_here))
    if deleted:
        latest = rows.filter(pgh_label="delete", **{link.record_column: pk})
        wanted = {row.pgh_obj_id: row for row in latest}
    else:
        latest = rows.order_by("pgh_obj_id", "-pgh_created_at", "-pgh_id").distinct("pgh_obj_id")
        wanted = {
            row.pgh_obj_id: row
            for row in latest
            if row.pgh_label != "delete" and getattr(row, link.record_column) == _coerce(link, pk)
        }
    fields = _part_fields(link)
    current = {row.pk: row for row in link.model._default_manager.filter(**{link.field.name: pk})}
    elsewhere = set(
        link.model._default_manager.filter(pk__in=[key for key in wanted if key not in current]).values_list(
            "pk", flat=True
        )
    )
    restores = []
    for key, row in current.items():
        if key not in wanted:
            subject = part_subject(link, row, fields, names)
            changes = [
                Change(str(f.verbose_name), display_value(f, getattr(row, f.attname), names), "—") for f in fields
            ]
            restores.append(RowRestore(link, key, "delete", {}, subject, _nonempty(changes)))
    for key, row in wanted.items():
        target = {f.attname: getattr(row, f.attname) for f in fields}
        if key in current or key in elsewhere:
            now = current.get(key) or link.model._default_manager.get(pk=key)
            changes = [
                Change(
                    str(f.verbose_name),
                    display_value(f, getattr(now, f.attname), names),
                    display_value(f, target[f.attname], names),
                )
                for f in fields
                if _differs(getattr(now, f.attname), target[f.attname])
            ]
            if key in elsewhere:
                # The row was moved to another record since: it comes back to this one.
                before = display_value(link.field, getattr(now, link.field.attname), names)
                changes.append(Change(str(link.field.verbose_name), before, "this one"))
            if changes:
                restores.append(
                    RowRestore(link, key, "update", target, part_subject(link, row, fields, names), changes)
                )
        else:
            audit = {name: getattr(row, name) for name in ("created_at", "created_by_id") if hasattr(row, name)}
            changes = [Change(str(f.verbose_name), "—", display_value(f, target[f.attname], names)) for f in fields]
            restores.append(
                RowRestore(
                    link, key, "insert", {**audit, **target}, part_subject(link, row, fields, names), _nonempty(changes)
                )
            )
    order = {"delete": 0, "update": 1, "insert": 2}
    return sorted(restores, key=lambda r: (order[r.action], str(r.pk)))


def _coerce(link: PartLink, pk):
    return link.field.target_field.to_python(pk)


def _nonempty(changes: list[Change]) -> list[Change]:
    return [c for c in changes if not (c.before == "—" and c.after == "—")]


def part_subject(link: PartLink, row, fields, names: RelatedNames) -> str:
    described = []
    for field in fields:
        if isinstance(field, models.TextField):
            continue
        value = display_value(field, getattr(row, field.attname), names)
        if value != "—":
            described.append(f"{field.verbose_name} {value}")
    return f"{link.name}: {', '.join(described)}" if described else link.name


def _problems(plan: RestorePlan, names: RelatedNames) -> list[str]:
    """Why the plan cannot be carried out: records it points at are gone, its key is taken."""
    problems = []
    # References: the record's and its parts' foreign keys (not who made them).
    wanted: dict[type[models.Model], dict[Any, str]] = defaultdict(dict)
    for field in restorable_fields(plan.model):
        value = plan.values.get(field.attname)
        if isinstance(field, models.ForeignKey) and value is not None:
            wanted[field.related_model][value] = f"its {field.verbose_name}"
    for part in plan.parts:
        if part.action == "delete":
            continue
        for field in _part_fields(part.link):
            value = part.values.get(field.attname)
            if isinstance(field, models.ForeignKey) and value is not None:
                wanted[field.related_model].setdefault(value, f"the {part.subject.split(':')[0]} “{part.subject}”")
    for related, needed in wanted.items():
        present = {str(pk) for pk in related._default_manager.filter(pk__in=list(needed)).values_list("pk", flat=True)}
        for value, needer in needed.items():
            if str(value) not in present:
                problems.append(
                    f"{needer[0].upper()}{needer[1:]} refers to the {related._meta.verbose_name} "
                    f"“{_last_known_name(related, value)}”, which no longer exists: restore or recreate it first."
                )
    # Unique fields (the key): taken by another record since.
    for field in restorable_fields(plan.model):
        value = plan.values.get(field.attname)
        if field.unique and value not in (None, ""):
            other = plan.model._default_manager.filter(**{field.attname: value}).exclude(pk=plan.pk).first()
            if other is not None:
                problems.append(
                    f"Its {field.verbose_name} “{value}” now belongs to another {plan.model._meta.verbose_name}, "
                    f"“{other}”: change that one's {field.verbose_name} first."
                )
    return problems


def _last_known_name(model: type[models.Model], pk) -> str:
    """A deleted record's name, from its last version; its key if that cannot be read."""
    try:
        row = event_model(model).objects.filter(pgh_obj_id=pk).order_by("-pgh_id").first()
    except LookupError:
        row = None
    return f"{pk}" if row is None else name_from_version(model, row)


def name_from_version(model: type[models.Model], row) -> str:
    """The record's name (its ``__str__``) as it was in the version ``row``."""
    values = {
        f.attname: getattr(row, f.attname)
        for f in model._meta.concrete_fields
        if f.name not in AUDIT_FIELDS and not f.generated and hasattr(row, f.attname)
    }
    try:
        return str(model(**values))
    except Exception:  # a __str__ reaching for a related record that is gone
        return str(row.pgh_obj_id)
