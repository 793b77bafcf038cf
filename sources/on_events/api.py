"""Each event's and relationship's ``claim_counts``, ``evidence`` and ``claims_url`` in the API."""

from urllib.parse import urlencode

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Func, IntegerField, Min, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.lookups import IsNull
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from curation.registry import ApiContribution
from curation.workflow.status import EditorialStatus
from events.models import Event, Relationship

from ..choices import LinkKind, Stance
from ..models import Citation, Claim, ClaimLink, public_claim

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


def with_claim_counts(queryset, subject: str):
    """Annotate ``claim_counts_by_stance``: the public claims (``ClaimQuerySet.public``) about each
    record, counted by stance (in ``Stance.values`` order) in one subquery per row of the page.

    Written in SQL: three ORM subqueries cost more to compile than the page costs to read.
    """
    tables = {model: model._meta.db_table for model in (Claim, Event, Relationship, queryset.model)}
    published = EditorialStatus.PUBLISHED
    counts = ", ".join("count(*) FILTER (WHERE c.stance = %s)" for _ in Stance.values)
    sql = (
        f"SELECT ARRAY[{counts}] FROM {tables[Claim]} c"
        f" LEFT JOIN {tables[Event]} ce ON ce.id = c.event_id"
        f" LEFT JOIN {tables[Relationship]} cr ON cr.id = c.relationship_id"
        f' WHERE c.{subject}_id = "{tables[queryset.model]}"."id" AND c.status = %s'
        " AND (c.event_id IS NULL OR ce.status = %s) AND (c.relationship_id IS NULL OR cr.status = %s)"
    )
    params = [*Stance.values, published, published, published]
    return queryset.annotate(claim_counts_by_stance=RawSQL(sql, params, output_field=ArrayField(models.IntegerField())))


@extend_schema_field(ClaimCountsSerializer)
class ClaimCountsField(serializers.Field):
    """The public claims about the record, by stance, and their total."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        counts = dict(zip(Stance.values, record.claim_counts_by_stance, strict=True))
        counts["total"] = sum(counts.values())
        return counts


@extend_schema_field(OpenApiTypes.URI)
class ClaimsUrlField(serializers.Field):
    """The claims list, filtered to the record."""

    def __init__(self, parameter: str, **kwargs):
        self.parameter = parameter
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        # Reversed once per response: the same list for every row.
        url = self.context.get("claim_list_url")
        if url is None:
            url = self.context.setdefault(
                "claim_list_url", reverse("api:claim-list", request=self.context.get("request"))
            )
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


def first(queryset) -> Subquery:
    """The id of one of ``queryset``'s rows, or NULL when it has none."""
    return Subquery(queryset.order_by().values("pk")[:1])


def with_evidence(queryset, subject: str):
    """Annotate ``evidence_*``: one subquery each, in the rows' own query (no query per row)."""
    about = Claim.objects.public().filter(**{subject: OuterRef("pk")})

    def origins(stance: str):
        ids = ArraySubquery(about.filter(stance=stance).values("id"))
        return Func(ids, function="sources_independent_origins", output_field=IntegerField())

    grade = (
        Citation.objects.of_published_sources()
        .filter(public_claim("claim"), **{f"claim__{subject}": OuterRef("pk")})
        .order_by()
        .values(f"claim__{subject}")
        .annotate(best=Min("source__reliability"))
        .values("best")
    )
    contradicting = ClaimLink.objects.filter(
        public_claim("to_claim"),
        public_claim("from_claim"),
        **{f"to_claim__{subject}": OuterRef("pk")},
        kind=LinkKind.CONTRADICTS,
    )
    # "Is there one?" as the first one's id, not EXISTS: PostgreSQL may answer an EXISTS in the select list
    # for a whole table at once (a hashed subplan), which it picks for a LIMIT over every published record:
    # every disputing claim read for a page of 25 (740 ms of the first page's 1 s at 300,000 events). A
    # scalar subquery is asked row by row, through the indexes.
    contradicted = Q(IsNull(first(about.filter(stance="disputes")), False)) | Q(IsNull(first(contradicting), False))
    return queryset.annotate(
        evidence_supports=origins("supports"),
        evidence_disputes=origins("disputes"),
        evidence_best_grade=Subquery(grade),
        evidence_contradicted=ExpressionWrapper(Q(contradicted), output_field=BooleanField()),
    )


@extend_schema_field(EvidenceSerializer)
class EvidenceField(serializers.Field):
    """What backs the record: independent origins for and against, the best source, any contradiction."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return {
            "supports": record.evidence_supports,
            "disputes": record.evidence_disputes,
            "best_source_grade": record.evidence_best_grade,
            "contradicted": record.evidence_contradicted,
        }


def claim_fields(subject: str) -> ApiContribution:
    return ApiContribution(
        fields={
            "claim_counts": ClaimCountsField,
            "evidence": EvidenceField,
            "claims_url": lambda: ClaimsUrlField(subject),
        },
        prepare=lambda queryset: with_evidence(with_claim_counts(queryset, subject), subject),
    )
