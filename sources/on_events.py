"""What the evidence adds to events and relationships, which know nothing of it.

``events`` never imports ``sources``; ``sources`` contributes, through
``curation.registry`` (registered in ``SourcesConfig.ready``):

- in the admin, the claims about an event or relationship on its page, and an
  event list's claim count (for the page shown only);
- in the API, each event's and relationship's ``claim_counts`` (public claims by
  stance) and ``claims_url`` (the claims list filtered to it).
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from curation.admin.base import count_per_record
from curation.registry import AdminContribution, ApiContribution, Registry
from events.api.serializers import EventSerializer, RelationshipSerializer
from events.models import Event, Relationship

from .choices import Stance
from .models import Claim

# --- admin -------------------------------------------------------------------


class ClaimShownInline(admin.TabularInline):
    """Claims about a record, listed read-only with a link to each claim."""

    model = Claim
    fields = ("statement", "claimant", "stance", "credibility", "assessment", "status")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False
    verbose_name_plural = "claims about it"

    def has_add_permission(self, request, obj=None):
        return False


class ClaimsOnEventInline(ClaimShownInline):
    fk_name = "event"


class ClaimsOnRelationshipInline(ClaimShownInline):
    fk_name = "relationship"


def count_event_claims(events: list) -> None:
    counts = count_per_record(Claim.objects.all(), "event", events)
    for event in events:
        event.claim_total = counts.get(event.pk, 0)


@admin.display(description="claims")
def event_claim_count(event) -> int:
    return event.claim_total


# --- API ---------------------------------------------------------------------

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


def contribute(registry: Registry) -> None:
    registry.contribute_to_admin(
        Event,
        AdminContribution(
            inlines=(ClaimsOnEventInline,), columns=(event_claim_count,), prepare_page=count_event_claims
        ),
    )
    registry.contribute_to_admin(Relationship, AdminContribution(inlines=(ClaimsOnRelationshipInline,)))
    registry.contribute_to_api(EventSerializer, claim_fields("event"))
    registry.contribute_to_api(RelationshipSerializer, claim_fields("relationship"))
