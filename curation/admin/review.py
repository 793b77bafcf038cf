"""The review queue: what waits for a reviewer, newest first, with what changed since it
was last published; publish it from there, or return it to its published version.

What waits: the drafts of every publishable model (events, relationships, sources,
claims). For a draft that was published before, the queue shows its fields that
changed since and the rows of it (participants, citations, state links) added,
changed or removed since.

The page costs a fixed number of queries whatever it holds: per model, its
drafts, their last published versions, and their parts' changes since.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from curation.history.display import RelatedNames, display_value
from curation.history.models import event_model, part_links, restorable_fields
from curation.history.queries import Change, PartChange
from curation.history.restoring import part_subject
from curation.workflow.rules import has_workflow, permission_name
from curation.workflow.services import record_publish
from curation.workflow.status import EditorialStatus

QUEUE_SIZE = 100


@dataclasses.dataclass
class QueueEntry:
    record: models.Model
    model_admin: Any
    changed_at: datetime.datetime
    changed_by: Any
    ever_published: bool
    changes: list[Change]
    parts: list[PartChange]
    can_publish: bool
    change_url: str
    history_url: str
    return_url: str | None  # the restore preview of the last published version

    @property
    def token(self) -> str:
        return f"{self.record._meta.label_lower}:{self.record.pk}"

    @property
    def kind(self) -> str:
        return str(self.record._meta.verbose_name)


def queued_admins(site, request) -> list:
    """The admins of publishable models that ``request.user`` may view."""
    return [
        model_admin
        for model, model_admin in site._registry.items()
        if has_workflow(model) and model_admin.has_view_permission(request)
    ]


def review_queue_size(site, request) -> int | None:
    """How many drafts wait (one count per model), or None for a user who sees no publishable model."""
    admins = queued_admins(site, request)
    if not admins:
        return None
    return sum(a.model._default_manager.filter(status=EditorialStatus.DRAFT).count() for a in admins)


def queue_entries(site, request) -> list[QueueEntry]:
    names = RelatedNames()
    entries = []
    for model_admin in queued_admins(site, request):
        entries.extend(_entries_of(site, request, model_admin, names))
    entries.sort(key=lambda e: (e.changed_at, e.record.pk), reverse=True)
    return entries[:QUEUE_SIZE]


def _entries_of(site, request, model_admin, names: RelatedNames) -> list[QueueEntry]:
    model = model_admin.model
    drafts = list(
        model._default_manager.filter(status=EditorialStatus.DRAFT)
        .select_related("updated_by")
        .order_by("-updated_at", "-pk")[:QUEUE_SIZE]
    )
    if not drafts:
        return []
    pks = [record.pk for record in drafts]
    published = {
        row.pgh_obj_id: row
        for row in event_model(model)
        .objects.filter(pgh_obj_id__in=pks, status=EditorialStatus.PUBLISHED)
        .order_by("pgh_obj_id", "-pgh_id")
        .distinct("pgh_obj_id")
    }
    fields = [f for f in restorable_fields(model) if f.name != "status"]
    _load_names(names, fields, [*drafts, *published.values()])
    parts = _parts_since(model, published, names)
    can_publish = request.user.has_perm(permission_name(model, "publish"))
    may_restore = model_admin.has_restore_permission(request)
    entries = []
    for record in drafts:
        last = published.get(record.pk)
        changes = []
        if last is not None:
            for field in fields:
                before, after = getattr(last, field.attname), getattr(record, field.attname)
                if before != after and not (before in (None, "", []) and after in (None, "", [])):
                    changes.append(
                        Change(
                            str(field.verbose_name),
                            display_value(field, before, names),
                            display_value(field, after, names),
                        )
                    )
        entries.append(
            QueueEntry(
                record=record,
                model_admin=model_admin,
                changed_at=record.updated_at,
                changed_by=record.updated_by,
                ever_published=last is not None,
                changes=changes,
                parts=parts.get(record.pk, []),
                can_publish=can_publish,
                change_url=_url(site, model, "change", record.pk),
                history_url=_url(site, model, "history", record.pk),
                return_url=_url(site, model, "restore_published", record.pk) if last and may_restore else None,
            )
        )
    return entries


def _parts_since(model, published: dict, names: RelatedNames) -> dict[Any, list[PartChange]]:
    """Each record's part rows added, changed or removed since its last published version."""
    result: dict[Any, list[PartChange]] = defaultdict(list)
    if not published:
        return result
    since = min(row.pgh_created_at for row in published.values())
    for link in part_links(model):
        rows = list(
            link.event_model.objects.filter(
                **{f"{link.record_column}__in": list(published)}, pgh_created_at__gte=since
            ).order_by("pgh_created_at", "pgh_id")
        )
        fields = [f for f in restorable_fields(link.model) if f is not link.field]
        _load_names(names, fields, rows)
        for row in rows:
            owner = getattr(row, link.record_column)
            if _after(row, published[owner]):
                result[owner].append(PartChange(row.pgh_label, part_subject(link, row, fields, names), []))
    return result


def _after(row, version) -> bool:
    """Whether ``row`` was written after ``version`` (later, or in another change of the same transaction)."""
    if row.pgh_created_at != version.pgh_created_at:
        return row.pgh_created_at > version.pgh_created_at
    return row.pgh_context_id != version.pgh_context_id


def _load_names(names: RelatedNames, fields, rows) -> None:
    for field in fields:
        if isinstance(field, models.ForeignKey):
            names.load(field.related_model, {getattr(row, field.attname) for row in rows})


def _url(site, model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"{site.name}:{opts.app_label}_{opts.model_name}_{view}", args=[quote(a) for a in args])


def review_queue_view(site):
    def view(request):
        if not queued_admins(site, request):
            raise PermissionDenied
        if request.method == "POST":
            _publish(site, request)
            return HttpResponseRedirect(reverse(f"{site.name}:review_queue"))
        entries = queue_entries(site, request)
        context = {
            **site.each_context(request),
            "title": "Review queue",
            "subtitle": None,
            "entries": entries,
            "queue_size": QUEUE_SIZE,
            "can_publish_any": any(entry.can_publish for entry in entries),
        }
        request.current_app = site.name
        return TemplateResponse(request, "admin/curation/review_queue.html", context)

    return view


def _publish(site, request) -> None:
    """Publish the records named in the POST (``publish`` buttons or the selected boxes)."""
    tokens = request.POST.getlist("publish") or (
        request.POST.getlist("selected") if "publish_selected" in request.POST else []
    )
    by_label = {model._meta.label_lower: model for model in site._registry}
    published, refused = [], []
    for token in tokens:
        label, _, pk = token.partition(":")
        model = by_label.get(label)
        record = model._default_manager.filter(pk=pk).first() if model is not None and has_workflow(model) else None
        if record is None:
            refused.append(f"“{token}” is not a record waiting for review.")
            continue
        try:
            record_publish(record=record, user=request.user)
        except (PermissionDenied, ValidationError) as error:
            refused.append(" ".join(error.messages) if isinstance(error, ValidationError) else str(error))
        else:
            published.append(str(record))
    if published:
        messages.success(request, f"Published: {'; '.join(f'“{name}”' for name in published)}.")
    for reason in refused:
        messages.error(request, reason)
    if not tokens:
        messages.warning(request, "Nothing was selected: tick the records to publish.")
