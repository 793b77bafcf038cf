"""CSV import/export of sources, claims and citations.

Columns and their syntax are those of fixtures/README.md; the strict machinery is in
curation.csvio. (sources may import events; events never imports sources.)
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from curation.csvio.fields import Column, ForeignKeyColumn, ManyToManyColumn, PartialDateColumn, StatusColumn
from curation.csvio.resource import FixtureResource
from curation.csvio.widgets import ChoiceWidget, DecimalWidget, KeyWidget, RecordWidget, TextListWidget, TextWidget
from events.models import Event, Relationship
from events.state_cells import StateListWidget

from .choices import Assessment, Credibility, Reliability, SourceKind, Stance
from .models import Citation, Claim, Source


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
    status = StatusColumn(Source)

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
            "status",
        )


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

    class Meta:
        model = Citation
        fields = ("claim", "source", "quote", "locator")
