"""The claims about an event or relationship on its admin page, and the event list's claim counts."""

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse

from curation.admin.base import count_per_record
from curation.admin.forms import NEXT_VAR
from curation.registry import FollowUp

from ..models import Claim


class ClaimShownInline(admin.TabularInline):
    """Claims about a record, listed read-only with a link to each claim, and a link that adds one.

    "Add a claim about this event" opens the claim form with the event filled in;
    saving it comes back to the event's page.
    """

    model = Claim
    fields = ("statement", "claimant", "stance", "credibility", "assessment", "status")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False
    verbose_name_plural = "claims about it"
    template = "admin/curation/tabular_with_add_link.html"

    def has_add_permission(self, request, obj=None):
        return False  # not here, row by row: the link opens the whole claim form

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.add_link = None
        if obj is not None and obj.pk is not None and may_add_claims(request):
            url = claim_about_url(request, obj, self.fk_name, back=request.path)
            formset.add_link = (url, f"Add a claim about this {obj._meta.verbose_name}")
        return formset


def may_add_claims(request) -> bool:
    return request.user.has_perm("sources.add_claim")


def claim_about_url(request, record, field: str, *, back: str) -> str:
    """The claim form with ``field`` (event, relationship) set to ``record``; saving returns to ``back``."""
    query = urlencode({field: record.pk, NEXT_VAR: back})
    return f"{reverse('admin:sources_claim_add')}?{query}"


def add_claim_follow_up(field: str) -> FollowUp:
    """The "Save and add a claim about it" button of an event's or relationship's form."""

    def url(request, record):
        opts = record._meta
        back = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        return claim_about_url(request, record, field, back=back)

    return FollowUp(label="Save and add a claim about it", allowed=may_add_claims, url=url)


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
