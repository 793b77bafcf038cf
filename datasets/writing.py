"""Writing a data set's records: new ones created, changed ones updated, an editor's changes left alone.

Each record an import writes is remembered in ``ImportedRecord`` with a digest of its
content as written. On the next import a record is

- **created** when no record has its key;
- **unchanged** when its content is what the data set now says;
- **updated** when it is still as the last import wrote it and the data set changed;
- a **conflict** when its content differs from what the last import wrote: an editor
  changed it since, so it is listed and left as the editor made it.

The writes are set-based: new rows are ``COPY``-ed into a staging table and inserted by
one ``INSERT ... SELECT`` per table and batch (``copying``), changed ones are written by
``bulk_update``; the pghistory triggers still record every row, with the import's context.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models.expressions import RawSQL
from django.utils import timezone

from curation.copying import model_rows, staged_insert
from events.models import Event, EventParticipant, Relationship
from sources.models import Citation, Claim

from .models import ImportedRecord
from .report import ImportReport


def _date(value) -> str | None:
    return value.value if value is not None else None


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def digest(view: dict) -> str:
    return hashlib.sha1(json.dumps(view, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class EventPlan:
    slug: str
    record_key: str
    line: str
    fields: dict
    participants: list[tuple[str, str]]

    def view(self) -> dict:
        return event_view(self.fields, self.participants)


@dataclass
class RelationshipPlan:
    slug: str
    record_key: str
    line: str
    fields: dict
    founding_event: str | None

    def view(self) -> dict:
        return relationship_view(self.fields, self.founding_event)


@dataclass
class ClaimPlan:
    slug: str
    record_key: str
    line: str
    fields: dict
    quote: str
    locator: str
    event: str | None = None
    relationship: str | None = None
    extra: dict = field(default_factory=dict)

    def view(self, source_slug: str) -> dict:
        return claim_view(self.fields, self.event, self.relationship, (source_slug, self.quote, self.locator))


EVENT_FIELDS = ("title", "summary", "type", "domains", "place", "start", "start_approximate", "end", "end_approximate")
RELATIONSHIP_FIELDS = ("kind", "state_a_id", "state_b_id", "summary", "start", "start_approximate", "end")
RELATIONSHIP_FIELDS += ("end_approximate",)
CLAIM_FIELDS = (
    "statement",
    "claimant",
    "stance",
    "asserted",
    "asserted_approximate",
    "quantity_value",
    "quantity_lower",
    "quantity_upper",
    "quantity_unit",
)


def _plain(fields: dict, names) -> dict:
    out = {}
    for name in names:
        value = fields.get(name)
        if name in ("start", "end", "asserted"):
            value = _date(value)
        elif name.startswith("quantity_") and name != "quantity_unit":
            value = _number(value)
        elif name == "domains":
            value = list(value or [])
        out[name] = value
    return out


def event_view(fields: dict, participants) -> dict:
    return {**_plain(fields, EVENT_FIELDS), "participants": sorted(map(list, participants))}


def relationship_view(fields: dict, founding_event: str | None) -> dict:
    return {**_plain(fields, RELATIONSHIP_FIELDS), "founding_event": founding_event}


def claim_view(fields: dict, event: str | None, relationship: str | None, citation) -> dict:
    return {**_plain(fields, CLAIM_FIELDS), "event": event, "relationship": relationship, "citation": list(citation)}


def _listed(values: list, kind: str = "text") -> RawSQL:
    """``values`` as one array parameter for ``__in`` (``IN (SELECT unnest(%s))``), not one per value.

    A batch asks about thousands of keys: one parameter instead of thousands spares building,
    sending and parsing a statement of that many placeholders.
    """
    return RawSQL(f"SELECT unnest(%s::{kind}[])", (values,))


def _values(record, names) -> dict:
    return {name: getattr(record, name) for name in names}


class Writer:
    """Writes batches of plans for one data set, one transaction being the caller's."""

    def __init__(self, *, dataset: str, report: ImportReport, status: str, user=None):
        self.dataset = dataset
        self.report = report
        self.status = status
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.event_ids: dict[str, int] = {}
        self.relationship_ids: dict[str, int] = {}
        self.seen: dict[str, set[str]] = {"events.event": set(), "events.relationship": set(), "sources.claim": set()}

    # -- the bookkeeping shared by every model --------------------------------------------------

    def _classify(self, label: str, plans, existing: dict, current_view, planned_view):
        """Split ``plans`` into (create, update, remember): each plan's fate, counted in the report."""
        # What the last import wrote, read for the records that exist (a new record has no say).
        known = [plan.slug for plan in plans if plan.slug in existing]
        imported = (
            dict(ImportedRecord.objects.filter(model=label, slug__in=_listed(known)).values_list("slug", "digest"))
            if known
            else {}
        )
        create, update, remember = [], [], []
        counts = self.report.counts(label)
        for plan in plans:
            self.seen[label].add(plan.slug)
            wanted = digest(planned_view(plan))
            record = existing.get(plan.slug)
            if record is None:
                create.append(plan)
                remember.append((plan, wanted))
                counts["created"] += 1
                continue
            now = digest(current_view(record))
            if now == wanted:
                counts["unchanged"] += 1
                if imported.get(plan.slug) != wanted:
                    remember.append((plan, wanted))
            elif imported.get(plan.slug) == now:
                update.append((plan, record))
                remember.append((plan, wanted))
                counts["updated"] += 1
            else:
                counts["conflicts"] += 1
                self.report.conflicts.append(
                    f"{label} {plan.slug} ({plan.line}): changed by an editor since the import"
                )
        return create, update, remember

    def _remember(self, label: str, remember) -> None:
        if not remember:
            return
        values = [
            {
                "dataset": self.dataset,
                "record_key": plan.record_key,
                "model": label,
                "slug": plan.slug,
                "digest": wanted,
                "line": plan.line,
            }
            for plan, wanted in remember
        ]
        columns, rows = model_rows(ImportedRecord, values, now=timezone.now())
        updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in ("dataset", "record_key", "digest", "line"))
        staged_insert(
            ImportedRecord,
            columns,
            rows,
            on_conflict=f"ON CONFLICT (model, slug) DO UPDATE SET {updates}, imported_at = EXCLUDED.imported_at",
        )

    def _made_by(self) -> dict:
        """Who made a new row of the import (None: the operator, from the command line)."""
        user = self.user.pk if self.user is not None else None
        return {"created_by_id": user, "updated_by_id": user}

    def _created(self, plan) -> dict:
        """The columns every new record of the import has: its key, status and who made it."""
        return {"slug": plan.slug, "status": self.status, **self._made_by()}

    def _changed_by(self, record) -> None:
        if self.user is not None:
            record.updated_by = self.user

    # -- events ---------------------------------------------------------------------------------

    def events(self, plans: list[EventPlan]) -> None:
        label = "events.event"
        # What the existing records hold, read as plain values (two queries; no model instances).
        existing, ids = {}, {}
        for pk, slug, *values in Event.objects.filter(slug__in=_listed([p.slug for p in plans])).values_list(
            "pk", "slug", *EVENT_FIELDS
        ):
            existing[slug], ids[pk] = (dict(zip(EVENT_FIELDS, values, strict=True)), []), slug
        participants = EventParticipant.objects.filter(event_id__in=_listed(list(ids), "bigint")).values_list(
            "event_id", "state_id", "role"
        )
        for event_id, iso3, role in participants:
            existing[ids[event_id]][1].append((iso3, role))

        def current(record):
            values, taking_part = record
            return event_view(values, taking_part)

        create, update, remember = self._classify(label, plans, existing, current, EventPlan.view)
        instances = Event.objects.in_bulk([plan.slug for plan, _ in update], field_name="slug") if update else {}
        update = [(plan, instances[plan.slug]) for plan, _ in update]
        now = timezone.now()
        columns, rows = model_rows(Event, ({**plan.fields, **self._created(plan)} for plan in create), now=now)
        created = dict(staged_insert(Event, columns, rows, returning=("slug", "id")))
        changed = []
        for plan, event in update:
            for name, value in plan.fields.items():
                setattr(event, name, value)
            self._changed_by(event)
            changed.append(event)
        if changed:
            Event.objects.bulk_update(changed, [*EVENT_FIELDS, "updated_by", "updated_at"])
            EventParticipant.objects.filter(event__in=changed).delete()
        self.event_ids.update((slug, pk) for pk, slug in ids.items())
        self.event_ids.update(created)
        written = [(created[plan.slug], plan) for plan in create] + [(event.pk, plan) for plan, event in update]
        participants = [
            {"event_id": event_id, "state_id": iso3, "role": role, **self._made_by()}
            for event_id, plan in written
            for iso3, role in plan.participants
        ]
        columns, rows = model_rows(EventParticipant, participants, now=now)
        staged_insert(EventParticipant, columns, rows)
        self._remember(label, remember)

    # -- relationships --------------------------------------------------------------------------

    def relationships(self, plans: list[RelationshipPlan]) -> None:
        label = "events.relationship"
        found = Relationship.objects.filter(slug__in=_listed([p.slug for p in plans]))
        existing = {r.slug: r for r in found.select_related("founding_event")}

        def current(relationship):
            founding = relationship.founding_event.slug if relationship.founding_event_id else None
            return relationship_view(_values(relationship, RELATIONSHIP_FIELDS), founding)

        create, update, remember = self._classify(label, plans, existing, current, RelationshipPlan.view)
        values = (
            {**plan.fields, **self._created(plan), "founding_event_id": self.event_ids.get(plan.founding_event)}
            for plan in create
        )
        columns, rows = model_rows(Relationship, values, now=timezone.now())
        created = dict(staged_insert(Relationship, columns, rows, returning=("slug", "id")))
        changed = []
        for plan, relationship in update:
            for name, value in plan.fields.items():
                setattr(relationship, name, value)
            relationship.founding_event_id = self.event_ids.get(plan.founding_event)
            self._changed_by(relationship)
            changed.append(relationship)
        if changed:
            Relationship.objects.bulk_update(
                changed, [*RELATIONSHIP_FIELDS, "founding_event_id", "updated_by", "updated_at"]
            )
        for relationship in existing.values():
            self.relationship_ids[relationship.slug] = relationship.pk
        self.relationship_ids.update(created)
        self._remember(label, remember)

    # -- claims and their citation ----------------------------------------------------------------

    def claims(self, plans: list[ClaimPlan], source) -> None:
        label = "sources.claim"
        # What the existing records hold, read as plain values (two queries; no model instances).
        existing, ids = {}, {}
        rows = Claim.objects.filter(slug__in=_listed([p.slug for p in plans])).values_list(
            "pk", "slug", *CLAIM_FIELDS, "event__slug", "relationship__slug"
        )
        for pk, slug, *values, event, relationship in rows:
            existing[slug], ids[pk] = [dict(zip(CLAIM_FIELDS, values, strict=True)), event, relationship, ()], slug
        # A claim cites a source once at most (citation_once_per_claim_and_source).
        cited = Citation.objects.filter(claim_id__in=_listed(list(ids), "bigint"), source=source).values_list(
            "claim_id", "quote", "locator"
        )
        for claim_id, quote, locator in cited:
            existing[ids[claim_id]][3] = (source.slug, quote, locator)

        def current(record):
            return claim_view(*record)

        create, update, remember = self._classify(label, plans, existing, current, lambda plan: plan.view(source.slug))
        instances = Claim.objects.in_bulk([plan.slug for plan, _ in update], field_name="slug") if update else {}
        update = [(plan, instances[plan.slug]) for plan, _ in update]
        now = timezone.now()
        values = (
            {
                **plan.fields,
                **self._created(plan),
                "event_id": self.event_ids.get(plan.event),
                "relationship_id": self.relationship_ids.get(plan.relationship),
                # What the citation triggers will count once its one citation (asserts) is written:
                # one origin, no circular reporting. Written now, the recount after the citations'
                # insert finds nothing to change instead of rewriting every new claim's row (and
                # its 17 index entries) a second time. The triggers still recount and decide.
                "origin_count": 1,
                "circular_reporting": False,
            }
            for plan in create
        )
        columns, rows = model_rows(Claim, values, now=now)
        created = dict(staged_insert(Claim, columns, rows, returning=("slug", "id")))
        changed = []
        for plan, claim in update:
            for name, value in plan.fields.items():
                setattr(claim, name, value)
            claim.event_id = self.event_ids.get(plan.event)
            claim.relationship_id = self.relationship_ids.get(plan.relationship)
            self._changed_by(claim)
            changed.append(claim)
        if changed:
            Claim.objects.bulk_update(
                changed, [*CLAIM_FIELDS, "event_id", "relationship_id", "updated_by", "updated_at"]
            )
            Citation.objects.filter(claim__in=changed, source=source).delete()
        written = [(created[plan.slug], plan) for plan in create] + [(claim.pk, plan) for plan, claim in update]
        citations = [
            {"claim_id": claim_id, "source_id": source.pk, "quote": plan.quote, "locator": plan.locator}
            | self._made_by()
            for claim_id, plan in written
        ]
        columns, rows = model_rows(Citation, citations, now=now)
        staged_insert(Citation, columns, rows)
        self._remember(label, remember)

    # -- what the data set no longer has ----------------------------------------------------------

    def report_vanished(self, label: str, within=None) -> None:
        """Records of earlier imports this import did not see: reported, never deleted.

        ``within``: slugs of the records in scope (an import limited to some states).
        """
        imported = ImportedRecord.objects.filter(dataset=self.dataset, model=label)
        if within is not None:
            imported = imported.filter(slug__in=within)
        for slug, line in imported.values_list("slug", "line").order_by("slug").iterator():
            if slug not in self.seen[label]:
                self.report.vanished.append(f"{label} {slug} (was {line}): no longer in the data set; left as it is")
