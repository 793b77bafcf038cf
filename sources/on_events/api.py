"""Each event's and relationship's ``claim_counts``, ``evidence`` and ``claims_url`` in the API."""

from urllib.parse import urlencode

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.expressions import RawSQL
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from curation.api.json_sql import SqlJson
from curation.api.links import list_url
from curation.registry import ApiContribution
from curation.workflow.status import EditorialStatus
from events.models import Event, Relationship

from ..choices import LinkKind, Stance
from ..models import Citation, Claim, ClaimLink

#: The stances in their order (``Stance.values`` builds a new list at every call: twice per row of a page).
STANCES = tuple(Stance.values)

ClaimCountsSerializer = type(
    "ClaimCountsSerializer",
    (serializers.Serializer,),
    {
        **{
            value: serializers.IntegerField(help_text=f"Published claims: {label.lower()}.")
            for value, label in Stance.choices
        },
        "total": serializers.IntegerField(help_text="All published claims about it."),
        "Meta": type("Meta", (), {"ref_name": "ClaimCounts"}),
    },
)


def public_claim_sql(alias: str) -> tuple[str, str, list]:
    """``ClaimQuerySet.public``'s rule in SQL for the claim aliased ``alias``: the joins to its event
    (``<alias>e``) and relationship (``<alias>r``), the condition, and its parameters."""
    published = EditorialStatus.PUBLISHED
    joins = (
        f" LEFT JOIN {Event._meta.db_table} {alias}e ON {alias}e.id = {alias}.event_id"
        f" LEFT JOIN {Relationship._meta.db_table} {alias}r ON {alias}r.id = {alias}.relationship_id"
    )
    condition = (
        f"{alias}.status = %s AND ({alias}.event_id IS NULL OR {alias}e.status = %s)"
        f" AND ({alias}.relationship_id IS NULL OR {alias}r.status = %s)"
    )
    return joins, condition, [published, published, published]


def public_claims_about(table: str, subject: str) -> tuple[str, list]:
    """``FROM`` and ``WHERE`` of the public claims (``ClaimQuerySet.public``), aliased ``c``, about each
    row of ``table``, with their parameters: the body of a correlated subquery."""
    joins, condition, params = public_claim_sql("c")
    sql = f' FROM {Claim._meta.db_table} c{joins} WHERE c.{subject}_id = "{table}"."id" AND {condition}'
    return sql, params


#: The public claims of one stance (the parameter), as an SQL aggregate over ``c``.
STANCE_COUNT = "count(*) FILTER (WHERE c.stance = %s)"


def stance_counts() -> tuple[str, list]:
    """The public claims of each stance (in ``STANCES`` order), as SQL aggregates over ``c``."""
    return ", ".join(STANCE_COUNT for _ in STANCES), list(STANCES)


def with_claim_counts(queryset, subject: str):
    """Annotate ``claim_counts_by_stance``: the public claims (``ClaimQuerySet.public``) about each
    record, counted by stance (in ``STANCES`` order) in one subquery per row of the page.

    Written in SQL: three ORM subqueries cost more to compile than the page costs to read.
    """
    counts, count_params = stance_counts()
    about, about_params = public_claims_about(queryset.model._meta.db_table, subject)
    sql = f"SELECT ARRAY[{counts}]{about}"
    return queryset.annotate(
        claim_counts_by_stance=RawSQL(
            sql, [*count_params, *about_params], output_field=ArrayField(models.IntegerField())
        )
    )


#: The columns of ``claim_summary_sql``, in order: the counts by stance, then the evidence summary.
SUMMARY_COLUMNS = (
    *(f"claims_{stance}" for stance in STANCES),
    "origins_supporting",
    "origins_disputing",
    "best_source_grade",
    "contradicted",
)


def claim_summary_sql(table: str, subject: str) -> tuple[str, list]:
    """A one-row subquery over the public claims about the row of ``table`` (``ClaimQuerySet.public``):
    their counts by stance (in ``STANCES`` order), then the evidence summary (``EvidenceSerializer``):
    independent origins supporting and disputing it, the best grade of a published source they cite, and
    whether it is contradicted; the columns named as in ``SUMMARY_COLUMNS``.

    Written in SQL, as one pass over the record's claims: built with the ORM (five correlated
    subqueries over the claims, each joined to their events and relationships), the query cost more to
    build and compile in Python (7 ms of a detail's 30 at 300,000 events), and more to plan in
    PostgreSQL (10 ms), than to run (3 ms).
    """
    published = EditorialStatus.PUBLISHED
    about, about_params = public_claims_about(table, subject)
    tables = {model: model._meta.db_table for model in (Citation, ClaimLink, Claim)}
    source_table = Citation._meta.get_field("source").related_model._meta.db_table
    # No claim of the stance, no origin: the function is not called. Its plan is kept per connection
    # (sources/migrations/0015: PostgreSQL 18 planned every call afresh).
    origins = (
        "CASE WHEN bool_or(c.stance = %s) THEN sources_independent_origins(array_agg(c.id) FILTER"
        " (WHERE c.stance = %s)) ELSE 0 END"
    )
    # The claims' ids are aggregated once; the grade and the contradicting links are looked up by them.
    best_grade = (
        f"(SELECT min(s.reliability) FROM {tables[Citation]} ci JOIN {source_table} s ON s.id = ci.source_id"
        " WHERE ci.claim_id = ANY(array_agg(c.id)) AND s.status = %s)"
    )
    from_joins, from_public, from_params = public_claim_sql("f")
    contradicting = (
        f"EXISTS (SELECT 1 FROM {tables[ClaimLink]} l JOIN {tables[Claim]} f ON f.id = l.from_claim_id{from_joins}"
        f" WHERE l.to_claim_id = ANY(array_agg(c.id)) AND l.kind = %s AND {from_public})"
    )
    values = [
        *(STANCE_COUNT for _ in STANCES),
        origins,
        origins,
        best_grade,
        f"coalesce(bool_or(c.stance = %s), false) OR {contradicting}",
    ]
    columns = ", ".join(f"{value} AS {name}" for value, name in zip(values, SUMMARY_COLUMNS, strict=True))
    params = [
        *STANCES,
        Stance.SUPPORTS,
        Stance.SUPPORTS,
        Stance.DISPUTES,
        Stance.DISPUTES,
        published,
        Stance.DISPUTES,
        LinkKind.CONTRADICTS,
        *from_params,
        *about_params,
    ]
    return f"SELECT {columns}{about}", params


def with_claim_summary(queryset, subject: str):
    """Annotate ``claim_summary``: ``claim_summary_sql``'s columns as a JSON array, one subquery per row."""
    summary, params = claim_summary_sql(queryset.model._meta.db_table, subject)
    listed = ", ".join(f"cs.{name}" for name in SUMMARY_COLUMNS)
    sql = f"SELECT json_build_array({listed}) FROM ({summary}) cs"
    # psycopg reads a json value (json_build_array's) into Python itself; JSONField would decode it again.
    return queryset.annotate(claim_summary=RawSQL(sql, params, output_field=models.Field()))


def claim_fields_sql(subject: str, table: str, links) -> SqlJson:
    """``claim_counts``, ``evidence`` and ``claims_url`` in SQL (``curation.api.json_sql``): what the
    fields below give, read from one ``claim_summary_sql`` per row."""
    summary, params = claim_summary_sql(table, subject)
    counts = ", ".join(f"'{stance}', cs.claims_{stance}" for stance in STANCES)
    total = " + ".join(f"cs.claims_{stance}" for stance in STANCES)
    evidence = (
        "json_build_object('supports', cs.origins_supporting, 'disputes', cs.origins_disputing,"
        " 'best_source_grade', cs.best_source_grade, 'contradicted', cs.contradicted)"
    )
    # urlencode({subject: key}) is the key itself: keys are URL-safe (SLUG_REGEX).
    claims_url = links.list("api:claim-list") + "?" + urlencode({subject: ""})
    return SqlJson(
        (
            ("claim_counts", f"json_build_object({counts}, 'total', {total})"),
            ("evidence", evidence),
            ("claims_url", f'%s || "{table}".slug'),
        ),
        (claims_url,),
        (("cs", summary),),
        tuple(params),
    )


@extend_schema_field(ClaimCountsSerializer)
class ClaimCountsField(serializers.Field):
    """The public claims about the record, by stance, and their total."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        counts = dict(zip(STANCES, record.claim_summary[: len(STANCES)], strict=True))
        counts["total"] = sum(counts.values())
        return counts


@extend_schema_field(OpenApiTypes.URI)
class ClaimsUrlField(serializers.Field):
    """The claims list, filtered to the record."""

    def __init__(self, parameter: str, **kwargs):
        self.parameter = parameter
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        # Made absolute once per response: the same list for every row.
        url = self.context.get("claim_list_url")
        if url is None:
            url = self.context.setdefault("claim_list_url", list_url(self.context.get("request"), "api:claim-list"))
        return url + "?" + urlencode({self.parameter: record.slug})


def with_claim_count(queryset, subject: str):
    """Annotate ``claim_count``: the public claims about each record (one subquery), to sort by."""
    count = (
        Claim.objects.public()
        .filter(**{subject: models.OuterRef("pk")})
        .order_by()
        .annotate(n=models.Func("pk", function="COUNT"))
        .values("n")
    )
    return queryset.annotate(claim_count=models.functions.Coalesce(models.Subquery(count), 0))


class EvidenceSerializer(serializers.Serializer):
    supports = serializers.IntegerField(
        help_text="Independent origins behind the published claims that support it (sources relying on the "
        "same origin, or only reporting unnamed reports, count once)."
    )
    disputes = serializers.IntegerField(help_text="Independent origins behind the published claims that dispute it.")
    best_source_grade = serializers.CharField(
        allow_null=True, help_text="The best reliability grade (A-F) among the published sources its claims cite."
    )
    contradicted = serializers.BooleanField(
        help_text="A published claim disputes it, or contradicts one of the published claims about it."
    )

    class Meta:
        ref_name = "EvidenceSummary"


@extend_schema_field(EvidenceSerializer)
class EvidenceField(serializers.Field):
    """What backs the record: independent origins for and against, the best source, any contradiction."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        supports, disputes, best_source_grade, contradicted = record.claim_summary[len(STANCES) :]
        return {
            "supports": supports,
            "disputes": disputes,
            "best_source_grade": best_source_grade,
            "contradicted": contradicted,
        }


def claim_fields(subject: str) -> ApiContribution:
    return ApiContribution(
        fields={
            "claim_counts": ClaimCountsField,
            "evidence": EvidenceField,
            "claims_url": lambda: ClaimsUrlField(subject),
        },
        prepare=lambda queryset: with_claim_summary(queryset, subject),
        json_sql=lambda table, links: claim_fields_sql(subject, table, links),
    )
