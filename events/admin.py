"""Admin for states, events, participants and relationships."""

# What the evidence adds to the event and relationship pages (the claims about them,
# the claim counts of the event list) is contributed by sources/on_events/ through
# curation.registry: events never imports sources.

from django.contrib import admin
from django.db.models import F, Q

from curation.admin.base import AUDIT_FIELDSET, CuratedAdmin
from curation.admin.filters import ArrayChoiceFilter, partial_date_range_filter
from curation.csvio.admin import CsvImportExportMixin

from .choices import Domain
from .csv_files import EventResource, RelationshipResource, StateResource
from .models import Event, EventParticipant, Relationship, State


class DomainFilter(ArrayChoiceFilter):
    title = "domain"
    parameter_name = "domain"
    field = "domains"
    choices_class = Domain


class StateListFilter(admin.SimpleListFilter):
    """Filter by a state; subclasses say how a record involves it."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(state.iso3, state.short_name) for state in State.objects.only("iso3", "short_name")]

    def condition(self, iso3):
        raise NotImplementedError

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(self.condition(self.value()))
        return queryset


class ParticipantStateFilter(StateListFilter):
    title = "participating state"

    def condition(self, iso3):
        return Q(pk__in=EventParticipant.objects.filter(state=iso3).values("event"))


class EitherStateFilter(StateListFilter):
    def condition(self, iso3):
        return Q(state_a=iso3) | Q(state_b=iso3)


@admin.register(State)
class StateAdmin(CsvImportExportMixin, CuratedAdmin):
    resource_classes = [StateResource]
    delete_protection_reason = (
        "A state that takes part in events or relationships, or that claims are about, cannot be deleted."
    )
    list_display = ("iso3", "short_name", "name", "alias_list", "is_axis_member", "wikidata_id")
    list_filter = ("is_axis_member",)
    search_fields = ("iso3", "name", "short_name")
    ordering = ("short_name",)
    autocomplete_fields = ("successor",)
    fieldsets = (
        (None, {"fields": ("iso3", "name", "short_name", "aliases", "is_axis_member", "wikidata_id")}),
        (
            "A state that no longer exists",
            {
                "fields": (
                    ("valid_from", "valid_from_approximate"),
                    ("valid_until", "valid_until_approximate"),
                    "successor",
                ),
                "description": "Only for former states such as the Soviet Union (SUN): when it existed, and its "
                "successor.",
            },
        ),
        AUDIT_FIELDSET,
    )

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return "; ".join(obj.aliases)

    def get_search_results(self, request, queryset, search_term):
        # Aliases live in an array column that icontains cannot reach.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            queryset |= self.model.objects.filter(pk__in=self.model.objects.matching(search_term).values("pk"))
        return queryset, may_have_duplicates

    def get_readonly_fields(self, request, obj=None):
        # The ISO code is the key other records and CSV files point at.
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "iso3") if obj else readonly


PARTICIPANT_ONCE = (
    "state",
    "This state already takes part in the event: list each state once, in its role.",
)


class EventParticipantInline(admin.TabularInline):
    model = EventParticipant
    fields = ("state", "role")
    autocomplete_fields = ("state",)
    extra = 0
    min_num = 1
    verbose_name = "participant"


def state_search(model_admin, request, queryset, search_term, *state_paths):
    """Extend a changelist search with records involving states whose name or alias matches."""
    queryset, may_have_duplicates = admin.ModelAdmin.get_search_results(model_admin, request, queryset, search_term)
    if search_term.strip():
        matching = State.objects.matching(search_term).values("iso3")
        condition = Q()
        for path in state_paths:
            condition |= Q(**{f"{path}__in": matching})
        queryset |= model_admin.model.objects.filter(condition)
        may_have_duplicates = True
    return queryset, may_have_duplicates


@admin.register(Event)
class EventAdmin(CsvImportExportMixin, CuratedAdmin):
    resource_classes = [EventResource]  # participants are its participants column
    delete_protection_reason = "An event that claims are about, or that founded a relationship, cannot be deleted."
    list_display = ("title", "type", "when", "participant_list", "place", "status")
    list_display_links = ("title",)
    list_filter = (
        "status",
        "type",
        DomainFilter,
        ParticipantStateFilter,
        partial_date_range_filter("period", "date range", "date"),
    )
    search_fields = ("slug", "title", "summary", "place")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [EventParticipantInline]
    # Latest first; an undated event (start unknown) last, not first.
    ordering = (F("start").desc(nulls_last=True), "slug")
    fieldsets = (
        (None, {"fields": ("title", "slug", "type", "domains", "summary", "place", "status")}),
        ("When", {"fields": (("start", "start_approximate"), ("end", "end_approximate"))}),
        AUDIT_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("participants")

    def get_search_results(self, request, queryset, search_term):
        return state_search(self, request, queryset, search_term, "participants__state")

    @admin.display(description="when", ordering="start")
    def when(self, obj):
        return obj.when_display or "undated"

    @admin.display(description="participants")
    def participant_list(self, obj):
        return ", ".join(f"{p.state_id} ({p.get_role_display().lower()})" for p in obj.participants.all())


@admin.register(EventParticipant)
class EventParticipantAdmin(CuratedAdmin):
    list_display = ("event", "state", "role")
    list_select_related = ("event", "state")
    list_filter = ("role", ParticipantStateFilter)
    search_fields = ("event__title", "event__slug", "state__iso3", "state__short_name")
    autocomplete_fields = ("event", "state")
    fieldsets = ((None, {"fields": ("event", "state", "role")}), AUDIT_FIELDSET)
    constraint_messages = {"participant_once_per_event": PARTICIPANT_ONCE}


@admin.register(Relationship)
class RelationshipAdmin(CsvImportExportMixin, CuratedAdmin):
    resource_classes = [RelationshipResource]
    delete_protection_reason = "A relationship that claims are about cannot be deleted."
    list_display = ("tie", "period_display", "founding_event", "status")
    list_select_related = ("founding_event",)
    list_filter = ("status", "kind", EitherStateFilter, partial_date_range_filter("period", "active in", "active"))
    search_fields = ("slug", "summary", "founding_event__title")
    autocomplete_fields = ("state_a", "state_b", "founding_event")
    ordering = ("state_a", "state_b", "kind")
    # The key, when left empty: "rus-prk-arms-supplier-2023".
    key_from = ("state_a", "state_b", "kind", "start")
    fieldsets = (
        (None, {"fields": ("kind", ("state_a", "state_b"), "slug", "summary", "founding_event", "status")}),
        ("When", {"fields": (("start", "start_approximate"), ("end", "end_approximate"))}),
        AUDIT_FIELDSET,
    )

    def get_search_results(self, request, queryset, search_term):
        return state_search(self, request, queryset, search_term, "state_a", "state_b")

    constraint_messages = {
        "relationship_no_overlapping_same_tie": (
            None,
            "These two states already have this kind of tie in an overlapping period: "
            "change the period (or the kind), or edit the existing relationship instead.",
        ),
        "relationship_two_different_states": ("state_b", "A relationship needs two different states."),
    }

    @admin.display(description="relationship", ordering="state_a")
    def tie(self, obj):
        return str(obj)

    @admin.display(description="period", ordering="start")
    def period_display(self, obj):
        return obj.period_display
