"""Importing the data sets: each import one transaction, in one history context, all or nothing.

``sipri_register_import`` and ``atop_import`` read the files with this package's
readers, resolve the states through the names table (``resolving``), turn each record
into axisdb records (``sipri_records``, ``atop_records``) and write them in batches
(``writing``). Malformed values or unknown state names stop the import: nothing is
written and the report lists them. A dry run reports the same and writes nothing.
"""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Callable, Sequence
from typing import BinaryIO

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import transaction

from curation.workflow.status import EditorialStatus
from events.models import Event, EventParticipant, Relationship, State
from sources.choices import SourceKind
from sources.models import Source

from .atop import AllianceFile, MemberFile, Membership
from .atop_records import KINDS, Spell, alliance_plans
from .dates import PartialDate
from .errors import FormatError
from .former_states import predecessors_of
from .models import Dataset, ImportedRecord
from .report import ImportReport
from .resolving import SKIP, StateResolver
from .seed_links import seed_links_sync
from .sipri import TradeRegister
from .sipri_records import deal_plans
from .statistics import GrowingTables
from .writing import Writer

BATCH_SIZE = 2000
ATOP_SOURCE_SLUG = "atop-4-01"
Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    pass


def import_status(*, publish: bool, user) -> str:
    """Drafts, unless a reviewer (or the operator, with no user) publishes."""
    if not publish:
        return EditorialStatus.DRAFT
    if user is not None and not all(
        user.has_perm(f"{app}.publish_{model}")
        for app, model in (("events", "event"), ("events", "relationship"), ("sources", "claim"))
    ):
        raise PermissionDenied("Publishing imported records needs a reviewer's permission to publish.")
    return EditorialStatus.PUBLISHED


def _user_id(user) -> int | None:
    return user.pk if getattr(user, "is_authenticated", False) else None


def _size(stream: BinaryIO) -> int:
    try:
        position = stream.tell()
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(position)
        return size
    except (OSError, AttributeError):
        return 0


def _position(stream: BinaryIO) -> int:
    try:
        return stream.tell()
    except (OSError, AttributeError):
        return 0


def sipri_source(export, *, status: str, user) -> Source:
    """The one Source of a register export (its reliability is the editors' to grade)."""
    slug = f"sipri-arms-transfers-database-{export.generated_on.isoformat()}"
    source = Source.objects.filter(slug=slug).first()
    if source is None:
        day = export.generated_on
        source = Source(
            slug=slug,
            title=f"SIPRI Arms Transfers Database, trade register (data generated {day.day} {day:%b %Y})",
            publisher="SIPRI",
            published=PartialDate(day.year, day.month, day.day),
            kind=SourceKind.DATASET,
            notes=f"{export.attribution} Export: {export.title.strip()} Imported by the SIPRI importer.",
            status=status,
            created_by=user,
            updated_by=user,
        )
        source.save()
    return source


def sipri_register_import(
    *,
    stream: BinaryIO,
    file_name: str,
    states: Sequence[str] = (),
    dry_run: bool = False,
    publish: bool = False,
    add_states: bool = False,
    user=None,
    progress: Progress = _no_progress,
) -> ImportReport:
    """Import a SIPRI trade register export (binary stream, cp1252): deals as events and claims."""
    report = ImportReport(dataset="SIPRI trade register", file_names=(file_name,), dry_run=dry_run)
    status = import_status(publish=publish, user=user)
    user = user if _user_id(user) else None
    total = _size(stream)
    with (
        transaction.atomic(),
        pghistory.context(
            import_run=str(uuid.uuid4()), import_file=file_name, dataset=Dataset.SIPRI, user=_user_id(user)
        ),
    ):
        try:
            register = TradeRegister(stream)
        except FormatError as error:
            report.errors.append(str(error))
            return report
        resolver = StateResolver(add_states=add_states)
        wanted = set(states) | predecessors_of(states) if states else None
        source = sipri_source(register.export, status=status, user=user)
        writer = Writer(dataset=Dataset.SIPRI, report=report, status=status, user=user)
        tables = GrowingTables(("events.event", "sources.claim"), report)
        events, claims = [], []
        for deal in register:
            report.rows += 1
            if wanted and not {resolver.sipri_peek(deal.supplier), resolver.sipri_peek(deal.recipient)} & wanted:
                continue
            supplier, recipient = resolver.sipri_name(deal.supplier), resolver.sipri_name(deal.recipient)
            if SKIP in (supplier, recipient) or None in (supplier, recipient) or report.errors:
                continue
            event, claim = deal_plans(deal, supplier=supplier, recipient=recipient, export=register.export)
            events.append(event)
            claims.append(claim)
            report.kept += 1
            if len(events) >= BATCH_SIZE:
                resolver.save_pending()
                _flush(writer, events, claims, source)
                tables.refresh_if_behind()
                progress(_position(stream), total)
        if not resolver.unknown and not register.errors:
            resolver.save_pending()
            _flush(writer, events, claims, source)
            tables.refresh_if_behind()  # before the seed links read the claims
        progress(total, total)
        report.errors.extend(str(error) for error in register.errors)
        report.notes.extend(str(rejoin) for rejoin in register.rejoins)
        if not report.errors and not resolver.unknown:
            seed_links_sync(report=report, user=user)
        _finish(report, resolver, writer, wanted, tables)
    return report


def _flush(writer: Writer, events: list, claims: list, source: Source) -> None:
    if events:
        writer.events(events)
        writer.claims(claims, source)
    events.clear()
    claims.clear()


def _finish(report: ImportReport, resolver: StateResolver, writer: Writer, wanted, tables: GrowingTables) -> None:
    resolver.save_pending()
    report.skipped.update(resolver.skipped)
    report.unknown.update(resolver.unknown)
    report.states_added.extend(resolver.added)
    if not report.stopped:
        for label in tables.labels:
            writer.report_vanished(label, within=_in_scope(label, wanted))
    report.committed = not (report.stopped or report.dry_run)
    if not report.committed:
        transaction.set_rollback(True)
        return
    # Autovacuum analyses the tables only after the commit, sometimes minutes later; the API's
    # readers right after it would get plans for the tables' old sizes.
    tables.refresh()


def _in_scope(label: str, wanted):
    """Slugs of the imported records touching ``wanted`` states (None: all are in scope)."""
    if not wanted:
        return None
    events = EventParticipant.objects.filter(state__in=wanted).values("event")
    if label == "events.event":
        return Event.objects.filter(pk__in=events).values("slug")
    return ImportedRecord.objects.filter(
        model=label, slug__in=Event.objects.filter(pk__in=events).values("slug")
    ).values("slug")


def atop_source(*, status: str, user) -> Source:
    """The one Source of the ATOP data set version read (its reliability is the editors' to grade)."""
    source = Source.objects.filter(slug=ATOP_SOURCE_SLUG).first()
    if source is None:
        source = Source(
            slug=ATOP_SOURCE_SLUG,
            title="Alliance Treaty Obligations and Provisions (ATOP) data, version 4.01",
            kind=SourceKind.DATASET,
            notes="ATOP v4.01, alliance-level and member-level files. Imported by the ATOP importer.",
            status=status,
            created_by=user,
            updated_by=user,
        )
        source.save()
    return source


def atop_import(
    *,
    alliances: BinaryIO,
    members: BinaryIO,
    file_names: tuple[str, str] = ("alliances", "members"),
    states: Sequence[str] = (),
    dry_run: bool = False,
    publish: bool = False,
    add_states: bool = False,
    user=None,
    progress: Progress = _no_progress,
) -> ImportReport:
    """Import ATOP v4.01 (alliance-level and member-level files): treaties, ties and claims by ATOP."""
    report = ImportReport(dataset="ATOP v4.01", file_names=file_names, dry_run=dry_run)
    status = import_status(publish=publish, user=user)
    user = user if _user_id(user) else None
    member_bytes = members.read()
    member_lines = member_bytes.decode("ascii", errors="replace").splitlines()
    with (
        transaction.atomic(),
        pghistory.context(
            import_run=str(uuid.uuid4()), import_file=", ".join(file_names), dataset=Dataset.ATOP, user=_user_id(user)
        ),
    ):
        try:
            alliance_file, member_file = AllianceFile(alliances), MemberFile(io.BytesIO(member_bytes))
        except FormatError as error:
            report.errors.append(str(error))
            return report
        by_alliance: dict[int, list[Membership]] = {}
        for membership in member_file:
            by_alliance.setdefault(membership.atopid, []).append(membership)
        all_alliances = list(alliance_file)
        report.errors.extend(str(error) for error in [*alliance_file.errors, *member_file.errors])
        resolver = StateResolver(add_states=add_states)
        wanted = set(states) | predecessors_of(states) if states else None
        source = atop_source(status=status, user=user)
        writer = Writer(dataset=Dataset.ATOP, report=report, status=status, user=user)
        tables = GrowingTables(("events.event", "events.relationship", "sources.claim"), report)
        taken = _ties_taken()
        events, relationships, claims = [], [], []
        for number, alliance in enumerate(all_alliances, 1):
            report.rows += 1
            rows = by_alliance.get(alliance.atopid, [])
            if wanted and not {resolver.cow_peek(row.member, row.entry.lower) for row in rows} & wanted:
                continue
            spells = []
            for row in rows:
                iso3 = resolver.cow_code(row.member, row.entry.lower)
                if iso3 not in (None, SKIP):
                    spells.append(Spell(iso3, row))
            if len({spell.iso3 for spell in spells}) < 2 or resolver.unknown or report.errors:
                continue
            resolver.save_pending()
            names = dict(State.objects.filter(iso3__in={s.iso3 for s in spells}).values_list("iso3", "short_name"))
            event, ties, tie_claims = alliance_plans(alliance, spells, names, lambda n: member_lines[n - 1])
            kept = {tie.slug for tie in ties if _claim_tie(taken, tie, report)}
            events.append(event)
            relationships.extend(tie for tie in ties if tie.slug in kept)
            claims.extend(claim for claim in tie_claims if claim.relationship in kept)
            report.kept += 1
            progress(number, len(all_alliances))
        if not report.stopped and not resolver.unknown:
            for start in range(0, len(events), BATCH_SIZE):
                writer.events(events[start : start + BATCH_SIZE])
                tables.refresh_if_behind()
            for start in range(0, len(relationships), BATCH_SIZE):
                writer.relationships(relationships[start : start + BATCH_SIZE])
                writer.claims(claims[start : start + BATCH_SIZE], source)
                tables.refresh_if_behind()
        progress(len(all_alliances), len(all_alliances))
        _finish(report, resolver, writer, wanted, tables)
    return report


def _ties_taken() -> dict[tuple, list[tuple]]:
    """The ties of the ATOP kinds already in the database: ``(a, b, kind) -> [(slug, lower, upper)]``."""
    taken: dict[tuple, list[tuple]] = {}
    kinds = [kind.value for kind in KINDS.values()]
    for slug, a, b, kind, period in Relationship.objects.filter(kind__in=kinds).values_list(
        "slug", "state_a", "state_b", "kind", "period"
    ):
        taken.setdefault((a, b, kind), []).append((slug, period.lower, period.upper))
    return taken


def _claim_tie(taken: dict, tie, report: ImportReport) -> bool:
    """Whether ``tie`` can be written: no other tie of its kind between its states overlaps it.

    The database holds one tie per pair and kind at a time; a second treaty's overlapping
    tie is left out and noted (its founding event still names both treaties' members).
    """
    fields = tie.fields
    key = (fields["state_a_id"], fields["state_b_id"], fields["kind"])
    lower = fields["start"].lower
    upper = fields["end"].upper + datetime.timedelta(days=1) if fields["end"] else None
    for slug, other_lower, other_upper in taken.get(key, []):
        if slug == tie.slug:
            continue
        if (other_upper is None or lower < other_upper) and (
            upper is None or other_lower is None or other_lower < upper
        ):
            report.notes.append(f"{tie.slug}: left out, it overlaps the tie {slug} of the same kind")
            return False
    taken.setdefault(key, []).append((tie.slug, lower, upper))
    return True
