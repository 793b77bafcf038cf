"""What a reader could see change since a moment, read from the recorded history.

A record's public representation changes when its own row or one of its parts
(an event's participants, a claim's citations and state links) is written, and
also when what it shows of another record changes: a claim appears or vanishes
with its event, relationship or cited sources, a citation with its claim and
source, an event's, relationship's and source's claim counts with the claims,
and a relationship's founding event with that event. Each record gets the time
of the latest such write.

Then each record is classified by what a reader sees now: ``created`` (public
now, not at ``since``), ``updated`` (public then and now) or ``withdrawn`` (not
public now: unpublished, retracted, hidden with its subject, or deleted). A
record that was never public (no published version in its history) is never
listed. A key that changed while public is listed as withdrawn under its old key.

Listing too much is harmless to a copy (a record fetched again, a key deleted that
it does not hold); listing too little is not. So the spread is generous.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Max

from curation.history.models import event_model, part_links
from curation.models import Publishable
from curation.workflow.status import EditorialStatus
from events.models import Event, Relationship, State
from sources.models import Citation, Claim, Source

from .records import BY_MODEL, RECORD_TYPES

CREATED, UPDATED, WITHDRAWN = "created", "updated", "withdrawn"
DELETE_LABEL = "delete"


@dataclass(frozen=True)
class Change:
    type: str
    key: str
    change: str
    changed_at: datetime.datetime
    pk: object = None  # None when withdrawn


Times = dict[type, dict[object, datetime.datetime]]


def _note(times: Times, model, rows) -> None:
    bucket = times[model]
    for pk, at in rows:
        if pk is not None and (pk not in bucket or at > bucket[pk]):
            bucket[pk] = at


def _written(history, since, until):
    rows = history.objects.filter(pgh_created_at__gt=since)
    return rows if until is None else rows.filter(pgh_created_at__lte=until)


def _latest(history, column: str, since, until=None):
    """``(value of column, time of the latest write)`` of the history rows written after ``since`` (up to ``until``)."""
    rows = _written(history, since, until).values(column).annotate(at=Max("pgh_created_at"))
    return rows.values_list(column, "at")


def _spread(times: Times, model, pairs, source_times) -> None:
    """``pairs`` of (pk of ``model``, pk in ``source_times``): each record takes its source's time."""
    _note(times, model, ((pk, source_times[other]) for pk, other in pairs if other in source_times))


def touched(since, until=None) -> Times:
    """Every record whose public representation may have changed after ``since`` (up to ``until``), with the
    time it did. The records are read from the tables as they are: as of ``until`` when an answer is
    (``curation.history.as_of``)."""
    times: Times = defaultdict(dict)
    for record_type in RECORD_TYPES:
        _note(times, record_type.model, _latest(event_model(record_type.model), "pgh_obj_id", since, until))
        for link in part_links(record_type.model):
            _note(times, record_type.model, _latest(link.event_model, link.record_column, since, until))
    events, relationships, sources = dict(times[Event]), dict(times[Relationship]), dict(times[Source])

    # What a record shows of another: visibility follows the records it depends on.
    claims_shown = Claim.objects.filter(event_id__in=list(events)).values_list("pk", "event_id")
    _spread(times, Claim, claims_shown, events)
    claims_shown = Claim.objects.filter(relationship_id__in=list(relationships)).values_list("pk", "relationship_id")
    _spread(times, Claim, claims_shown, relationships)
    citing = list(Citation.objects.filter(source_id__in=list(sources)).values_list("pk", "claim_id", "source_id"))
    _spread(times, Claim, ((claim, source) for _, claim, source in citing), sources)
    _spread(times, Citation, ((pk, source) for pk, _, source in citing), sources)
    founded = Relationship.objects.filter(founding_event_id__in=list(events)).values_list("pk", "founding_event_id")
    _spread(times, Relationship, founded, events)
    claims = dict(times[Claim])
    _spread(times, Citation, Citation.objects.filter(claim_id__in=list(claims)).values_list("pk", "claim_id"), claims)

    # Claim counts: the subjects a claim was about and the sources it cited, before and after each write.
    claim_history = _written(event_model(Claim), since, until)
    _note(times, Event, claim_history.exclude(event_id=None).values_list("event_id", "pgh_created_at"))
    _note(
        times,
        Relationship,
        claim_history.exclude(relationship_id=None).values_list("relationship_id", "pgh_created_at"),
    )
    _note(times, Source, _latest(event_model(Citation), "source_id", since, until))
    _spread(times, Event, Claim.objects.filter(pk__in=list(claims)).values_list("event_id", "pk"), claims)
    _spread(times, Relationship, Claim.objects.filter(pk__in=list(claims)).values_list("relationship_id", "pk"), claims)
    return times


def _key_field(model) -> str:
    return "iso3" if model is State else "slug"


def _snapshots(model, pks, *, until=None, published_only=False) -> dict:
    """The latest history row of each record (up to ``until``; only published versions if asked)."""
    rows = event_model(model).objects.filter(pgh_obj_id__in=list(pks))
    if until is not None:
        rows = rows.filter(pgh_created_at__lte=until)
    if published_only:
        rows = rows.filter(status=EditorialStatus.PUBLISHED).exclude(pgh_label=DELETE_LABEL)
    rows = rows.order_by("pgh_obj_id", "-pgh_id").distinct("pgh_obj_id")
    return {row.pgh_obj_id: row for row in rows}


def _citation_keys(rows) -> dict:
    """``{citation pk: "<claim key>~<source key>"}`` from rows holding ``claim_id`` and ``source_id``."""
    claims = _snapshots(Claim, {row.claim_id for row in rows.values()})
    sources = _snapshots(Source, {row.source_id for row in rows.values()})
    return {
        pk: f"{claims[row.claim_id].slug}~{sources[row.source_id].slug}"
        for pk, row in rows.items()
        if row.claim_id in claims and row.source_id in sources
    }


def _was_public(model, row) -> bool:
    if row is None or row.pgh_label == DELETE_LABEL:
        return False
    return not issubclass(model, Publishable) or row.status == EditorialStatus.PUBLISHED


def _public_then(model, then: dict, since) -> set:
    """The records of ``then`` (their versions at ``since``) that a reader could see at ``since``.

    A claim was seen only with its event and relationship published; a citation only
    with its claim seen and its source published.
    """
    public = {pk for pk, row in then.items() if _was_public(model, row)}
    if model is Claim:
        subjects = {}
        for subject_model, column in ((Event, "event_id"), (Relationship, "relationship_id")):
            ids = {getattr(then[pk], column) for pk in public} - {None}
            versions = _snapshots(subject_model, ids, until=since) if ids else {}
            subjects[column] = {pk for pk, row in versions.items() if _was_public(subject_model, row)}
        public = {
            pk for pk in public if all(getattr(then[pk], column) in (None, *seen) for column, seen in subjects.items())
        }
    elif model is Citation:
        claims = _snapshots(Claim, {then[pk].claim_id for pk in public}, until=since)
        claims_seen = _public_then(Claim, claims, since)
        sources = _snapshots(Source, {then[pk].source_id for pk in public}, until=since)
        public = {
            pk
            for pk in public
            if then[pk].claim_id in claims_seen and _was_public(Source, sources.get(then[pk].source_id))
        }
    return public


def _classify(record_type, times: dict, since) -> list[Change]:
    model = record_type.model
    if not times:
        return []
    key_field = _key_field(model)
    public = record_type.public().filter(pk__in=list(times))
    if model is Citation:
        now = {pk: f"{claim}~{source}" for pk, claim, source in public.values_list("pk", "claim__slug", "source__slug")}
    else:
        now = dict(public.values_list("pk", key_field))
    then = _snapshots(model, times, until=since)
    then_keys = _citation_keys(then) if model is Citation else {pk: getattr(row, key_field) for pk, row in then.items()}
    seen_then = _public_then(model, then, since)
    changes = []
    for pk, key in now.items():
        was_public = pk in seen_then
        changes.append(Change(record_type.name, key, UPDATED if was_public else CREATED, times[pk], pk))
        if was_public and then_keys.get(pk) not in (None, key):
            changes.append(Change(record_type.name, then_keys[pk], WITHDRAWN, times[pk]))
    gone = [pk for pk in times if pk not in now]
    if gone:
        for pk, key in _withdrawn_keys(model, gone).items():
            changes.append(Change(record_type.name, key, WITHDRAWN, times[pk]))
    return changes


def _withdrawn_keys(model, pks) -> dict:
    """The key readers last saw of each record in ``pks`` that was ever public; the others are left out."""
    if model is Citation:
        rows = _snapshots(Citation, pks)
        ever_claims = set(_snapshots(Claim, {row.claim_id for row in rows.values()}, published_only=True))
        ever_sources = set(_snapshots(Source, {row.source_id for row in rows.values()}, published_only=True))
        shown = {pk: row for pk, row in rows.items() if row.claim_id in ever_claims and row.source_id in ever_sources}
        return _citation_keys(shown)
    key_field = _key_field(model)
    rows = _snapshots(model, pks, published_only=issubclass(model, Publishable))
    return {pk: getattr(row, key_field) for pk, row in rows.items()}


def changes_since(since) -> list[Change]:
    """Every change a reader could see after ``since``, oldest first (then by type and key)."""
    times = touched(since)
    changes = []
    for record_type in RECORD_TYPES:
        changes.extend(_classify(record_type, times.get(record_type.model, {}), since))
    order = {record_type.name: n for n, record_type in enumerate(RECORD_TYPES)}
    return sorted(changes, key=lambda change: (change.changed_at, order[change.type], change.key, change.change))


def changed_since(model, since, until=None) -> list:
    """The pks of ``model``'s records public now whose public representation changed after ``since``
    (up to ``until``: in an answer as of that moment, "now" is then)."""
    record_type = BY_MODEL[model]
    times = touched(since, until).get(model, {})
    return list(record_type.public().filter(pk__in=list(times)).values_list("pk", flat=True)) if times else []


def safe_until() -> datetime.datetime:
    """The latest time before which every write is already visible to us.

    History rows carry the time their transaction began, so a transaction still
    open may yet commit rows dated before now: the time returned is no later
    than the start of the oldest transaction still open (ours aside).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT LEAST(clock_timestamp(), (SELECT min(xact_start) FROM pg_stat_activity"
            " WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() AND datname = current_database()"
            " AND backend_type = 'client backend'))"
        )
        return cursor.fetchone()[0]
