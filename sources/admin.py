"""Admin for sources, claims and citations.

The claims shown on event and relationship pages are contributed to the events
app's admin in ``sources/on_events/``.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, Q

from curation.admin.base import AUDIT_FIELDSET, CuratedAdmin, count_per_record
from curation.admin.filters import partial_date_range_filter
from curation.csvio.admin import CsvImportExportMixin
from events.admin import StateListFilter, state_search
from events.models import EventParticipant

from .models import Citation, Claim, Source
from .resources import CitationResource, ClaimResource, SourceResource
from .services import claim_retract


class ClaimStateFilter(StateListFilter):
    title = "state"

    def condition(self, iso3):
        return (
            Q(states=iso3)
            | Q(event__in=EventParticipant.objects.filter(state=iso3).values("event"))
            | Q(relationship__state_a=iso3)
            | Q(relationship__state_b=iso3)
        )

    def queryset(self, request, queryset):
        return super().queryset(request, queryset).distinct() if self.value() else queryset


@admin.register(Source)
class SourceAdmin(CsvImportExportMixin, CuratedAdmin):
    resource_classes = [SourceResource]
    delete_protection_reason = "A source still cited by a claim cannot be deleted: the claim would lose its evidence."
    list_display = ("title", "publisher", "kind", "reliability", "published_on", "claim_count", "status")
    list_filter = (
        "status",
        "kind",
        "reliability",
        partial_date_range_filter("published", "publication date", "published"),
    )
    search_fields = ("slug", "title", "publisher", "notes")
    prepopulated_fields = {"slug": ("title",)}
    ordering = ("slug",)
    # A URL typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "kind",
                    "publisher",
                    "authors",
                    "url",
                    "archive_url",
                    "reliability",
                    "notes",
                    "status",
                )
            },
        ),
        ("When", {"fields": (("published", "published_approximate"), ("retrieved", "retrieved_approximate"))}),
        AUDIT_FIELDSET,
    )

    def prepare_page(self, records):
        super().prepare_page(records)
        counts = count_per_record(Citation.objects.all(), "source", records, Count("claim", distinct=True))
        for source in records:
            source.claim_total = counts.get(source.pk, 0)

    def autocomplete_label(self, obj):
        # Who is choosing a source for a citation sees how far it can be trusted.
        return source_with_grade(obj)

    @admin.display(description="published", ordering="published")
    def published_on(self, obj):
        return obj.published_display or "undated"

    @admin.display(description="claims")
    def claim_count(self, obj):
        return obj.claim_total


def source_with_grade(source: Source) -> str:
    """ "Reuters report (Reuters) · reliability B - usually reliable"."""
    return f"{source} · reliability {source.get_reliability_display()}"


CITED_ONCE = ("source", "This claim already cites this source: one citation per source, quoting what it says.")


class CitationInline(admin.StackedInline):
    model = Citation
    fields = ("source", "quote", "locator")
    autocomplete_fields = ("source",)
    extra = 0
    min_num = 1
    verbose_name = "citation"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "source":
            field.label_from_instance = source_with_grade
        return field


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        exclude = ()

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("event") or cleaned.get("relationship") or cleaned.get("states")):
            raise forms.ValidationError("Say what the claim is about: an event, a relationship or at least one state.")
        return cleaned


@admin.register(Claim)
class ClaimAdmin(CsvImportExportMixin, CuratedAdmin):
    resource_classes = [ClaimResource]
    form = ClaimForm
    retract_service = staticmethod(claim_retract)  # the "Retract selected (with reason)" action
    list_display = (
        "short_statement",
        "claimant",
        "subject",
        "stance",
        "credibility",
        "assessment",
        "quantity",
        "asserted_on",
        "source_count",
        "status",
    )
    list_select_related = ("event", "relationship")
    list_filter = (
        "status",
        "stance",
        "assessment",
        "credibility",
        ClaimStateFilter,
        partial_date_range_filter("asserted", "asserted", "asserted"),
    )
    search_fields = ("slug", "statement", "claimant", "citations__quote")
    autocomplete_fields = ("event", "relationship", "states")
    inlines = [CitationInline]
    ordering = ("slug",)
    # The key, when left empty: the statement's first words.
    key_from = ("statement",)
    fieldsets = (
        (None, {"fields": ("statement", "slug", "claimant", ("asserted", "asserted_approximate"))}),
        ("About", {"fields": ("event", "relationship", "states", "stance")}),
        ("Grading", {"fields": ("credibility", "assessment")}),
        (
            "Quantity",
            {
                "fields": (
                    ("quantity_value", "quantity_lower", "quantity_upper", "quantity_unit"),
                    "quantity_as_written",
                )
            },
        ),
        ("Editorial", {"fields": ("status", "retraction_reason")}),
        AUDIT_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("states")

    def prepare_page(self, records):
        super().prepare_page(records)
        counts = count_per_record(Citation.objects.all(), "claim", records)
        for claim in records:
            claim.source_total = counts.get(claim.pk, 0)

    def get_search_results(self, request, queryset, search_term):
        return state_search(self, request, queryset, search_term, "states")

    @admin.display(description="statement", ordering="slug")
    def short_statement(self, obj):
        return obj.statement if len(obj.statement) <= 100 else obj.statement[:99] + "…"

    @admin.display(description="about")
    def subject(self, obj):
        parts = []
        if obj.event:
            parts.append(f"event: {obj.event.title}")
        if obj.relationship:
            parts.append(f"tie: {obj.relationship}")
        states = [state.iso3 for state in obj.states.all()]
        if states:
            parts.append("states: " + ", ".join(states))
        return "; ".join(parts)

    readonly_fields = (*CuratedAdmin.readonly_fields, "quantity_as_written")

    @admin.display(description="quantity")
    def quantity(self, obj):
        return obj.quantity_display

    @admin.display(description="as written")
    def quantity_as_written(self, obj):
        # The boxes take plain digits (2500000); here the number reads as people write it.
        return obj.quantity_display or "—"

    @admin.display(description="asserted", ordering="asserted")
    def asserted_on(self, obj):
        return obj.asserted_display or "undated"

    @admin.display(description="sources")
    def source_count(self, obj):
        return obj.source_total


@admin.register(Citation)
class CitationAdmin(CsvImportExportMixin, CuratedAdmin):
    resource_classes = [CitationResource]
    list_display = ("claim", "source", "locator", "short_quote")
    list_select_related = ("claim", "source")
    list_filter = ("source__kind", "source__reliability")
    search_fields = ("quote", "locator", "claim__slug", "claim__statement", "source__title", "source__slug")
    autocomplete_fields = ("claim", "source")
    fieldsets = ((None, {"fields": ("claim", "source", "quote", "locator")}), AUDIT_FIELDSET)
    constraint_messages = {
        "citation_once_per_claim_and_source": CITED_ONCE,
        "citation_quote_not_empty": ("quote", "Copy the claim as the source words it: the quote cannot be empty."),
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "source":
            field.label_from_instance = source_with_grade
        return field

    @admin.display(description="quote")
    def short_quote(self, obj):
        return obj.quote if len(obj.quote) <= 100 else obj.quote[:99] + "…"
