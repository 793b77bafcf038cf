"""CSV import/export of sources, claims and citations.

Columns and their syntax are those of fixtures/README.md; the strict machinery is in
curation.csvio. (sources may import events; events never imports sources.)
"""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import OuterRef
from django.utils import timezone
from django.utils.functional import classproperty

from curation.copying import model_rows, staged_delete, staged_insert
from curation.csvio.fields import (
    Column,
    DeferredColumn,
    ForeignKeyColumn,
    ManyToManyColumn,
    PartialDateColumn,
    StatusColumn,
)
from curation.csvio.formulae import escape_cell
from curation.csvio.resource import FixtureResource, database_message
from curation.csvio.widgets import (
    CellWidget,
    ChoiceWidget,
    DecimalWidget,
    KeyWidget,
    RecordWidget,
    TextListWidget,
    TextWidget,
    join_list,
    quoted,
    split_list,
)
from events.models import Event, Relationship
from events.state_cells import StateListWidget

from .choices import Assessment, Attribution, Credibility, LinkKind, Reliability, SourceKind, Stance
from .models import Citation, Claim, ClaimLink, Source


class KeyListWidget(CellWidget):
    """``;``-separated keys of other records of the same file or the database (checked when written)."""

    def clean(self, value, row=None, **kwargs) -> list[str]:
        keys = split_list(self.text(value))
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"source {quoted(repeated)} listed twice")
        return keys

    def render(self, value, obj=None, **kwargs) -> str:
        return join_list(value)


class BasedOnColumn(DeferredColumn):
    """``based_on``: the keys of the sources a source relies on.

    A source may rely on one further down the same file, so the links are written once every
    row of the file is in (``SourceResource.after_import``).
    """

    def current(self, instance) -> list:
        return list(
            Source.based_on.through.objects.filter(from_source=instance.pk)
            .order_by("pk")
            .values_list("to_source__slug", flat=True)
        )

    def prefetch(self, instances: list) -> None:
        values: dict = {}
        links = Source.based_on.through.objects.filter(from_source__in=[instance.pk for instance in instances])
        for pk, key in links.order_by("pk").values_list("from_source_id", "to_source__slug"):
            values.setdefault(pk, []).append(key)
        for instance in instances:
            setattr(instance, self.current_attribute, values.get(instance.pk, []))

    def values_for(self, queryset) -> dict:
        # Exported from an annotation of the rows' own query (SourceResource.filter_export):
        # no query of its own, so a list's CSV costs what it did before the column.
        return {}

    @staticmethod
    def keys_subquery():
        links = Source.based_on.through.objects.filter(from_source=OuterRef("pk")).order_by("pk")
        return ArraySubquery(links.values("to_source__slug"))

    def write(self, instance, *, user=None) -> None:
        pass  # see SourceResource.after_import


class SourceResource(FixtureResource):
    key = Column(attribute="slug", widget=KeyWidget())
    title = Column(attribute="title", widget=TextWidget())
    publisher = Column(attribute="publisher", widget=TextWidget())
    authors = Column(attribute="authors", widget=TextListWidget())
    published = PartialDateColumn("published")
    url = Column(attribute="url", widget=TextWidget())
    retrieved = PartialDateColumn("retrieved")
    archive_url = Column(attribute="archive_url", widget=TextWidget())
    kind = Column(attribute="kind", widget=ChoiceWidget(SourceKind))
    reliability = Column(attribute="reliability", widget=ChoiceWidget(Reliability))
    notes = Column(attribute="notes", widget=TextWidget())
    based_on = BasedOnColumn(attribute="based_on", widget=KeyListWidget())
    status = StatusColumn(Source)

    constraint_messages = {
        "source_based_on_no_cycle": "a source cannot rely, through its sources, on itself",
    }

    class Meta:
        model = Source
        fields = (
            "key",
            "title",
            "publisher",
            "authors",
            "published",
            "url",
            "retrieved",
            "archive_url",
            "kind",
            "reliability",
            "notes",
            "based_on",
            "status",
        )

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).annotate(based_on_keys=BasedOnColumn.keys_subquery())

    def export_field(self, field, instance, **kwargs):
        if isinstance(field, BasedOnColumn):
            return escape_cell(field.widget.render(getattr(instance, "based_on_keys", None) or []))
        return super().export_field(field, instance, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._based_on: list[tuple[int, Source, list[str]]] = []

    def save_related(self, written, *, user=None):
        super().save_related(written, user=user)
        for number, _, instance in written:
            wanted = getattr(instance, self.fields["based_on"].pending_attribute, None)
            if wanted is not None:
                self._based_on.append((number, instance, wanted))

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        wanted = getattr(instance, self.fields["based_on"].pending_attribute, None)
        if wanted is not None:
            self._based_on.append((kwargs.get("row_number"), instance, wanted))

    def after_import(self, dataset, result, **kwargs):
        if self._based_on and not (result.has_errors() or result.has_validation_errors()):
            for number, message in self._write_all_based_on(self._based_on):
                error = ValidationError({"based_on": [message]})
                result.append_invalid_row(number, dataset.dict[number - 1], error)
        super().after_import(dataset, result, **kwargs)

    def _write_all_based_on(self, entries: list[tuple[int, Source, list[str]]]) -> list[tuple[int, str]]:
        """Every row's ``based_on`` links: one query for the keys, one statement each for the links
        removed and added; ``(row, message)`` of the rows refused.

        A loop only the database sees (its trigger refuses the statement, naming no row) sends
        the rows to ``_write_based_on``, one at a time, so that the refusal lands on its row.
        """
        column = self.fields["based_on"]
        keys = {key for _, instance, wanted in entries for key in (*wanted, *column.present(instance))}
        found = dict(Source.objects.filter(slug__in=keys).values_list("slug", "pk"))
        problems, valid = [], []
        for number, instance, wanted in entries:
            unknown = [key for key in wanted if key not in found]
            if unknown:
                problems.append((number, f"unknown source {quoted(unknown)}: no source has this key"))
            elif instance.slug in wanted:
                problems.append((number, "a source cannot rely on itself"))
            else:
                valid.append((number, instance, wanted))
        through = Source.based_on.through
        removed, added = [], []
        for _, instance, wanted in valid:
            present = column.present(instance)
            removed.extend((instance.pk, found[key]) for key in present if key not in wanted)
            added.extend(
                {"from_source_id": instance.pk, "to_source_id": found[key]} for key in wanted if key not in present
            )
        try:
            with transaction.atomic():
                staged_delete(through, ["from_source_id", "to_source_id"], removed)
                if added:
                    staged_insert(through, *model_rows(through, added, now=timezone.now()))
        except DatabaseError:
            for number, instance, wanted in valid:
                if message := self._write_based_on(instance, wanted):
                    problems.append((number, message))
        return sorted(problems)

    def _write_based_on(self, instance: Source, wanted: list[str]) -> str | None:
        found = dict(Source.objects.filter(slug__in=wanted).values_list("slug", "pk"))
        unknown = [key for key in wanted if key not in found]
        if unknown:
            return f"unknown source {quoted(unknown)}: no source has this key"
        if instance.slug in wanted:
            return "a source cannot rely on itself"
        try:
            with transaction.atomic():
                # One at a time, in the order written: export gives them back in that order.
                present = set(instance.based_on.values_list("pk", flat=True))
                instance.based_on.remove(*(present - {found[key] for key in wanted}))
                for key in wanted:
                    if found[key] not in present:
                        instance.based_on.add(found[key])
        except IntegrityError as error:
            return database_message(error, self.constraint_messages)
        return None


class ClaimResource(FixtureResource):
    key = Column(attribute="slug", widget=KeyWidget())
    statement = Column(attribute="statement", widget=TextWidget())
    claimant = Column(attribute="claimant", widget=TextWidget())
    asserted = PartialDateColumn("asserted")
    event = ForeignKeyColumn(attribute="event", widget=RecordWidget(Event, label="event"))
    relationship = ForeignKeyColumn(attribute="relationship", widget=RecordWidget(Relationship, label="relationship"))
    # Not import_export's ManyToManyWidget, which silently drops names it cannot find:
    # StateListWidget makes an unknown state a row error (see its docstring).
    states = ManyToManyColumn(attribute="states", widget=StateListWidget())
    stance = Column(attribute="stance", widget=ChoiceWidget(Stance))
    credibility = Column(attribute="credibility", widget=ChoiceWidget(Credibility, numeric=True))
    assessment = Column(attribute="assessment", widget=ChoiceWidget(Assessment))
    quantity_value = Column(attribute="quantity_value", widget=DecimalWidget())
    quantity_lower = Column(attribute="quantity_lower", widget=DecimalWidget())
    quantity_upper = Column(attribute="quantity_upper", widget=DecimalWidget())
    quantity_unit = Column(attribute="quantity_unit", widget=TextWidget())
    status = StatusColumn(Claim)
    retraction_reason = Column(attribute="retraction_reason", widget=TextWidget())

    constraint_messages = {
        "claim_quantity_lower_not_above_value": "the lower bound is above the value",
        "claim_quantity_value_not_above_upper": "the value is above the upper bound",
        "claim_quantity_lower_not_above_upper": "the lower bound is above the upper bound",
        "claim_quantity_has_unit": "give the unit of the number (rounds, percent, troops...)",
        "claim_retraction_has_reason": "say why the claim is retracted",
    }

    class Meta:
        model = Claim
        fields = (
            "key",
            "statement",
            "claimant",
            "asserted",
            "event",
            "relationship",
            "states",
            "stance",
            "credibility",
            "assessment",
            "quantity_value",
            "quantity_lower",
            "quantity_upper",
            "quantity_unit",
            "status",
            "retraction_reason",
        )

    def check_row(self, instance, row, errors):
        subject_columns = ("event", "relationship", "states")
        if any(column in errors for column in subject_columns):
            return
        if instance.event_id is None and instance.relationship_id is None and not instance._csv_pending_states:
            errors.setdefault("event", []).append(
                ValidationError("say what the claim is about: an event, a relationship or at least one state")
            )


class CitationResource(FixtureResource):
    key_columns = ("claim", "source")
    export_ordering = ("claim__slug", "source__slug")

    claim = ForeignKeyColumn(attribute="claim", widget=RecordWidget(Claim, label="claim", required=True))
    source = ForeignKeyColumn(attribute="source", widget=RecordWidget(Source, label="source", required=True))
    quote = Column(attribute="quote", widget=TextWidget())
    locator = Column(attribute="locator", widget=TextWidget())
    attribution = Column(attribute="attribution", widget=ChoiceWidget(Attribution))

    class Meta:
        model = Citation
        fields = ("claim", "source", "quote", "locator", "attribution")


class ClaimLinkResource(FixtureResource):
    key_columns = ("from_claim", "to_claim", "kind")
    export_ordering = ("from_claim__slug", "kind", "to_claim__slug")

    from_claim = ForeignKeyColumn(attribute="from_claim", widget=RecordWidget(Claim, label="claim", required=True))
    kind = Column(attribute="kind", widget=ChoiceWidget(LinkKind))
    to_claim = ForeignKeyColumn(attribute="to_claim", widget=RecordWidget(Claim, label="claim", required=True))
    note = Column(attribute="note", widget=TextWidget())

    constraint_messages = {
        "claimlink_not_to_itself": "a claim cannot be linked to itself",
        "claimlink_once": "this link is already recorded",
        "claimlink_kind_known": "unknown kind of link",
        "claimlink_no_cycle": "derives_from and supersedes links cannot go round in a circle: "
        "the other claim already leads back to this one",
    }

    class Meta:
        model = ClaimLink
        fields = ("from_claim", "kind", "to_claim", "note")

    @classproperty
    def file_name(cls) -> str:
        return "claim_links.csv"

    @classproperty
    def record_label(cls) -> str:
        return "claim link"

    def check_row(self, instance, row, errors):
        if "from_claim" in errors or "to_claim" in errors:
            return
        if instance.from_claim_id is not None and instance.from_claim_id == instance.to_claim_id:
            errors.setdefault("to_claim", []).append(ValidationError("a claim cannot be linked to itself"))
