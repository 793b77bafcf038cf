"""Sources (documents), the claims found in them, and the citations linking the two."""

import pghistory
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.functions import JSONObject, Upper

from curation.history.tracking import history_index, insert_event, track_history, tracked_by
from curation.models import (
    Audited,
    CuratedQuerySet,
    Keyed,
    Publishable,
    Retractable,
    any_row,
    dated,
    few_keys,
    optional_reference,
    search_vector,
    trigram_index,
    web_search,
)
from curation.web_addresses import WebAddressField
from curation.workflow.status import EditorialStatus
from events.models import Event, EventParticipant, Relationship, State

from .choices import Assessment, Attribution, Credibility, LinkKind, Reliability, SourceKind, Stance


class SourceQuerySet(CuratedQuerySet):
    """Sources; each row carries its ``claim_count`` (kept by the database), so none is annotated."""


@track_history(exclude=["search", "origins", "claim_count"])
class Source(
    Keyed,
    Publishable,
    dated(
        "published",
        "publication date",
        "When it was published: YYYY, YYYY-MM or YYYY-MM-DD. Leave empty if unknown.",
    ),
    dated(
        "retrieved",
        "retrieved on",
        "When an editor last opened the document at its URL: YYYY, YYYY-MM or YYYY-MM-DD. Leave empty if unknown.",
    ),
):
    title = models.CharField(
        max_length=500, help_text="The document's title. If it has none, a descriptive one in [brackets]."
    )
    publisher = models.CharField(max_length=200, blank=True, help_text="Who published it. Leave empty if unknown.")
    authors = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="Authors' names. Leave empty if unknown.",
    )
    url = WebAddressField(
        "URL",
        max_length=1000,
        blank=True,
        help_text="Only a URL you have seen; never guess one. http(s)://, as the address bar shows it.",
    )
    archive_url = WebAddressField(
        "archive URL",
        max_length=1000,
        blank=True,
        help_text="A snapshot of the document in a web archive (web.archive.org, archive.today) that you have "
        "opened; never guess one. http(s)://, as the address bar shows it.",
    )
    kind = models.CharField(max_length=30, choices=SourceKind.choices, help_text="What kind of document it is.")
    reliability = models.CharField(
        max_length=1,
        choices=Reliability.choices,
        default=Reliability.F,
        help_text="Admiralty grade of the source, judged independently of any single claim: "
        "A completely reliable ... E unreliable, F cannot be judged.",
    )
    notes = models.TextField(blank=True, help_text="Editors' notes: how the source is known, caveats.")
    based_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="relied_on_by",
        verbose_name="based on",
        help_text="The sources this one relies on, when it names them (an article repeating a Reuters report). "
        "Sources that lead back to the same origin count as one piece of evidence.",
    )
    # Kept by database triggers (migration 0009) from ``based_on``: the sources at the end of its
    # chains. Empty when it relies on nothing named: it is its own origin.
    origins = ArrayField(models.BigIntegerField(), default=list, db_default=[], editable=False)
    # Kept by database triggers (migration 0013): the public claims (``ClaimQuerySet.public``) citing
    # it. Counted once per write, so that a page of sources never counts the claims of a SIPRI
    # (28,699) or an ATOP (11,091) for each row; what the application writes here is ignored.
    claim_count = models.IntegerField(
        "public claims",
        default=0,
        db_default=0,
        editable=False,
        help_text="The published claims about published subjects that cite it (what readers see).",
    )
    search = search_vector(("title", "A"), ("publisher", "B"))

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["reliability"]),
            # The API's publisher filter matches in any case (UPPER(publisher) = UPPER(...)).
            models.Index(Upper("publisher"), name="source_publisher_any_case_idx"),
            # Date windows are range overlaps (&&), which a GiST index answers.
            GistIndex(fields=["published"], name="source_published_gist"),
            # The admin's search finds part of a key or of the notes (curation.admin.search).
            trigram_index("slug", "source_slug_trigram_idx"),
            trigram_index("notes", "source_notes_trigram_idx"),
            # The API's ordering=claim_count and -claim_count (then key), read in index order: a page
            # costs the same whatever the number of sources.
            models.Index(
                "claim_count",
                "slug",
                condition=Q(status=EditorialStatus.PUBLISHED),
                name="source_public_claims_asc_idx",
            ),
            models.Index(
                models.F("claim_count").desc(),
                "slug",
                condition=Q(status=EditorialStatus.PUBLISHED),
                name="source_public_claims_desc_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(reliability__in=Reliability.values), name="source_reliability_a_to_f"),
        ]

    def __str__(self):
        publisher = f" ({self.publisher})" if self.publisher else ""
        return f"{self.title}{publisher}"


def number_field(help_text: str) -> models.DecimalField:
    return models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True, help_text=help_text)


def not_above(lower: str, upper: str, name: str) -> models.CheckConstraint:
    """``lower`` <= ``upper`` where both are given."""
    return models.CheckConstraint(
        condition=Q(**{f"{upper}__isnull": True})
        | Q(**{f"{lower}__isnull": True})
        | Q(**{f"{lower}__lte": models.F(upper)}),
        name=name,
    )


#: A state named this many times (participations, claim tags, ties) or more is common: see ``about_state``.
COMMON_STATE_ROWS = 1000


def rows_naming(iso3: str) -> tuple[QuerySet, QuerySet, QuerySet]:
    """The keys of what names ``iso3``: the events it takes part in (from the index on (state, event)
    alone), the claims tagged with it, and its ties."""
    return (
        EventParticipant.objects.filter(state=iso3).order_by().values("event"),
        Claim.states.through.objects.filter(state=iso3).order_by().values("claim"),
        Relationship.objects.involving(iso3).order_by().values("pk"),
    )


def state_rows(iso3: str) -> int:
    """How many participations, claim tags and ties name ``iso3``, counted up to ``COMMON_STATE_ROWS``."""
    events, tagged, ties = rows_naming(iso3)
    return events.union(tagged, ties, all=True)[:COMMON_STATE_ROWS].count()


def public_claim(path: str = "") -> Q:
    """``ClaimQuerySet.public``'s condition on the claim reached by ``path`` (``"to_claim"``; ``""``: the row).

    In a correlated subquery this is checked row by row through joins, where ``claim__in=Claim.objects.public()``
    would have PostgreSQL build the set of every public claim (whole tables) for each page.
    """
    at = f"{path}__" if path else ""
    published = EditorialStatus.PUBLISHED
    return (
        Q(**{f"{at}status": published})
        & (Q(**{f"{at}event__isnull": True}) | Q(**{f"{at}event__status": published}))
        & (Q(**{f"{at}relationship__isnull": True}) | Q(**{f"{at}relationship__status": published}))
    )


class ClaimQuerySet(CuratedQuerySet):
    def public(self):
        """What readers see: published claims whose event and relationship, if any, are published too.

        A published claim about a draft event stays hidden until the event is
        published, so that no draft leaks through the claims about it.
        """
        return self.filter(public_claim())

    def about_state(self, iso3: str):
        """Claims about a state: tagged with it, or about an event it takes part in or a tie it holds.

        Two forms of one condition, chosen by how often the state is named (``state_rows``, one query
        that reads at most ``COMMON_STATE_ROWS`` index entries). A common state (IRN: 85,000
        participations at 300,000 events) is checked claim by claim along the list's order, so the
        first page stops after a few dozen claims. A rare one is found from its own rows, each through
        its index, as one set of keys: checking claim by claim would walk every claim to find a few.
        """
        if state_rows(iso3) >= COMMON_STATE_ROWS:
            return self.filter(
                models.Exists(Claim.states.through.objects.filter(claim=models.OuterRef("pk"), state=iso3))
                | models.Exists(EventParticipant.objects.filter(event=models.OuterRef("event"), state=iso3))
                | Q(relationship__state_a=iso3)
                | Q(relationship__state_b=iso3)
            )
        events, tagged, ties = rows_naming(iso3)
        by_event = Claim.objects.filter(event__in=events).order_by().values("pk")
        by_tie = Claim.objects.filter(relationship__in=ties).order_by().values("pk")
        return self.filter(pk__in=tagged.union(by_event, by_tie, all=True))

    def citing(self, source_slug: str):
        """Claims citing the published source with key ``source_slug`` (its id read first: one query)."""
        source_id = Source.objects.published().filter(slug=source_slug).values_list("pk", flat=True).first()
        return self.none() if source_id is None else self.citing_source(source_id)

    def citing_source(self, source_id: int):
        """Claims citing the source with primary key ``source_id``.

        The id is written into the query as a constant, so that PostgreSQL's statistics of the
        citations tell it how many the source has: it drives from the citations of a source cited
        three times, and walks the claims in order for SIPRI's 28,699. Reached through the source's
        key (a join), it planned for an average source, and walked all 40,000 claims to find three.
        """
        return self.filter(models.Exists(Citation.objects.filter(claim=models.OuterRef("pk"), source_id=source_id)))

    def contradicted(self, flag: bool = True):
        """Claims in a ``contradicts`` link, either way, with a public claim (or, ``flag`` false, in none)."""
        link = ClaimLink.objects.filter(kind=LinkKind.CONTRADICTS)
        either = models.Exists(link.filter(public_claim("to_claim"), from_claim=models.OuterRef("pk"))) | models.Exists(
            link.filter(public_claim("from_claim"), to_claim=models.OuterRef("pk"))
        )
        return self.filter(either if flag else ~either)

    def with_links(self):
        """Annotate ``links_out`` and ``links_in``: the claim's links with public claims, as JSON, in its row."""

        def links(own: str, other: str):
            rows = (
                ClaimLink.objects.filter(public_claim(other), **{own: models.OuterRef("pk")})
                .order_by("kind", f"{other}__slug")
                .values(json=JSONObject(kind="kind", claim=f"{other}__slug", note="note"))
            )
            return ArraySubquery(rows)

        return self.annotate(links_out=links("from_claim", "to_claim"), links_in=links("to_claim", "from_claim"))

    def full_text(self, text: str):
        """Claims whose statement or claimant match ``text`` (web search syntax, English), or that a
        published source quotes in matching words."""
        query = web_search(text)
        own = Claim.objects.filter(search=query).order_by().values_list("pk", flat=True)
        quoted = Citation.objects.of_published_sources().filter(search=query).order_by()
        # The matching keys from the two full-text indexes (few_keys): an OR of the two cannot use both indexes,
        # and PostgreSQL walked all 900,000 claims at 300,000 events for a word that no claim holds (650 ms; 57 ms
        # this way). A common word instead walks the list in its order, checking each claim, and stops at the
        # page's end (sorting 100,000 matches took 1.7 s).
        found = few_keys(own, quoted.values_list("claim_id", flat=True))
        if found is not None:
            return self.filter(pk__in=found)
        return self.filter(Q(search=query) | Q(any_row(quoted.filter(claim=models.OuterRef("pk")))))


@track_history(exclude=["search", "origin_count", "circular_reporting"])
class Claim(
    Keyed,
    Retractable,
    dated("asserted", "asserted on", "When it was asserted, at its precision. Empty if unknown."),
):
    statement = models.TextField(help_text="The assertion in the editors' own words. It is attributed, not a fact.")
    claimant = models.CharField(
        max_length=300,
        help_text="Who asserts it: a government, an agency, a named expert with their title, or 'reports'.",
    )
    event = optional_reference(Event, related_name="claims", help_text="The event the claim is about, if any.")
    relationship = optional_reference(
        Relationship, related_name="claims", help_text="The relationship the claim is about, if any."
    )
    states = models.ManyToManyField(
        State,
        blank=True,
        related_name="claims",
        help_text="States the claim is about (besides any event's participants).",
    )
    stance = models.CharField(
        max_length=20,
        choices=Stance.choices,
        default=Stance.SUPPORTS,
        help_text="Whether the claim supports or disputes its subject, or only gives context.",
    )
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices,
        default=Credibility.CANNOT_BE_JUDGED,
        help_text="Admiralty grade of the claim itself, 1 (confirmed) to 6 (cannot be judged), "
        "judged independently of the source's reliability.",
    )
    assessment = models.CharField(
        max_length=20,
        choices=Assessment.choices,
        default=Assessment.UNVERIFIED,
        help_text="The editors' conclusion about the claim. 'Disputed' is a conclusion, not a grade.",
    )
    quantity_value = number_field("A number the claim carries, e.g. 2500000.")
    quantity_lower = number_field("Lower bound of the number, if given.")
    quantity_upper = number_field("Upper bound of the number, if given.")
    quantity_unit = models.CharField(
        max_length=50, blank=True, help_text="Unit of the number: rounds, percent, troops. Required with a number."
    )
    # Kept by database triggers (migration 0009) from the citations: see sources/origins.py.
    origin_count = models.IntegerField(
        "independent origins",
        default=0,
        db_default=0,
        editable=False,
        help_text="How many independent origins the citations that support the claim lead back to.",
    )
    circular_reporting = models.BooleanField(
        default=False,
        db_default=False,
        editable=False,
        help_text="Several citations, one origin: the sources repeat each other.",
    )
    search = search_vector(("statement", "A"), ("claimant", "B"))

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        indexes = [
            models.Index(fields=["stance"]),
            models.Index(fields=["assessment"]),
            models.Index(fields=["credibility"]),
            # The claimant filter is a contains-match in any case: a trigram index answers LIKE '%...%'.
            trigram_index("claimant", "claim_claimant_trigram_idx"),
            # The admin's search finds part of a key (curation.admin.search).
            trigram_index("slug", "claim_slug_trigram_idx"),
            models.Index(fields=["slug"], condition=Q(circular_reporting=True), name="claim_circular_idx"),
            # The rows the evidence rules refuse: always empty once committed, so finding them costs nothing.
            models.Index(
                fields=["id"],
                condition=Q(assessment=Assessment.CORROBORATED, origin_count__lt=2),
                name="claim_one_origin_corrob_idx",
            ),
            models.Index(
                fields=["id"],
                condition=Q(stance=Stance.DISPUTES, event__isnull=True, relationship__isnull=True),
                name="claim_disputes_no_subject_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(credibility__gte=1, credibility__lte=6), name="claim_credibility_1_to_6"
            ),
            not_above("quantity_lower", "quantity_value", "claim_quantity_lower_not_above_value"),
            not_above("quantity_value", "quantity_upper", "claim_quantity_value_not_above_upper"),
            not_above("quantity_lower", "quantity_upper", "claim_quantity_lower_not_above_upper"),
            models.CheckConstraint(
                condition=(
                    Q(quantity_value__isnull=True, quantity_lower__isnull=True, quantity_upper__isnull=True)
                    | ~Q(quantity_unit="")
                ),
                name="claim_quantity_has_unit",
            ),
        ]

    def __str__(self):
        text = self.statement if len(self.statement) <= 90 else self.statement[:89] + "…"
        return f"{self.claimant}: {text}"

    def clean(self):
        errors = {}
        values = [self.quantity_lower, self.quantity_value, self.quantity_upper]
        present = [v for v in values if v is not None]
        if present != sorted(present):
            errors["quantity_value"] = "The number must lie between its lower and upper bounds."
        if present and not self.quantity_unit:
            errors["quantity_unit"] = "Give the unit of the number (rounds, percent, troops...)."
        if self.status == EditorialStatus.RETRACTED and not self.retraction_reason.strip():
            errors["retraction_reason"] = "Say why the claim is retracted."
        if errors:
            raise ValidationError(errors)

    @property
    def quantity_display(self) -> str:
        if self.quantity_value is None and self.quantity_lower is None and self.quantity_upper is None:
            return ""

        def number(value):
            return f"{value.normalize():,f}" if value is not None else "?"

        if self.quantity_lower is not None or self.quantity_upper is not None:
            core = f"{number(self.quantity_value)} ({number(self.quantity_lower)}–{number(self.quantity_upper)})"
        else:
            core = number(self.quantity_value)
        return f"{core} {self.quantity_unit}".strip()


# The claim-to-state links are history too: who tagged a claim with which state.
pghistory.track(
    insert_event(Claim.states.through._meta.db_table),
    pghistory.DeleteEvent(),
    model_name="ClaimStatesEvent",
    **tracked_by(),
    **history_index("claim"),
)(Claim.states.through)
# And which sources a source relies on.
pghistory.track(
    insert_event(Source.based_on.through._meta.db_table),
    pghistory.DeleteEvent(),
    model_name="SourceBasedOnEvent",
    **tracked_by(),
    **history_index("from_source"),
)(Source.based_on.through)


class CitationQuerySet(models.QuerySet):
    def of_published_sources(self):
        """What a reader may see of a claim's evidence: its citations of published sources."""
        return self.filter(source__status=EditorialStatus.PUBLISHED)

    def public(self):
        """What a reader sees as citations: of a published source, by a public claim (``ClaimQuerySet.public``)."""
        return self.of_published_sources().filter(public_claim("claim"))

    def full_text(self, text: str):
        """Citations whose quote matches ``text`` (web search syntax, English)."""
        return self.filter(search=web_search(text))

    def with_keys(self):
        """Annotate ``claim_key`` and ``source_key`` (a citation is known by the pair) for ordering and paging."""
        return self.annotate(claim_key=models.F("claim__slug"), source_key=models.F("source__slug"))


@track_history(exclude=["search"], parts_by="claim")
class Citation(Audited):
    # No index of its own: the unique (claim, source) index leads with the claim.
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations", db_index=False)
    # Indexed once, by Meta.indexes (the foreign key's own index was a second copy).
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations",
        db_index=False,
        help_text="The document in which the claim is found.",
    )
    quote = models.TextField(help_text="The claim as the source words it, copied verbatim.")
    locator = models.CharField(
        max_length=300, blank=True, help_text="Where in the source: section heading, paragraph or page."
    )
    attribution = models.CharField(
        max_length=20,
        choices=Attribution.choices,
        default=Attribution.ASSERTS,
        db_default=Attribution.ASSERTS,
        help_text="How the source words it: asserts it, reports what others said, alleges it, "
        "suggests it (might, appears to), or denies it. Choose what the quote says, not what you believe.",
    )
    search = search_vector("quote")

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "source"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "source"], name="citation_once_per_claim_and_source"),
            models.CheckConstraint(condition=~Q(quote=""), name="citation_quote_not_empty"),
        ]
        indexes = [models.Index(fields=["source"])]

    def __str__(self):
        return f"{self.claim.slug} in {self.source.slug}"


class ClaimLinkQuerySet(models.QuerySet):
    def between_public_claims(self):
        """Links a reader may see: both claims public."""
        return self.filter(public_claim("from_claim"), public_claim("to_claim"))


@track_history(parts_by="from_claim")
class ClaimLink(Audited):
    """How one claim bears on another: ``from_claim`` corroborates, contradicts, derives from (only
    repeats), supersedes or qualifies ``to_claim``.

    Part of ``from_claim`` (edited on its page, in its history). The database refuses a link of a
    claim to itself, the same link twice, and a cycle of ``derives_from``/``supersedes`` links
    (a deferred trigger, migration 0009).
    """

    from_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="links", help_text="The claim that says something of another."
    )
    to_claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="linked_from", help_text="The claim it says it of."
    )
    kind = models.CharField(
        max_length=20,
        choices=LinkKind.choices,
        help_text="Read: this claim <kind> the other one. 'Derives from': it only repeats the other.",
    )
    note = models.TextField(blank=True, help_text="Why the link holds, in a sentence.")

    objects = ClaimLinkQuerySet.as_manager()

    class Meta:
        ordering = ["from_claim", "kind", "to_claim"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_claim=models.F("to_claim")), name="claimlink_not_to_itself"),
            models.UniqueConstraint(fields=["from_claim", "to_claim", "kind"], name="claimlink_once"),
            models.CheckConstraint(condition=Q(kind__in=LinkKind.values), name="claimlink_kind_known"),
        ]
        indexes = [models.Index(fields=["to_claim", "kind"])]

    def __str__(self):
        return f"{self.from_claim.slug} {self.kind} {self.to_claim.slug}"
