"""Admin for states, events, participants and relationships."""

# What the evidence adds to the event and relationship pages (the claims about them,
# the claim counts of the event list) is contributed by sources/on_events/ through
# curation.registry: events never imports sources.

from django.contrib import admin
from django.db.models import F, Q

from curation.admin.base import AUDIT_FIELDSET, CuratedAdmin
from curation.admin.filters import ArrayChoiceFilter, partial_date_range_filter
from curation.admin.search import IndexedSearchMixin, words_match
from curation.csvio.admin import CsvImportExportMixin

from .choices import Domain
from .csv_files import EventResource, RelationshipResource, StateResource
from .models import (
    Event,
    EventParticipant,
    Relationship,
    RelationshipFoundingWords,
    State,
    StateName,
    state_name_readings,
)
from .names import normalise_name


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

    def condition(self, iso3, request=None):
        """The records that involve the state ``iso3`` (``request``: the list's, when there is one)."""
        raise NotImplementedError

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(self.condition(self.value(), request))
        return queryset


class ParticipantStateFilter(StateListFilter):
    title = "participating state"

    def condition(self, iso3, request=None):
        return Q(pk__in=EventParticipant.objects.filter(state=iso3).values("event"))


class EitherStateFilter(StateListFilter):
    def condition(self, iso3, request=None):
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


def states_named(term: str) -> list[tuple[list[str], str]]:
    """``(codes, rest)`` for each way the search names states (``state_name_readings``), in one query.

    The whole term as part of a state's name or alias ("Korea"; ``State.objects.matching``), or one of
    its words naming a state exactly ("DPRK shells": ``named``) with the rest of the search. The codes
    are constants in the search's query, so the planner knows how many records they involve.
    """
    readings = state_name_readings(term)
    whole = normalise_name(term)
    words = {normalise_name(name) for name, rest in readings if rest}
    iso3 = StateName.Field.ISO3
    rows = list(
        StateName.objects.filter(
            Q(field=iso3, normalised=whole) | (~Q(field=iso3) & Q(normalised__contains=whole)) | Q(normalised__in=words)
        ).values_list("normalised", "field", "state_id")
    )
    named = []
    for name, rest in readings:
        if rest:
            wanted = normalise_name(name)
            codes = {state for normalised, _, state in rows if normalised == wanted}
        else:
            codes = {
                state
                for normalised, field, state in rows
                if (normalised == whole if field == iso3 else whole in normalised)
            }
        if codes:
            named.append((sorted(codes), rest))
    return named


def state_named_matches(model, term: str, keys_involving) -> list:
    """Keys of ``model``'s records involving a state the search names (``states_named``), for the changelist
    search; ``keys_involving(codes)`` is a queryset of the keys of the records involving those states."""
    parts = []
    for codes, rest in states_named(term):
        keys = keys_involving(codes)
        parts.append(model._default_manager.filter(words_match(rest), pk__in=keys).values("pk") if rest else keys)
    return parts


SEARCH_HELP = (
    'Finds words ("naval exercise", OR, -drill, or the beginning of a word), part of a key, '
    "or a state by name or alias (DPRK)."
)


@admin.register(Event)
class EventAdmin(IndexedSearchMixin, CsvImportExportMixin, CuratedAdmin):
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
    # Searched through indexes (IndexedSearchMixin): the title, summary and place in the full-text vector.
    search_fields = ("slug", "title", "summary", "place")
    search_contains = ("slug",)
    search_help_text = "Searches titles, summaries and places. " + SEARCH_HELP
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

    def search_elsewhere(self, term):
        return state_named_matches(
            Event, term, lambda states: EventParticipant.objects.filter(state__in=states).values("event")
        )

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
class RelationshipAdmin(IndexedSearchMixin, CsvImportExportMixin, CuratedAdmin):
    resource_classes = [RelationshipResource]
    delete_protection_reason = "A relationship that claims are about cannot be deleted."
    list_display = ("tie", "period_display", "founding_event", "status")
    list_select_related = ("founding_event",)
    list_filter = ("status", "kind", EitherStateFilter, partial_date_range_filter("period", "active in", "active"))
    # Searched through indexes (IndexedSearchMixin): the summary in the full-text vector.
    search_fields = ("slug", "summary", "founding_event__title")
    search_contains = ("slug",)
    search_help_text = "Searches summaries and founding events' titles, summaries and places. " + SEARCH_HELP
    autocomplete_fields = ("state_a", "state_b", "founding_event")
    # By the states' codes, as the API lists them: by their names (the states' own order) every page sorted
    # all 30,000 relationships of the scale benchmark joined to their states (73 ms); by the codes it reads
    # the first rows of an index.
    ordering = ("state_a_id", "state_b_id", "kind")
    # The key, when left empty: "rus-prk-arms-supplier-2023".
    key_from = ("state_a", "state_b", "kind", "start")
    fieldsets = (
        (None, {"fields": ("kind", ("state_a", "state_b"), "slug", "summary", "founding_event", "status")}),
        ("When", {"fields": (("start", "start_approximate"), ("end", "end_approximate"))}),
        AUDIT_FIELDSET,
    )

    def search_elsewhere(self, term):
        # The founding event's words as kept beside each relationship (RelationshipFoundingWords): through the
        # events, "artillery" read the 19,000 events holding it to keep the few founding a tie (49-57 ms at 300k).
        return [
            RelationshipFoundingWords.objects.filter(words_match(term)).values("relationship"),
            *state_named_matches(
                Relationship,
                term,
                lambda states: Relationship.objects.filter(Q(state_a__in=states) | Q(state_b__in=states)).values("pk"),
            ),
        ]

    constraint_messages = {
        "relationship_no_overlapping_same_tie": (
            None,
            "These two states already have this kind of tie in an overlapping period: "
            "change the period (or the kind), or edit the existing relationship instead.",
        ),
        "relationship_two_different_states": ("state_b", "A relationship needs two different states."),
    }

    @admin.display(description="relationship", ordering="state_a_id")
    def tie(self, obj):
        return str(obj)

    @admin.display(description="period", ordering="start")
    def period_display(self, obj):
        return obj.period_display
