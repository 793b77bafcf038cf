"""Each event's and relationship's ``claim_counts``, ``evidence`` and ``claims_url`` in the API."""

from urllib.parse import urlencode

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, Exists, ExpressionWrapper, Func, IntegerField, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from curation.registry import ApiContribution

from ..choices import LinkKind, Stance
from ..models import Citation, Claim, ClaimLink

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
    """Annotate ``claims_<stance>``: the public claims about each record, by stance (one subquery each)."""
    annotations = {}
    for stance in Stance.values:
        count = (
            Claim.objects.public()
            .filter(**{subject: OuterRef("pk")}, stance=stance)
            .order_by()
            .annotate(n=Func("pk", function="COUNT"))
            .values("n")
        )
        annotations[f"claims_{stance}"] = Coalesce(Subquery(count), 0)
    return queryset.annotate(**annotations)


@extend_schema_field(ClaimCountsSerializer)
class ClaimCountsField(serializers.Field):
    """The public claims about the record, by stance, and their total."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        counts = {stance: getattr(record, f"claims_{stance}") for stance in Stance.values}
        counts["total"] = sum(counts.values())
        return counts


@extend_schema_field(OpenApiTypes.URI)
class ClaimsUrlField(serializers.Field):
    """The claims list, filtered to the record."""

    def __init__(self, parameter: str, **kwargs):
        self.parameter = parameter
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        url = reverse("api:claim-list", request=self.context.get("request"))
        return url + "?" + urlencode({self.parameter: record.slug})


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


def with_evidence(queryset, subject: str):
    """Annotate ``evidence_*``: one subquery each, in the rows' own query (no query per row)."""
    about = Claim.objects.public().filter(**{subject: OuterRef("pk")})

    def origins(stance: str):
        ids = ArraySubquery(about.filter(stance=stance).values("id"))
        return Func(ids, function="sources_independent_origins", output_field=IntegerField())

    public = Claim.objects.public()
    grade = (
        Citation.objects.of_published_sources()
        .filter(**{f"claim__{subject}": OuterRef("pk")}, claim__in=public)
        .order_by()
        .values(f"claim__{subject}")
        .annotate(best=Min("source__reliability"))
        .values("best")
    )
    contradicting = ClaimLink.objects.filter(
        **{f"to_claim__{subject}": OuterRef("pk")},
        kind=LinkKind.CONTRADICTS,
        to_claim__in=public,
        from_claim__in=public,
    )
    contradicted = Exists(about.filter(stance="disputes")) | Exists(contradicting)
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
