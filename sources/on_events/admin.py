"""The claims about an event or relationship on its admin page, and the event list's claim counts."""

from django.contrib import admin

from curation.admin.base import count_per_record

from ..models import Claim


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
