"""States, the events they take part in, and the standing ties between them."""

import datetime

import pycountry
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Case, F, Func, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, JSONObject

from curation.history.tracking import track_history
from curation.models import (
    Audited,
    CuratedQuerySet,
    Keyed,
    Period,
    Publishable,
    dated,
    optional_reference,
    overlapping,
    search_vector,
    trigram_index,
    web_search,
)
from curation.workflow.status import EditorialStatus

from .choices import DIRECTED_RELATIONSHIP_KINDS, Domain, EventType, ParticipantRole, RelationshipKind
from .names import normalise_name


def validate_iso3(value: str) -> None:
    # A state that no longer exists keeps the code ISO 3166-3 lists for it (SUN for the Soviet Union).
    if pycountry.countries.get(alpha_3=value) is None and pycountry.historic_countries.get(alpha_3=value) is None:
        raise ValidationError(
            f"{value!r} is neither an ISO 3166-1 alpha-3 country code nor a former one in ISO 3166-3.",
            code="invalid_iso3",
        )


class RangeLower(Func):
    function = "lower"
    output_field = models.DateField()


class RangeUpper(Func):
    function = "upper"
    output_field = models.DateField()


class MakeDateRange(Func):
    function = "daterange"
    output_field = DateRangeField()


# --- States -------------------------------------------------------------


class StateQuerySet(models.QuerySet):
    def matching(self, term: str):
        """States whose code is ``term``, or whose name, short name or any alias contains it.

        Compared in the names table's form (NFC, case-folded), so ``Türkiye`` typed
        decomposed finds Türkiye.
        """
        term = normalise_name(term)
        names = StateName.objects.filter(
            Q(field=StateName.Field.ISO3, normalised=term)
            | (~Q(field=StateName.Field.ISO3) & Q(normalised__contains=term))
        )
        return self.filter(pk__in=names.values("state"))

    def named(self, name: str):
        """States whose code, name, short name or one alias is ``name``, in any case or Unicode form ("DPRK").

        The one place where a reader's name for a state is resolved (API filters and search),
        through the names table, where each name belongs to exactly one state.
        """
        return self.filter(known_names__normalised=normalise_name(name))

    def codes_named(self, names) -> dict[str, str]:
        """``{name as given: ISO3}`` for each of ``names`` that names a state (see ``named``), in one query."""
        # A NUL can name no state, and PostgreSQL refuses it in a text parameter.
        wanted = {name: normalise_name(name) for name in dict.fromkeys(names) if "\x00" not in name}
        if not wanted:
            return {}
        table = dict(
            StateName.objects.filter(normalised__in=set(wanted.values())).values_list("normalised", "state__iso3")
        )
        return {name: table[normalised] for name, normalised in wanted.items() if normalised in table}

    def lookup_table(self) -> dict[str, "State"]:
        """Every code, name, short name and alias (normalised, see ``events.names``) mapped to its state.

        Used to resolve the names people write ("DPRK", "North Korea") in one query.
        Each name belongs to one state only (the names table's key), so nothing is guessed.
        """
        states = {state.pk: state for state in self}
        return {
            normalised: states[state_id]
            for normalised, state_id in StateName.objects.filter(state__in=list(states)).values_list(
                "normalised", "state"
            )
        }

    def with_succession(self):
        """Each state with its successor joined and ``predecessor_refs``, the former states it continues.

        ``predecessor_refs`` is a list of ``{iso3, name, short_name}`` read in the same query as the
        state (oldest first), so a page of states costs one query whatever it holds.
        """
        former = (
            State.objects.filter(successor=OuterRef("pk"))
            .order_by(RangeLower("valid_from").asc(nulls_last=True), "iso3")
            .values(ref=JSONObject(iso3="iso3", name="name", short_name="short_name"))
        )
        return self.select_related("successor").annotate(predecessor_refs=ArraySubquery(former))

    def in_published_records(self):
        """States that take part in a published event or hold a published relationship: those a reader meets.

        One query: each state's participations are probed through the (state, event) index,
        never scanned whole (2 ms for 188 states and 57,000 participations).
        """
        published = models.Exists(
            EventParticipant.objects.filter(state=OuterRef("pk"), event__status=EditorialStatus.PUBLISHED)
        )
        for side in ("state_a", "state_b"):
            published |= models.Exists(Relationship.objects.published().filter(**{side: OuterRef("pk")}))
        return self.filter(published)

    def resolve(self, name: str) -> "State | None":
        """The state one name (code, name, short name or alias, in any case or Unicode form) belongs to."""
        return self.filter(known_names__normalised=normalise_name(name)).first()


@track_history()
class State(
    Audited,
    dated(
        "valid_from",
        "exists from",
        "For a state that no longer exists: when it came into being (YYYY, YYYY-MM or YYYY-MM-DD). "
        "Empty for a state that exists.",
    ),
    dated(
        "valid_until",
        "exists until",
        "For a state that no longer exists: when it ceased to exist, at the precision known. Empty while it exists.",
    ),
):
    iso3 = models.CharField(
        "ISO3 code",
        primary_key=True,
        max_length=3,
        validators=[RegexValidator(r"^[A-Z]{3}$", "Three capital letters."), validate_iso3],
        help_text="ISO 3166-1 alpha-3 code, e.g. PRK for North Korea (for a former state its ISO 3166-3 code, "
        "e.g. SUN for the Soviet Union). It is the state's key in CSV files and the API.",
    )
    name = models.CharField(max_length=200, unique=True, help_text="Official English name.")
    short_name = models.CharField(max_length=100, help_text="The name readers know, e.g. North Korea.")
    aliases = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        help_text="Other names the documents use (DPRK, Pyongyang). Search and the CSV importer recognise them.",
    )
    is_axis_member = models.BooleanField(
        "axis member",
        default=False,
        help_text="One of the four tracked states: Russia, China, Iran, North Korea.",
    )
    wikidata_id = models.CharField(
        "Wikidata ID",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata item ID such as Q423.")],
        help_text="Optional Wikidata item, e.g. Q423.",
    )

    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text="For a former state, the state that continues it (RUS for the Soviet Union). The API's "
        "predecessors=true counts the former state's events as its successor's. Empty when it has several.",
    )

    objects = StateQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="state_iso3_format"),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"), name="state_wikidata_format"
            ),
        ]

    def __str__(self):
        return f"{self.short_name} ({self.iso3})"

    def written_names(self) -> list[tuple[str, str]]:
        """``(field, text)`` of every code, name, short name and alias, in that order."""
        return [
            (StateName.Field.ISO3, self.iso3),
            (StateName.Field.NAME, self.name),
            (StateName.Field.SHORT_NAME, self.short_name),
            *((StateName.Field.ALIAS, alias) for alias in self.aliases or ()),
        ]

    def normalised_names(self) -> dict[str, tuple[str, str]]:
        """Each distinct normalised name -> the first ``(field, text)`` that gives it."""
        names: dict[str, tuple[str, str]] = {}
        for field, text in self.written_names():
            if text and text.strip():
                names.setdefault(normalise_name(text), (field, text))
        return names

    def name_collisions(self) -> dict[str, list[str]]:
        """Messages, by model field, for each name of this state that is already another state's."""
        mine = self.normalised_names()
        taken = StateName.objects.filter(normalised__in=list(mine)).exclude(state=self.pk).select_related("state")
        errors: dict[str, list[str]] = {}
        for other in taken:
            field, text = mine[other.normalised]
            attribute = "aliases" if field == StateName.Field.ALIAS else field
            errors.setdefault(attribute, []).append(
                f"{StateName.Field(field).label} {text!r} of {self.short_name or self.name} ({self.iso3}) is already "
                f"the {other.get_field_display().lower()} {other.text!r} of {other.state}: a name belongs to one "
                "state only. Remove it here, or from the other state first."
            )
        return errors

    @property
    def is_former(self) -> bool:
        return self.valid_until is not None

    def clean(self):
        super().clean()
        errors = self.name_collisions()
        if self.successor_id and self.successor_id == self.iso3:
            errors["successor"] = ["A state cannot be its own successor."]
        if self.valid_from and self.valid_until and self.valid_until.lower < self.valid_from.lower:
            errors["valid_until"] = ["A state cannot cease to exist before it came into being."]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.names_sync()

    def name_rows(self) -> list["StateName"]:
        """This state's rows of the names table (``normalised_names``), unsaved."""
        return [
            StateName(normalised=key, state_id=self.pk, field=field, text=text)
            for key, (field, text) in self.normalised_names().items()
        ]

    def names_sync(self) -> None:
        """Make the names table hold exactly this state's names (the unique key refuses a taken one)."""
        wanted = self.name_rows()
        present = {row.normalised: row for row in StateName.objects.filter(state=self.pk)}
        stale = set(present) - {row.normalised for row in wanted}
        if stale:
            StateName.objects.filter(normalised__in=stale).delete()
        changed = []
        for row in wanted:
            old = present.get(row.normalised)
            if old is None:
                changed.append(row)
            elif (old.field, old.text) != (row.field, row.text):
                old.field, old.text = row.field, row.text
                changed.append(old)
        if changed:
            StateName.objects.bulk_create(
                changed, update_conflicts=True, unique_fields=["normalised"], update_fields=["field", "text"]
            )


class StateName(models.Model):
    """One code, name, short name or alias of a state, in the form names are compared in.

    Kept in step by ``State.save``; its key (the normalised name) makes every name
    resolve to exactly one state, whoever writes it (admin, CSV, data set importers).
    """

    class Field(models.TextChoices):
        ISO3 = "iso3", "ISO3 code"
        NAME = "name", "Name"
        SHORT_NAME = "short_name", "Short name"
        ALIAS = "alias", "Alias"

    normalised = models.CharField(
        max_length=200, primary_key=True, help_text="The name NFC-normalised and case-folded (events.names)."
    )
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="known_names")
    field = models.CharField(max_length=20, choices=Field.choices, help_text="Which of the state's fields gives it.")
    text = models.CharField(max_length=200, help_text="The name as the state's record writes it.")

    class Meta:
        ordering = ["normalised"]

    def __str__(self):
        return f"{self.text} ({self.state_id})"


# --- Events -------------------------------------------------------------


MAX_NAMED_WORDS = 8


def state_name_readings(text: str) -> list[tuple[str, str]]:
    """``(name, the rest of the search)`` for each way a search may name a state: whole, or one plain word.

    ``DPRK shells`` gives ``("DPRK shells", "")``, ``("DPRK", "shells")`` and ``("shells", "DPRK")``;
    quoted phrases, ``OR`` and ``-excluded`` words are left to the full-text search.
    """
    words = text.split()
    readings = [(text.strip(), "")]
    if len(words) > 1 and not any(char in text for char in "\"'"):
        for index, word in enumerate(words[:MAX_NAMED_WORDS]):
            if word.upper() != "OR" and not word.startswith("-"):
                readings.append((word, " ".join(words[:index] + words[index + 1 :])))
    return readings


def full_text_or_named_states(queryset, text: str, states_named) -> models.QuerySet:
    """Records matching ``text`` in full text, or involving a state it names (an alias expands: DPRK is
    North Korea) and matching the rest of it; ``states_named(name)`` is the condition for one name."""
    condition = Q(search=web_search(text))
    for name, rest in state_name_readings(text):
        named = states_named(State.objects.named(name).values("iso3"))
        condition |= named & Q(search=web_search(rest)) if rest else named
    return queryset.filter(condition)


class EventQuerySet(CuratedQuerySet):
    def full_text(self, text: str):
        """Events matching ``text`` in their title, summary or place, or in which a state it names takes part."""
        return full_text_or_named_states(
            self,
            text,
            lambda states: models.Exists(
                EventParticipant.objects.filter(event=models.OuterRef("pk"), state__in=states)
            ),
        )

    def with_participants(self):
        return self.prefetch_related(
            models.Prefetch("participants", queryset=EventParticipant.objects.select_related("state"))
        )

    def with_participant_refs(self):
        """Annotate ``participant_refs``: each event's participants as the API shows them (``iso3``, ``name``,
        ``short_name``, ``role``; by the state's short name), as a list built by PostgreSQL in one subquery.

        For a page of events this replaces the participants' prefetch: its second query, and the model
        instances of every participant and state built to read four fields of each (a quarter of an
        uncached page's time at 300,000 events).
        """
        # psycopg reads the json value into Python lists and dicts itself (JSONField would decode it again).
        sql = participant_refs_sql(self.model._meta.db_table)
        return self.annotate(participant_refs=models.expressions.RawSQL(sql, [], output_field=models.Field()))

    def overlapping(self, lower, upper):
        """Events whose period (from start to end, at their precision) meets [lower, upper]."""
        events = self.filter(overlapping("period", lower, upper))
        if upper is not None and upper < datetime.date.max - datetime.timedelta(days=1):
            # Implied by the overlap (an event meeting the window starts by its last day), and a
            # condition on the sort key: the latest-first index walk starts at the window's end
            # instead of discarding every later event (ranges compare by their lower bound first).
            after = upper + datetime.timedelta(days=1)
            events = events.filter(start__lt=DateRange(after, after + datetime.timedelta(days=1)))
        return events

    def taking_part(self, *, any_of=(), all_of=(), role=None, with_predecessors=False):
        """Events in which any of ``any_of`` and every one of ``all_of`` take part.

        With ``role``, only participations in that role count; with a role and no
        states, events in which some state has that role. With ``with_predecessors``,
        a former state whose successor is in ``any_of`` counts as that state (the
        Soviet Union for Russia).
        """
        participations = EventParticipant.objects.filter(event=models.OuterRef("pk"))
        if role:
            participations = participations.filter(role=role)
        queryset = self
        if any_of:
            states = Q(state__in=list(any_of))
            if with_predecessors:
                states |= Q(state__successor__in=list(any_of))
            queryset = queryset.filter(models.Exists(participations.filter(states)))
        for iso3 in dict.fromkeys(all_of):
            queryset = queryset.filter(models.Exists(participations.filter(state=iso3)))
        if role and not any_of and not all_of:
            queryset = queryset.filter(models.Exists(participations))
        return queryset


def participant_refs_sql(events_table: str) -> str:
    """A subquery: the participants of the row of ``events_table`` as the API shows them, a JSON array
    (``EventQuerySet.with_participant_refs``)."""
    participants, states = EventParticipant._meta.db_table, State._meta.db_table
    # The LIMIT keeps the state's lookup a read of its key per participant: joined, PostgreSQL hashed
    # every state for each event of the page (a third of the page's query).
    return (
        "SELECT coalesce(json_agg(json_build_object('iso3', s.iso3, 'name', s.name, 'short_name', s.short_name,"
        " 'role', p.role) ORDER BY s.short_name, s.iso3), '[]')"
        f" FROM {participants} p CROSS JOIN LATERAL (SELECT iso3, name, short_name FROM {states}"
        " WHERE iso3 = p.state_id LIMIT 1) s"
        f' WHERE p.event_id = "{events_table}"."id"'
    )


@track_history(exclude=["search", "period"])
class Event(Keyed, Publishable, Period):
    title = models.CharField(
        max_length=300, help_text="Short title, e.g. China-Iran-Russia naval exercise, Gulf of Oman."
    )
    summary = models.TextField(blank=True, help_text="One or two sentences in the editors' own words.")
    type = models.CharField(max_length=40, choices=EventType.choices, help_text="What kind of event this is.")
    domains = ArrayField(
        models.CharField(max_length=20, choices=Domain.choices),
        default=list,
        blank=True,
        help_text="The fields of cooperation the event touches.",
    )
    place = models.CharField(
        max_length=200, blank=True, help_text="Where it happened, e.g. Gulf of Oman. Empty if unknown."
    )
    period = models.GeneratedField(
        # An undated event has no period: it matches no date window.
        expression=Case(
            When(start__isnull=True, then=Value(None)),
            default=MakeDateRange(RangeLower("start"), RangeUpper(Coalesce("end", "start"))),
            output_field=DateRangeField(),
        ),
        output_field=DateRangeField(),
        db_persist=True,
        help_text="The whole period covered, from the start of the start to the end of the end.",
    )
    search = search_vector(("title", "A"), ("summary", "B"), ("place", "C"))

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = [F("start").desc(nulls_last=True), "slug"]
        indexes = [
            models.Index(fields=["type"]),
            GinIndex(fields=["domains"]),
            GistIndex(fields=["period"]),
            # The default order of the admin and the API: latest first, undated last.
            models.Index(F("start").desc(nulls_last=True), "slug", name="event_latest_first_idx"),
            # The admin's search finds part of a key (curation.admin.search).
            trigram_index("slug", "event_slug_trigram_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_display or 'undated'})"

    @property
    def when_display(self) -> str:
        if self.end is None:
            return self.start_display
        return f"{self.start_display} – {self.end_display}"


@track_history(parts_by="event")
class EventParticipant(Audited):
    # Neither key has an index of its own: the unique (event, state) index leads with the event, and
    # (state, event) and (state, role) with the state; single copies would only slow every insert.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants", db_index=False)
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="participations",
        db_index=False,
        help_text="The participating state.",
    )
    role = models.CharField(
        max_length=20,
        choices=ParticipantRole.choices,
        default=ParticipantRole.PARTICIPANT,
        help_text="The state's part in the event. Arms transfers are directed: supplier and recipient.",
    )

    class Meta:
        ordering = ["event", "state"]
        constraints = [
            models.UniqueConstraint(fields=["event", "state"], name="participant_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["state", "role"]),
            # A state's events read from the index alone (claims?state= hashes them: 85,000 for IRN at 300k).
            models.Index(fields=["state", "event"], name="participant_state_event_idx"),
        ]

    def __str__(self):
        return f"{self.state_id} as {self.get_role_display().lower()}"


# --- Relationships -------------------------------------------------------


class RelationshipQuerySet(CuratedQuerySet):
    def full_text(self, text: str):
        """Ties whose summary matches ``text``, or held by a state it names."""
        return full_text_or_named_states(self, text, lambda states: Q(state_a__in=states) | Q(state_b__in=states))

    def involving(self, iso3: str):
        return self.filter(Q(state_a=iso3) | Q(state_b=iso3))

    def between(self, first: str, second: str):
        return self.filter(Q(state_a=first, state_b=second) | Q(state_a=second, state_b=first))

    def active_during(self, lower, upper):
        """Ties holding at some time in [lower, upper] (an unknown start or end is open)."""
        return self.filter(overlapping("period", lower, upper))


@track_history(exclude=["search", "period"])
class Relationship(Keyed, Publishable, Period):
    kind = models.CharField(
        max_length=40,
        choices=RelationshipKind.choices,
        help_text="The kind of tie. For directed kinds state A supplies, buys or backs; state B receives.",
    )
    state_a = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="relationships_as_a",
        verbose_name="state A",
        help_text="For a directed kind, the supplier, buyer or backer. For a symmetric kind either state "
        "(they are stored in alphabetical order).",
    )
    state_b = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="relationships_as_b",
        verbose_name="state B",
        help_text="The other state: for a directed kind, the one that receives.",
    )
    founding_event = optional_reference(
        Event,
        related_name="founded_relationships",
        help_text="The event that founded the tie, e.g. the signing of a treaty. Optional.",
    )
    summary = models.TextField(blank=True, help_text="The tie in the editors' own words.")
    period = models.GeneratedField(
        expression=MakeDateRange(RangeLower("start"), RangeUpper("end")),
        output_field=DateRangeField(),
        db_persist=True,
        help_text="The period the tie holds; open ends are unbounded.",
    )
    search = search_vector(("summary", "B"))

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["state_a", "state_b", "kind"]
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["state_b"]),
            GistIndex(fields=["period"]),
            # The admin's search finds part of a key (curation.admin.search).
            trigram_index("slug", "relationship_slug_trigram_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(state_a=F("state_b")), name="relationship_two_different_states"),
            models.CheckConstraint(
                condition=Q(kind__in=sorted(DIRECTED_RELATIONSHIP_KINDS)) | Q(state_a__lt=F("state_b")),
                name="relationship_symmetric_kind_in_canonical_order",
            ),
            ExclusionConstraint(
                name="relationship_no_overlapping_same_tie",
                expressions=[
                    ("state_a", RangeOperators.EQUAL),
                    ("state_b", RangeOperators.EQUAL),
                    ("kind", RangeOperators.EQUAL),
                    ("period", RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self):
        arrow = "→" if self.is_directed else "–"
        return f"{self.state_a_id} {arrow} {self.state_b_id}: {self.get_kind_display()}"

    @property
    def is_directed(self) -> bool:
        return self.kind in DIRECTED_RELATIONSHIP_KINDS

    def canonicalize(self) -> None:
        """Put a symmetric tie's states in alphabetical order, as the database requires."""
        if not self.is_directed and self.state_a_id and self.state_b_id and self.state_a_id > self.state_b_id:
            self.state_a_id, self.state_b_id = self.state_b_id, self.state_a_id

    def clean(self):
        if self.state_a_id and self.state_a_id == self.state_b_id:
            raise ValidationError({"state_b": "A relationship needs two different states."})
        super().clean()
        self.canonicalize()

    def save(self, *args, **kwargs):
        self.canonicalize()
        super().save(*args, **kwargs)

    @property
    def period_display(self) -> str:
        start = self.start_display or "?"
        end = self.end_display or "ongoing"
        return f"{start} – {end}"


class RelationshipFoundingWords(models.Model):
    """The words of a relationship's founding event, kept beside the relationship so that an index finds it by them.

    The admin finds a relationship by its founding event's words (``RelationshipAdmin.search_elsewhere``). Read
    through the events, a common word meant reading every event that holds it (19,000 for "artillery" at 300,000
    events, 49-57 ms of SQL) to keep the few that found a tie. Here one index on the relationships' side answers it.

    Kept by the database, not by ``save()``: triggers (migration 0015) copy the founding event's ``search`` when a
    relationship is written and when an event's words change, whoever writes (admin, CSV import, SQL); the row goes
    with its relationship (``ON DELETE CASCADE``). Not a record: no history, no export, never edited.
    """

    relationship = models.OneToOneField(
        Relationship,
        on_delete=models.DO_NOTHING,  # the database deletes the row with its relationship (ON DELETE CASCADE)
        db_constraint=False,  # that constraint is the migration's, with its cascade
        primary_key=True,
        related_name="founding_words",
    )
    search = SearchVectorField(help_text="The founding event's search vector, as the event's row holds it.")

    class Meta:
        indexes = [GinIndex(fields=["search"], name="relationship_founding_words")]

    def __str__(self):
        return f"words of the event that founded {self.relationship_id}"
