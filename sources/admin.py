"""Admin for sources, claims and citations.

The claims shown on event and relationship pages are contributed to the events
app's admin in ``sources/on_events/``.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q
from django.forms.models import BaseInlineFormSet

from curation.admin.base import AUDIT_FIELDSET, CuratedAdmin, count_per_record
from curation.admin.counting import estimated_rows, hidden_share
from curation.admin.filters import partial_date_range_filter
from curation.admin.search import IndexedSearchMixin, contains, words_match
from curation.csvio.admin import CsvImportExportMixin
from curation.models import any_row, few_keys
from events.admin import SEARCH_HELP, StateListFilter, state_named_matches
from events.models import Event, EventParticipant, Relationship

from .choices import Attribution, LinkKind
from .evidence import Cited, corroboration_error, disputes_error
from .models import Citation, Claim, ClaimLink, Source
from .resources import CitationResource, ClaimLinkResource, ClaimResource, SourceResource
from .services import claim_retract

#: The evidence rules PostgreSQL checks at commit, in the editors' words (when a save gets that far).
EVIDENCE_RULES = {
    "claim_corroborated_needs_two_origins": (
        "assessment",
        "'Corroborated' needs at least two independent origins among the claim's citations.",
    ),
    "claim_disputes_names_target": (
        "stance",
        "A claim that disputes must name what it disputes: an event, a relationship or a claim it contradicts.",
    ),
    "claimlink_no_cycle": (
        None,
        "'Derives from' and 'supersedes' links cannot go round in a circle: the other claim already leads back "
        "to this one.",
    ),
}


#: A state in at least this share of the events (the planner's estimate) has its claims checked claim by claim.
COMMON_STATE_SHARE = 0.05


class ClaimStateFilter(StateListFilter):
    title = "state"

    def condition(self, iso3, request=None):
        about_states = Claim.states.through.objects.filter(state=iso3).values("claim")
        about_events = EventParticipant.objects.filter(state=iso3).values("event")
        about_ties = Relationship.objects.filter(Q(state_a=iso3) | Q(state_b=iso3)).values("pk")
        # A state few claims are about: those claims' keys, read first (at 900,000 claims, walking the list
        # in its order for a state no claim is about read every claim: 1.3 s).
        keys = few_keys(
            about_states.values_list("claim", flat=True),
            Claim.objects.filter(event__in=about_events).values_list("pk", flat=True),
            Claim.objects.filter(relationship__in=about_ties).values_list("pk", flat=True),
        )
        if keys is not None:
            return Q(pk__in=keys)
        share = estimated_rows(about_events) / max(estimated_rows(Event.objects.all()), 1)
        if share >= COMMON_STATE_SHARE:
            # A state in a good share of the events (Iran in a third at 300,000): each claim along the list is
            # checked through the indexes for that claim only, and the page fills after a few hundred claims.
            # The subqueries below would first hash all 110,000 of its participations (40 ms of a 95 ms page).
            # The planner takes such checks to keep every claim: the list's count is told the state's share.
            hidden_share(request, share)
            return (
                Q(any_row(about_states.filter(claim=OuterRef("pk"))))
                | Q(any_row(EventParticipant.objects.filter(state=iso3, event=OuterRef("event"))))
                | Q(
                    any_row(Relationship.objects.filter(Q(state_a=iso3) | Q(state_b=iso3), pk=OuterRef("relationship")))
                )
            )
        # Many, but a small share: the list walked in its order, each claim checked against the three sets of
        # keys, hashed once, in subqueries rather than joins (no duplicate rows, so no DISTINCT over every column
        # of the list: a search with the filter took 1.6 s at 900,000 claims). Checked claim by claim, a state in
        # 1% of the events would cost probes along the 5,000 claims the page needs.
        return Q(pk__in=about_states) | Q(event__in=about_events) | Q(relationship__in=about_ties)


@admin.register(Source)
class SourceAdmin(IndexedSearchMixin, CsvImportExportMixin, CuratedAdmin):
    resource_classes = [SourceResource]
    delete_protection_reason = "A source still cited by a claim cannot be deleted: the claim would lose its evidence."
    list_display = ("title", "publisher", "kind", "reliability", "published_on", "claims_citing", "status")
    list_filter = (
        "status",
        "kind",
        "reliability",
        partial_date_range_filter("published", "publication date", "published"),
    )
    # Searched through indexes (IndexedSearchMixin): the title and publisher in the full-text vector.
    search_fields = ("slug", "title", "publisher", "notes")
    search_contains = ("slug", "notes")
    search_help_text = "Searches titles, publishers and notes. " + SEARCH_HELP
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
        ("Where it got it", {"fields": ("based_on", "origins_shown")}),
        AUDIT_FIELDSET,
    )
    autocomplete_fields = ("based_on",)
    readonly_fields = (*CuratedAdmin.readonly_fields, "origins_shown")
    constraint_messages = {
        "source_based_on_no_cycle": ("based_on", "A source cannot rely, through its sources, on itself."),
    }

    @admin.display(description="origins")
    def origins_shown(self, obj):
        # The ends of its based_on chains: the evidence it brings counts as theirs.
        if obj is None or not obj.origins:
            return "Its own origin (it relies on no named source)."
        return ", ".join(str(source) for source in Source.objects.filter(pk__in=obj.origins).order_by("slug"))

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

    # Not named claim_count: the admin would show that field (the public claims only) instead.
    @admin.display(description="claims")
    def claims_citing(self, obj):
        return obj.claim_total


def source_with_grade(source: Source) -> str:
    """ "Reuters report (Reuters) · reliability B - usually reliable"."""
    return f"{source} · reliability {source.get_reliability_display()}"


CITED_ONCE = ("source", "This claim already cites this source: one citation per source, quoting what it says.")


def _kept(formset) -> list[dict]:
    """The cleaned rows of an inline formset that stay after saving."""
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class CitationFormSet(BaseInlineFormSet):
    """Refuses 'corroborated' when the citations kept lead back to fewer than two independent origins."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        cited = [
            Cited(row["source"], row.get("attribution") or Attribution.ASSERTS)
            for row in _kept(self)
            if row.get("source")
        ]
        if message := corroboration_error(self.instance.assessment, cited):
            raise ValidationError(message, code="one_origin")


class CitationInline(admin.StackedInline):
    model = Citation
    formset = CitationFormSet
    fields = ("source", "quote", "locator", "attribution")
    autocomplete_fields = ("source",)
    extra = 0
    min_num = 1
    verbose_name = "citation"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "source":
            field.label_from_instance = source_with_grade
        return field


class ClaimLinkFormSet(BaseInlineFormSet):
    """Refuses a 'disputes' claim that names no event, relationship or claim it contradicts."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        claim = self.instance
        contradicts = sum(1 for row in _kept(self) if row.get("kind") == LinkKind.CONTRADICTS)
        if message := disputes_error(
            stance=claim.stance,
            has_event=claim.event_id is not None,
            has_relationship=claim.relationship_id is not None,
            contradicts=contradicts,
        ):
            raise ValidationError(message, code="no_target")
        for row in _kept(self):
            if row.get("to_claim") is not None and row["to_claim"].pk == claim.pk:
                raise ValidationError("A claim cannot be linked to itself.", code="itself")


class ClaimLinkInline(admin.TabularInline):
    model = ClaimLink
    fk_name = "from_claim"
    formset = ClaimLinkFormSet
    fields = ("kind", "to_claim", "note")
    autocomplete_fields = ("to_claim",)
    extra = 0
    verbose_name = "link to another claim"
    verbose_name_plural = "links to other claims (this claim corroborates, contradicts... the other)"


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
class ClaimAdmin(IndexedSearchMixin, CsvImportExportMixin, CuratedAdmin):
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
        "origin_count",
        "status",
    )
    list_select_related = ("event", "relationship")
    list_filter = (
        "status",
        "stance",
        "assessment",
        "credibility",
        "circular_reporting",
        ClaimStateFilter,
        partial_date_range_filter("asserted", "asserted", "asserted"),
    )
    # Searched through indexes (IndexedSearchMixin): the statement and claimant in the full-text vector.
    search_fields = ("slug", "statement", "claimant", "citations__quote")
    search_contains = ("slug", "claimant")
    search_help_text = "Searches statements, claimants and the quotes citing them. " + SEARCH_HELP
    autocomplete_fields = ("event", "relationship", "states")
    inlines = [CitationInline, ClaimLinkInline]
    constraint_messages = {
        **EVIDENCE_RULES,
        "claimlink_not_to_itself": (None, "A claim cannot be linked to itself."),
        "claimlink_once": (None, "This link is already recorded: one link of a kind between two claims."),
    }
    ordering = ("slug",)
    # The key, when left empty: the statement's first words.
    key_from = ("statement",)
    fieldsets = (
        (None, {"fields": ("statement", "slug", "claimant", ("asserted", "asserted_approximate"))}),
        ("About", {"fields": ("event", "relationship", "states", "stance")}),
        ("Grading", {"fields": ("credibility", "assessment", "origins_shown")}),
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

    def search_elsewhere(self, term):
        return [
            Citation.objects.filter(words_match(term)).values("claim"),
            *state_named_matches(
                Claim, term, lambda states: Claim.states.through.objects.filter(state__in=states).values("claim")
            ),
        ]

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

    readonly_fields = (*CuratedAdmin.readonly_fields, "quantity_as_written", "origins_shown")

    @admin.display(description="independent origins")
    def origins_shown(self, obj):
        if obj is None or obj.pk is None:
            return "Counted when saved, from the citations."
        text = f"{obj.origin_count}"
        if obj.circular_reporting:
            text += " — circular reporting: several citations, one origin"
        return text

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
class CitationAdmin(IndexedSearchMixin, CsvImportExportMixin, CuratedAdmin):
    resource_classes = [CitationResource]
    list_display = ("claim", "source", "attribution", "locator", "short_quote")
    list_select_related = ("claim", "source")
    list_filter = ("attribution", "source__kind", "source__reliability")
    # Searched through indexes (IndexedSearchMixin): the quote in the full-text vector, the claim and the source
    # through theirs.
    search_fields = ("quote", "claim__slug", "source__title", "source__slug")
    search_help_text = "Searches quotes, claims by key, sources by title or key. " + SEARCH_HELP

    def search_elsewhere(self, term):
        # A claim's statement is found in the claims list; here its citations by its key.
        claims = Claim.objects.filter(contains(["slug"], term))
        sources = Source.objects.filter(words_match(term) | contains(["slug"], term))
        return [
            Citation.objects.filter(claim__in=claims.values("pk")).values("pk"),
            Citation.objects.filter(source__in=sources.values("pk")).values("pk"),
        ]

    autocomplete_fields = ("claim", "source")
    fieldsets = ((None, {"fields": ("claim", "source", "quote", "locator", "attribution")}), AUDIT_FIELDSET)
    constraint_messages = {
        **EVIDENCE_RULES,
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


@admin.register(ClaimLink)
class ClaimLinkAdmin(CsvImportExportMixin, CuratedAdmin):
    """Every link between claims in one list (each is edited on its claim's page too), and claim_links.csv."""

    resource_classes = [ClaimLinkResource]
    list_display = ("from_claim", "kind", "to_claim", "note")
    list_select_related = ("from_claim", "to_claim")
    list_filter = ("kind",)
    search_fields = ("from_claim__slug", "to_claim__slug", "note")
    autocomplete_fields = ("from_claim", "to_claim")
    fieldsets = ((None, {"fields": ("from_claim", "kind", "to_claim", "note")}), AUDIT_FIELDSET)
    constraint_messages = {
        **EVIDENCE_RULES,
        "claimlink_not_to_itself": ("to_claim", "A claim cannot be linked to itself."),
        "claimlink_once": (None, "This link is already recorded: one link of a kind between two claims."),
    }
