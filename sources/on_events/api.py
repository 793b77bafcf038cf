"""Each event's and relationship's ``claim_counts`` and ``claims_url`` in the API."""

from urllib.parse import urlencode

from django.db.models import Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from curation.registry import ApiContribution

from ..choices import Stance
from ..models import Claim

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


def claim_fields(subject: str) -> ApiContribution:
    return ApiContribution(
        fields={"claim_counts": ClaimCountsField, "claims_url": lambda: ClaimsUrlField(subject)},
        prepare=lambda queryset: with_claim_counts(queryset, subject),
    )
